"""A pilot (METHOD 8): a changed setting tried for 30-40 days by chosen managers, compared with
the others and with their own period before, then fixed for everyone or rolled back."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PilotKind(models.TextChoices):
    PAY = "pay", _("Pay scheme")
    LIMITS = "limits", _("Working-list cap")
    ALGORITHM = "algorithm", _("Algorithm version")
    WORK_DAYS = "work_days", _("Time per prospect")
    HANDOFF = "handoff", _("Hand-off rule")


# What can be set for some managers only, through the owning app's service: a pay scheme is
# assigned per manager, a working-list cap is a person's own. The others are one row for the
# whole company: a pilot of them is the description of the change, and says so.
PER_MANAGER_KINDS = (PilotKind.PAY, PilotKind.LIMITS)


class PilotStatus(models.TextChoices):
    RUNNING = "running", _("running")
    FIXED = "fixed", _("fixed for everyone")
    ROLLED_BACK = "rolled_back", _("rolled back")


class Pilot(models.Model):
    kind = models.CharField(_("what is changed"), max_length=12, choices=PilotKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("the change"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # The new value of a per-manager setting.
    scheme = models.ForeignKey(
        "pay.PayScheme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new pay scheme"),
    )
    cap = models.PositiveIntegerField(_("new working-list cap"), null=True, blank=True)
    # Whether the change is applied to the pilot managers (a per-manager setting), or only
    # described (a company-wide one).
    applied = models.BooleanField(_("applied to the pilot managers"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=PilotStatus.choices, default=PilotStatus.RUNNING
    )
    # The comparison as it stood when the pilot ended, so that it reads the same later.
    snapshot = models.JSONField(_("comparison kept"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(name="pilot_dates", condition=Q(ends_on__gt=F("starts_on")))
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def per_manager(self) -> bool:
        return self.kind in PER_MANAGER_KINDS

    @property
    def running(self) -> bool:
        return self.status == PilotStatus.RUNNING


class Group(models.TextChoices):
    PILOT = "pilot", _("pilot group")
    CONTROL = "control", _("control group")


class PilotMember(models.Model):
    """A manager of the pilot or of the control group; a pilot manager keeps the value he had
    before the change, to be restored at a roll-back."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("group"), max_length=8, choices=Group.choices)
    # {"scheme": pk} or {"cap": n or None}
    previous = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["group", "user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "user"], name="pilot_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.group})"


class PilotEvent(models.Model):
    """The history of a pilot's decisions: started, fixed for everyone, rolled back."""

    class Kind(models.TextChoices):
        STARTED = "started", _("started")
        FIXED = "fixed", _("fixed for everyone")
        ROLLED_BACK = "rolled_back", _("rolled back")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("decision"), max_length=12, choices=Kind.choices)
    note = models.TextField(_("why"), blank=True)
    # What was done, one line each ("Иванов: pay scheme A → B").
    changes = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.kind}"
