"""The owner's sales plan for a period, split into departments and managers, each line with its
week breakdown (METHOD 6)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from otdel.days import short_day


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class Metric(models.TextChoices):
    """What a plan asks for. Each is a column of a plan line and of its weeks."""

    REVENUE = "revenue", _("Paid revenue")
    MARGIN = "margin", _("Margin")
    NEW_CLIENTS = "new_clients", _("New clients")
    DEALS_WON = "deals_won", _("Deals won")
    CALLS = "calls", _("Calls")
    MEETINGS = "meetings", _("Meetings")
    PROPOSALS = "proposals", _("Proposals")


MONEY_METRICS = frozenset({Metric.REVENUE, Metric.MARGIN})
# The activity KPI of a pay scheme counts these.
ACTIVITY_METRICS = (Metric.CALLS, Metric.MEETINGS, Metric.PROPOSALS)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class MetricAmounts(models.Model):
    """One column per metric (counts are whole numbers kept in the same type)."""

    revenue = models.DecimalField(Metric.REVENUE.label, max_digits=14, decimal_places=2, default=0)
    margin = models.DecimalField(Metric.MARGIN.label, max_digits=14, decimal_places=2, default=0)
    new_clients = models.DecimalField(
        Metric.NEW_CLIENTS.label, max_digits=14, decimal_places=2, default=0
    )
    deals_won = models.DecimalField(
        Metric.DEALS_WON.label, max_digits=14, decimal_places=2, default=0
    )
    calls = models.DecimalField(Metric.CALLS.label, max_digits=14, decimal_places=2, default=0)
    meetings = models.DecimalField(
        Metric.MEETINGS.label, max_digits=14, decimal_places=2, default=0
    )
    proposals = models.DecimalField(
        Metric.PROPOSALS.label, max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        abstract = True

    def amounts(self) -> dict[str, Decimal]:
        return {m.value: getattr(self, m.value) for m in Metric}


class SalesPlan(models.Model):
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    by_day = models.BooleanField(
        _("day breakdown"),
        default=False,
        help_text=_("For short deals: each week's plan by working day."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "kind"]
        verbose_name = _("sales plan")
        verbose_name_plural = _("sales plans")
        constraints = [
            models.UniqueConstraint(fields=["kind", "starts_on"], name="plan_period_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plan_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {short_day(self.starts_on)} – {short_day(self.ends_on)}"

    @property
    def is_locked(self) -> bool:
        return self.status == PlanStatus.APPROVED


class PlanLine(MetricAmounts):
    """The company's line (no department, no manager), a department's, or a manager's (with the
    department he was in when the plan was made)."""

    plan = models.ForeignKey(SalesPlan, on_delete=models.CASCADE, related_name="lines")
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_lines",
        verbose_name=_("manager"),
    )

    class Meta:
        ordering = ["plan", "department__name", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user"], condition=Q(user__isnull=False), name="plan_line_manager"
            ),
            models.UniqueConstraint(
                fields=["plan", "department"],
                condition=Q(user__isnull=True, department__isnull=False),
                name="plan_line_department",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(user__isnull=True, department__isnull=True),
                name="plan_line_company",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or self.department or pgettext_lazy("plan line", "Company"))

    @property
    def level(self) -> str:
        return "manager" if self.user_id else "department" if self.department_id else "company"


class PlanWeek(MetricAmounts):
    """A line's plan for one week of the period (a week crossing a month's end is two)."""

    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="weeks")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        ordering = ["line", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["line", "starts_on"], name="plan_week_unique")
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.starts_on:%d.%m}–{self.ends_on:%d.%m}"


class PlanEvent(models.Model):
    """The history of a plan: made, copied, changed, approved, reopened."""

    class Kind(models.TextChoices):
        CREATED = "created", _("made")
        CHANGED = "changed", _("changed")
        WEEKS = "weeks", _("weeks set by hand")
        APPROVED = "approved", _("approved and locked")
        REOPENED = "reopened", _("reopened")

    plan = models.ForeignKey(SalesPlan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_kind_display()}"
