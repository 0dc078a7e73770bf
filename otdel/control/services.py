"""Control's one write (METHOD 8): the head marks a manager's working-list review done."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.org.models import User
from otdel.refusal import RuleRefused

from . import selectors
from .models import WorkingListReview

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
