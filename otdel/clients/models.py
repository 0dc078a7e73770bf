"""The client department's own algorithm (METHOD 5: repeat sales "по отдельному алгоритму"):
the cycle of steps a farmer repeats with each client, each client's next step, and the alerts
of his order rhythm."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from otdel.algorithm.models import ActivityKind


class ClientStep(models.Model):
    """One step of the client cycle; the head names, orders and times them in Settings."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    position = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.CALL
    )
    interval_days = models.PositiveIntegerField(
        _("days after the previous step"),
        default=30,
        help_text=_("When a step is done, this one is scheduled so many days later."),
    )
    playbook = models.TextField(_("playbook"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("client step")
        verbose_name_plural = _("client algorithm")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name


class ClientPlan(models.Model):
    """A client's next step of the cycle and its day: every client has one (METHOD 5)."""

    company = models.OneToOneField(
        "base.Company",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="client_plan",
        verbose_name=_("client"),
    )
    step = models.ForeignKey(ClientStep, on_delete=models.PROTECT, verbose_name=_("next step"))
    due_on = models.DateField(_("due"))

    class Meta:
        verbose_name = _("client's next step")
        verbose_name_plural = _("clients' next steps")
        indexes = [models.Index(fields=["due_on"], name="client_plan_due")]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.step_id} {self.due_on}"


class AlertKind(models.TextChoices):
    DUE = "due", _("Due to reorder")
    DORMANT = "dormant", _("Dormant")
    DROPPING = "dropping", _("Dropping")


class ClientAlert(models.Model):
    """What the order rhythm says of a client today (`otdel client-watch`, nightly); kept so
    that a dormant A or B client is escalated to the head once, on the day he goes quiet."""

    company = models.ForeignKey(
        "base.Company", on_delete=models.CASCADE, related_name="+", verbose_name=_("client")
    )
    kind = models.CharField(_("alert"), max_length=10, choices=AlertKind.choices)
    raised_on = models.DateField(_("since"))
    last_order = models.DateField(_("last order"), null=True)
    days_since = models.PositiveIntegerField(_("days since the last order"), null=True)
    interval_days = models.PositiveIntegerField(_("usual interval, days"), null=True)
    usual_volume = models.DecimalField(
        _("usual volume"), max_digits=18, decimal_places=2, null=True
    )
    escalated = models.BooleanField(_("escalated to the head"), default=False)

    class Meta:
        ordering = ["kind", "-days_since", "pk"]
        verbose_name = _("client alert")
        verbose_name_plural = _("client alerts")
        constraints = [
            models.UniqueConstraint(fields=["company", "kind"], name="client_alert_unique"),
            models.CheckConstraint(
                name="client_alert_escalates_dormant",
                condition=Q(escalated=False) | Q(kind="dormant"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.kind}"
