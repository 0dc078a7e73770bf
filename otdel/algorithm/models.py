"""The sales algorithm's settings, the activities with clients, and reclaim cool-downs."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RuleSettings(models.Model):
    """The limits of METHOD 4, one row for the whole company; the head edits them."""

    working_list_cap = models.PositiveIntegerField(
        _("working list cap"), default=90, validators=[MinValueValidator(1)]
    )
    cap_min = models.PositiveIntegerField(_("lowest cap a department may set"), default=50)
    cap_max = models.PositiveIntegerField(_("highest cap a department may set"), default=90)
    work_days = models.PositiveIntegerField(
        _("days of active work with a new client"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("METHOD presets: 14, 30 or 40 days."),
    )
    warn_days_before = models.PositiveIntegerField(_("warn days before the deadline"), default=3)
    triage_grace_days = models.PositiveIntegerField(
        _("days to triage before claims are blocked"), default=2
    )
    reassign_after_days = models.PositiveIntegerField(
        _("days owned without a deal before reassignment"), default=90
    )
    reclaim_cooldown_days = models.PositiveIntegerField(
        _("days the previous owner may not reclaim"), default=30
    )

    class Meta:
        verbose_name = _("rules of the method")
        verbose_name_plural = _("rules of the method")
        constraints = [
            models.CheckConstraint(
                name="rule_settings_cap_range", condition=Q(cap_min__lte=models.F("cap_max"))
            ),
            models.CheckConstraint(name="rule_settings_singleton", condition=Q(pk=1)),
        ]

    def __str__(self) -> str:
        return str(_("Rules of the method"))

    @classmethod
    def load(cls) -> "RuleSettings":
        return cls.objects.get_or_create(pk=1)[0]


class ActivityKind(models.TextChoices):
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    TASK = "task", _("Task")


class Activity(models.Model):
    """Something done or to be done with a company; an open one with a due time is a next step."""

    company = models.ForeignKey("base.Company", on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("assignee"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_at"], name="activity_assignee_open"),
            models.Index(fields=["company", "done_at", "due_at"], name="activity_company_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class ReclaimBlock(models.Model):
    """After a reassignment the previous owner may not take the company back until a date."""

    company = models.ForeignKey("base.Company", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="reclaim_block_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ↛ {self.company} until {self.until}"
