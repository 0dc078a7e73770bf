"""The periodic enforcement of METHOD 4, set-based over the whole base.

Run hourly by the job queue and by `otdel enforce-rules`; both call enforce_rules(). Each rule
selects the companies it changes with one query, writes their history rows in bulk and marks
them with one UPDATE per chunk. A rule marks what it did (warned on, triage since, ...), so a
second run finds nothing left to do.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from otdel.base.models import Company, CompanyEvent, State
from otdel.base.services import bulk_change

from . import rules, selectors
from .models import RuleSettings

Kind = CompanyEvent.Kind


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def deadline_warnings(today: date, settings: RuleSettings) -> QuerySet[Company]:
    last_day = today + timedelta(days=settings.warn_days_before)
    return Company.objects.filter(
        selectors.CLOCK_RUNNING,
        work_deadline__gte=today,
        work_deadline__lte=last_day,
        deadline_warned_on__isnull=True,
    )


def expired(today: date) -> QuerySet[Company]:
    return Company.objects.filter(
        selectors.CLOCK_RUNNING, work_deadline__lt=today, triage_since__isnull=True
    )


def due_for_reassignment(today: date, settings: RuleSettings) -> QuerySet[Company]:
    cutoff = rules.reassignment_cutoff(today, settings.reassign_after_days)
    return Company.objects.filter(
        selectors.CLOCK_RUNNING,
        owned_since__lt=_start_of_day(cutoff + timedelta(days=1)),
        reassign_due_since__isnull=True,
    )


def due_for_call_round(today: date) -> QuerySet[Company]:
    return Company.objects.filter(
        section__in=selectors.ARCHIVE_SECTIONS,
        reactivation_date__lte=today,
        call_round_since__isnull=True,
    )


def _with_date(companies: QuerySet[Company], field: str) -> list[tuple[int, None, str]]:
    """History rows for a rule that marks a date: the date it is about, as the new value."""
    rows = []
    for pk, value in companies.values_list("pk", field):
        day = timezone.localdate(value) if isinstance(value, datetime) else value
        rows.append((pk, None, day.isoformat()))
    return rows


def enforce_rules(*, today: date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Apply every rule once; returns what each did. A dry run reports and writes nothing."""
    today = today or timezone.localdate()
    settings = RuleSettings.load()
    with transaction.atomic():
        warned = bulk_change(
            _with_date(deadline_warnings(today, settings), "work_deadline"),
            kind=Kind.DEADLINE_WARNING, rule="deadline_warning", acting_user=None,
            updates={"deadline_warned_on": today},
        )  # fmt: skip
        expired_count = bulk_change(
            _with_date(expired(today), "work_deadline"),
            kind=Kind.TRIAGE, rule="work_deadline", acting_user=None,
            updates={"triage_since": today},
        )  # fmt: skip
        to_reassign = bulk_change(
            _with_date(due_for_reassignment(today, settings), "owned_since"),
            kind=Kind.REASSIGN_DUE, rule="three_month_rule", acting_user=None,
            updates={"reassign_due_since": today},
        )  # fmt: skip
        reactivated = bulk_change(
            [(pk, state, State.CALL_ROUND) for pk, state in
             due_for_call_round(today).values_list("pk", "state")],
            kind=Kind.STATE, rule="call_round", acting_user=None,
            updates={"call_round_since": today, "state": State.CALL_ROUND},
        )  # fmt: skip
        blocked = selectors.blocked_managers(today, settings).count()
        if dry_run:
            transaction.set_rollback(True)
    return {
        "expired": expired_count,
        "warned": warned,
        "blocked_managers": blocked,
        "to_reassign": to_reassign,
        "reactivated": reactivated,
    }
