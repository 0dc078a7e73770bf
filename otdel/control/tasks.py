"""Every periodic job of the department, with its time (server time, settings.TIME_ZONE).

One module for the whole schedule so that a reader sees in one place what runs when. It sits in
control, the lowest layer above every app whose rules it runs (algorithm, segments, plans), and
huey finds it as it finds every app's tasks.py. Each job only calls its app's function, which is
also a management command, so a job can be run or repeated by hand.

Every consumer schedules the periodic jobs, so with two consumers (or two machines) each rule
would run twice: @once_per_hour takes a lock in the database first (control.models.PeriodicRun,
unique by job and hour), and the consumer that loses skips. Running a rule by hand (the command)
takes no lock: the rules are safe to repeat, the lock only keeps the history from doubling."""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from otdel.algorithm.enforcement import enforce_rules
from otdel.clients.services import client_watch
from otdel.reports.mail import send_weekly_reports
from otdel.segments.services import run_handoff, segment

from . import services

logger = logging.getLogger(__name__)


def once_per_hour(job: Callable[[], Any]) -> Callable[[], Any]:
    """Run the job unless another run took this hour's lock; a failed run frees it again."""

    @wraps(job)
    def run() -> Any:
        claimed = services.periodic_run_claim(job=job.__name__)
        if claimed is None:
            logger.info("%s: this hour's run is taken by another consumer, skipped", job.__name__)
            return None
        try:
            result = job()
        except BaseException:
            services.periodic_run_release(run=claimed)
            raise
        services.periodic_run_finish(run=claimed, result=result)
        return result

    return run


@db_periodic_task(crontab(minute="7"))
@once_per_hour
def enforce_rules_hourly() -> dict[str, int]:
    """Every hour at :07: the algorithm's deadlines, triage blocks and reassignments
    (`otdel enforce-rules`)."""
    return enforce_rules()


@db_periodic_task(crontab(hour="2", minute="30"))
@once_per_hour
def segment_and_hand_off_nightly() -> dict[str, object]:
    """Every night at 02:30, when yesterday's order history is complete: ABC(D) classes first,
    then hand-offs to the farmers (`otdel segment`, `otdel handoff`)."""
    summary = segment(as_of=timezone.localdate(), criteria="all")
    return {"segmentation": summary, "handoff": run_handoff()}


@db_periodic_task(crontab(hour="3", minute="0"))
@once_per_hour
def client_watch_nightly() -> dict[str, object]:
    """Every night at 03:00, after the classes and hand-offs: each client's next step and his
    order rhythm's alerts, dormant A and B clients escalated (`otdel client-watch`)."""
    return client_watch(as_of=timezone.localdate()).as_dict()


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="0"))
@once_per_hour
def weekly_report_on_monday() -> int:
    """Mondays at 08:00: each head's e-mail of the week just over, who is behind the plan, with
    the weekly report as a PDF (`otdel weekly-report --mail`)."""
    return len(send_weekly_reports(today=timezone.localdate()))
