"""Control's writes: the head marks a manager's working-list review done (METHOD 8); the
periodic rules take their hour's lock before they run (control/tasks.py)."""

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.org.models import User
from otdel.refusal import RuleRefused

from . import selectors
from .models import PeriodicRun, WorkingListReview

COMMENT_MAX = 4000


@transaction.atomic
def review_complete(
    *, manager: User, comment: str, acting_user: User, today: date | None = None
) -> WorkingListReview:
    """Mark the manager's working-list review done with the head's comment; the row keeps what
    the review showed (completeness and the number of each finding), and is never changed
    afterwards: the reviews are the history the manager reads."""
    comment = comment.strip()
    if not comment:
        raise RuleRefused(_("Write what you found and what the manager is to do."), field="comment")
    if len(comment) > COMMENT_MAX:
        raise RuleRefused(
            _("The comment is longer than %(max)s characters.") % {"max": COMMENT_MAX},
            field="comment",
        )
    # Only the head of the manager's team reviews him (404 to anyone else, as on the page).
    manager, may_review = selectors.access_review(acting_user, manager.pk)
    if not may_review:
        raise RuleRefused(_("Only the head of your team reviews your working list."))
    review = selectors.review_of(manager, today or timezone.localdate())
    return WorkingListReview.objects.create(
        manager=manager,
        reviewer=acting_user,
        done_at=timezone.now(),
        comment=comment,
        completeness=review.completeness,
        findings=review.findings,
    )


def hour_slot(now: datetime | None = None) -> datetime:
    """The hour a periodic rule runs for: the local hour started, so a half-hour time zone and
    the change of summer time keep one slot per hour of the clock."""
    return timezone.localtime(now or timezone.now()).replace(minute=0, second=0, microsecond=0)


def periodic_run_claim(*, job: str, now: datetime | None = None) -> PeriodicRun | None:
    """Take the job's lock for this hour: the new run, or None when another consumer (or an
    earlier run of the same hour) has it already. Committed at once, before the work starts, so
    a second consumer waiting on the unique index sees it and skips."""
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(job=job, slot=hour_slot(now))
    except IntegrityError:
        return None


@transaction.atomic
def periodic_run_finish(*, run: PeriodicRun, result: Any) -> None:
    """Keep when the run ended and what it did (the rule's summary, as the command prints)."""
    PeriodicRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), result=result)


@transaction.atomic
def periodic_run_release(*, run: PeriodicRun) -> None:
    """The run failed (its work rolled back): free the hour so that a retry runs it again."""
    PeriodicRun.objects.filter(pk=run.pk).delete()
