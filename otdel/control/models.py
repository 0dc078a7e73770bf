"""The head's review of a manager's working list (METHOD 8): each review done is kept, never
changed, so the rows are the review's history, which the manager reviewed reads too."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingListReview(models.Model):
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="list_reviews",
        verbose_name=_("manager"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    done_at = models.DateTimeField(_("reviewed"))
    comment = models.TextField(_("comment"))
    # What the review page showed when it was marked done: the completeness score and the
    # number of each finding (control.selectors.Review.findings), to compare with the next.
    completeness = models.PositiveSmallIntegerField(_("data completeness, %"))
    findings = models.JSONField(_("findings"), default=dict)

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name = _("working-list review")
        verbose_name_plural = _("working-list reviews")
        indexes = [models.Index(fields=["manager", "-done_at"], name="list_review_manager")]

    def __str__(self) -> str:
        return f"{self.manager} {self.done_at:%Y-%m-%d}"


class PeriodicRun(models.Model):
    """One run of a periodic rule in one hour. The unique (job, slot) pair is the lock: with two
    job consumers (on one machine or several) both schedule the rule, the first to insert its row
    runs it, the other's insert fails and it skips. Works alike on SQLite and PostgreSQL."""

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("hour"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-slot", "job"]
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_once_per_hour")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:00}"
