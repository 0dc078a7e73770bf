"""Pay schemes, who is on which since when, and the monthly plan each pay is measured against
(METHOD 6)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PayScheme(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    base_salary = models.DecimalField(_("base salary a month"), max_digits=12, decimal_places=2)
    new_percent = models.DecimalField(_("new sales, %"), max_digits=5, decimal_places=2)
    repeat_percent = models.DecimalField(_("repeat sales, %"), max_digits=5, decimal_places=2)
    hunter_share_percent = models.DecimalField(
        _("payments of a handed-off client, %"), max_digits=5, decimal_places=2, default=0
    )
    handoff_share_months = models.PositiveSmallIntegerField(
        _("for months after the hand-off"), default=3
    )
    # [[plan fulfilment %, bonus], ...]: the highest step reached pays.
    bonus_steps = models.JSONField(
        _("bonus steps"), default=list, blank=True, help_text=_("e.g. [[100, 10000], [120, 20000]]")
    )
    penalty_below_percent = models.DecimalField(
        _("penalty below plan %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    penalty = models.DecimalField(_("penalty"), max_digits=12, decimal_places=2, default=0)
    kpi_floor_percent = models.DecimalField(
        _("activity KPI below %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    kpi_multiplier = models.DecimalField(
        _("multiplies the variable pay by"), max_digits=4, decimal_places=2, default=Decimal(1)
    )

    class Meta:
        verbose_name = _("pay scheme")
        verbose_name_plural = _("pay schemes")

    def __str__(self) -> str:
        return self.name


class GroupRate(models.Model):
    scheme = models.ForeignKey(PayScheme, on_delete=models.CASCADE, related_name="group_rates")
    group = models.ForeignKey(
        "catalog.ProductGroup",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product group"),
    )
    percent = models.DecimalField(_("sales, %"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "group"], name="group_rate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.percent} %"


class PayAssignment(models.Model):
    """A manager is paid by a scheme from a day (his first: the day he was hired)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pay_assignments"
    )
    scheme = models.ForeignKey(PayScheme, on_delete=models.PROTECT, verbose_name=_("pay scheme"))
    since = models.DateField(_("since"))

    class Meta:
        ordering = ["user", "since"]
        verbose_name = _("pay scheme of a manager")
        verbose_name_plural = _("pay schemes of managers")

    def __str__(self) -> str:
        return f"{self.user}: {self.scheme} ({self.since})"


class MonthPlan(models.Model):
    """A manager's monthly plan in force from a day: paid revenue and activities. A plan changed
    mid-month is a second row; the month weighs each by its days."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="month_plans"
    )
    since = models.DateField(_("since"))
    revenue = models.DecimalField(_("paid revenue a month"), max_digits=14, decimal_places=2)
    activities = models.PositiveIntegerField(_("activities a month"), default=0)
    # The approved sales plan this month's line comes from (none: set by hand in Settings).
    plan = models.ForeignKey(
        "plans.SalesPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sales plan"),
    )

    class Meta:
        ordering = ["user", "since"]
        verbose_name = _("monthly plan")
        verbose_name_plural = _("monthly plans")

    def __str__(self) -> str:
        return f"{self.user}: {self.revenue} ({self.since})"
