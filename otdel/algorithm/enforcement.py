"""The periodic enforcement of METHOD 4, set-based over the whole base.

Run hourly by the job queue and by `otdel enforce-rules`; both call enforce_rules(). Each rule
writes the history rows of the companies it changes with one INSERT ... SELECT and marks them
with one UPDATE, whatever their number. A rule marks what it did (warned on, triage since, ...), so a
second run finds nothing left to do.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from otdel.base.models import Company, CompanyEvent
from otdel.base.services import record_and_update
from otdel.stages import config
from otdel.stages.models import StageKind

from . import rules, selectors
from .models import RuleSettings

Kind = CompanyEvent.Kind


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def deadline_warnings(today: date, settings: RuleSettings) -> QuerySet[Company]:
    """rules.in_warning_window over the base: clocks in their last days, not yet warned."""
    last_day = today + timedelta(days=settings.warn_days_before)
    return Company.objects.filter(
        selectors.clock_running(),
        work_deadline__gte=today,
        work_deadline__lte=last_day,
        deadline_warned_on__isnull=True,
    )


def expired(today: date) -> QuerySet[Company]:
    """rules.is_expired over the base: clocks past their deadline, not yet in triage."""
    return Company.objects.filter(
        selectors.clock_running(), work_deadline__lt=today, triage_since__isnull=True
    )


def companies_due_for_reassignment(today: date, settings: RuleSettings) -> QuerySet[Company]:
    """rules.due_for_reassignment over the whole base: the companies in work, not yet marked,
    whose owner has held them since the cutoff day (a local date) or earlier."""
    cutoff = rules.reassignment_cutoff(today, settings.reassign_after_days)
    return Company.objects.filter(
        selectors.clock_running(),
        owned_since__lt=_start_of_day(cutoff + timedelta(days=1)),
        reassign_due_since__isnull=True,
    )


def due_for_call_round(today: date) -> QuerySet[Company]:
    """rules.reactivation_due over the base: archived companies whose date has come, not yet
    called round."""
    return Company.objects.filter(
        section__in=selectors.ARCHIVE_SECTIONS,
        reactivation_date__lte=today,
        call_round_since__isnull=True,
    )


def apply_deadline_warnings(today: date, settings: RuleSettings) -> int:
    return record_and_update(
        deadline_warnings(today, settings),
        kind=Kind.DEADLINE_WARNING,
        rule="deadline_warning",
        acting_user=None,
        old_value=Value(""),
        new_value=F("work_deadline"),
        updates={"deadline_warned_on": today},
    )


def apply_expiry(today: date) -> int:
    return record_and_update(
        expired(today),
        kind=Kind.TRIAGE,
        rule="work_deadline",
        acting_user=None,
        old_value=Value(""),
        new_value=F("work_deadline"),
        updates={"triage_since": today},
    )


def apply_three_month_rule(today: date, settings: RuleSettings) -> int:
    return record_and_update(
        companies_due_for_reassignment(today, settings),
        kind=Kind.REASSIGN_DUE,
        rule="three_month_rule",
        acting_user=None,
        old_value=Value(""),
        new_value=TruncDate("owned_since"),
        updates={"reassign_due_since": today},
    )


def apply_call_round(today: date) -> int:
    call_round = config.current().first(StageKind.CALL_ROUND)
    return record_and_update(
        due_for_call_round(today),
        kind=Kind.STATE,
        rule="call_round",
        acting_user=None,
        old_value=F("state"),
        new_value=Value(call_round),
        updates={"call_round_since": today, "state": call_round},
    )


def enforce_rules(*, today: date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Apply every rule once; returns what each did. A dry run reports and writes nothing.

    Each rule commits on its own: the companies a rule changes stay locked against the users'
    edits until its transaction ends, and a rule over a million companies takes seconds, so
    one transaction for all would lock each for the whole run (make load: edits waited 16-24 s).
    A rule marks what it did, so a run cut short leaves the rest to the next. A dry run is one
    transaction, rolled back: each rule then counts after the ones before it, as a run would."""
    today = today or timezone.localdate()
    settings = RuleSettings.load()
    steps: dict[str, Callable[[], int]] = {
        "warned": lambda: apply_deadline_warnings(today, settings),
        "expired": lambda: apply_expiry(today),
        "to_reassign": lambda: apply_three_month_rule(today, settings),
        "reactivated": lambda: apply_call_round(today),
        "blocked_managers": lambda: selectors.blocked_managers(today, settings).count(),
    }
    result: dict[str, int] = {}
    if dry_run:
        with transaction.atomic():
            result = {key: step() for key, step in steps.items()}
            transaction.set_rollback(True)
    else:
        for key, step in steps.items():
            with transaction.atomic():
                result[key] = step()
    return {
        key: result[key]
        for key in ("expired", "warned", "blocked_managers", "to_reassign", "reactivated")
    }
