"""The sales algorithm's settings, the activities with clients, and reclaim cool-downs (its
stages sit beneath base, in otdel.stages)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from otdel.base.models import Section
from otdel.org.models import Language, Position


def lines_of(text: str) -> list[str]:
    """The items of a one-item-per-line field, blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


DEFAULT_MEETING_CHECKLIST = "\n".join(
    [
        "Цель встречи и желаемый результат",
        "Изучены сайт, новости и отрасль клиента",
        "Известны ЛПР и его роль в решении",
        "Подготовлены вопросы о потребностях",
        "Материалы, образцы, КП с собой",
        "Время, место и маршрут подтверждены",
    ]
)


class DealStartsOn(models.TextChoices):
    """What puts a company at the deal stage (METHOD 3: invoice issued, payment made, contract
    signed), never the mere record of a deal."""

    INVOICE = "invoice", _("its first invoice is issued")
    CONTRACT = "contract", _("its contract is issued")
    PAYMENT = "payment", _("its first payment is registered")


def default_payment_positions() -> list[str]:
    return [Position.ACCOUNTANT, Position.HEAD_OF_SALES, Position.OWNER]


def default_language() -> str:
    return settings.LANGUAGE_CODE


class PositionsField(models.JSONField):
    """A list of positions, edited in Settings as a set of ticks."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            required=False,
            choices=Position.choices,
            widget=forms.CheckboxSelectMultiple,
        )


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
    repeat_meeting_days = models.PositiveIntegerField(
        _("days from the first meeting to the repeat meeting at most"), default=3
    )
    meeting_checklist = models.TextField(
        _("meeting preparation checklist"),
        default=DEFAULT_MEETING_CHECKLIST,
        help_text=_("One item per line; every meeting is prepared by it (METHOD 3)."),
    )
    deal_starts_on = models.CharField(
        _("a company enters the deal stage when"),
        max_length=10,
        choices=DealStartsOn.choices,
        default=DealStartsOn.INVOICE,
        help_text=_("Until then the deadline and the three-month rule keep counting."),
    )
    payment_positions = PositionsField(
        _("positions that register payments and refunds"),
        default=default_payment_positions,
        blank=True,
        help_text=_("Never the deal's manager or the client's hunter: the money raises their pay."),
    )
    two_factor_positions = PositionsField(
        _("positions that must sign in with a one-time code"),
        default=list,
        blank=True,
        help_text=_(
            "They set up an authenticator app at their next sign-in; administrators too as soon as any position is ticked."
        ),
    )
    language = models.CharField(
        _("the company's language"),
        max_length=8,
        choices=Language.choices,
        default=default_language,
        help_text=_("Of the login page and of everyone who has not chosen his own."),
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

    def clean(self) -> None:
        # Field errors rather than the constraint's nameless one: the page marks the field.
        if self.cap_min > self.cap_max:
            raise ValidationError(
                {
                    "cap_max": gettext("The highest cap cannot be below the lowest (%(low)s).")
                    % {"low": self.cap_min}
                }
            )
        if not self.cap_min <= self.working_list_cap <= self.cap_max:
            raise ValidationError(
                {
                    "working_list_cap": gettext("The cap must be between %(low)s and %(high)s.")
                    % {"low": self.cap_min, "high": self.cap_max}
                }
            )
        if not self.payment_positions:
            raise ValidationError(
                {
                    "payment_positions": gettext(
                        "Choose at least one position to register the money."
                    )
                }
            )

    @classmethod
    def load(cls) -> "RuleSettings":
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def meeting_checklist_items(self) -> list[str]:
        return lines_of(self.meeting_checklist)


class ActivityKind(models.TextChoices):
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    FIRST_MEETING = "first_meeting", _("First meeting: needs, no selling")
    REPEAT_MEETING = "repeat_meeting", _("Repeat meeting: presentation, price, terms")
    EMAIL = "email", _("E-mail")
    TASK = "task", _("Task")


class Activity(models.Model):
    """Something done or to be done with a company; an open one with a due time is a next step."""

    company = models.ForeignKey("base.Company", on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    # The preparation items of a meeting that were done (RuleSettings.meeting_checklist).
    prepared = models.JSONField(_("prepared"), default=list, blank=True)
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
            # The head's overdue list reads open activities by due time across all managers.
            models.Index(
                fields=["due_at", "id"], condition=Q(done_at__isnull=True), name="activity_open_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def is_meeting(self) -> bool:
        return self.kind in MEETING_KINDS


MEETING_KINDS = (ActivityKind.MEETING, ActivityKind.FIRST_MEETING, ActivityKind.REPEAT_MEETING)


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


class PlaybookStep(models.Model):
    """What the company writes down for one state of the algorithm (METHOD 3): what is done,
    what is sent, the checklist, the script and the answers to objections."""

    state = models.CharField(_("stage code"), max_length=20, unique=True)
    actions = models.TextField(_("what is done with the client"), blank=True)
    materials = models.TextField(_("what is sent"), blank=True)
    checklist = models.TextField(_("checklist"), blank=True, help_text=_("One item per line."))
    script = models.TextField(_("script"), blank=True)
    objections = models.TextField(_("objections and answers"), blank=True)

    class Meta:
        verbose_name = _("playbook step")
        verbose_name_plural = _("playbook")

    def __str__(self) -> str:
        return self.state

    @property
    def checklist_items(self) -> list[str]:
        return lines_of(self.checklist)


class RefusalReason(models.Model):
    """Why a company refused; the reason decides its section (METHOD 3, step 5)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    section = models.CharField(
        _("section"),
        max_length=20,
        choices=[
            (Section.HARD_REFUSAL, Section.HARD_REFUSAL.label),
            (Section.REFUSAL_FOLLOW_UP, Section.REFUSAL_FOLLOW_UP.label),
            (Section.STRATEGIC_ARCHIVE, Section.STRATEGIC_ARCHIVE.label),
        ],
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["section", "name"]
        verbose_name = _("refusal reason")
        verbose_name_plural = _("refusal reasons")

    def __str__(self) -> str:
        return self.name


class AlgorithmVersion(models.Model):
    """A snapshot of the playbook and the refusal reasons, kept at every change."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    snapshot = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("algorithm version")
        verbose_name_plural = _("algorithm versions")

    def __str__(self) -> str:
        return f"v{self.number}"


class StageChecklist(models.Model):
    """The playbook checklist of one stage as a company went through it (METHOD 8: the head
    sees which stages were left with their checklist skipped): the items ticked, and once the
    company left the stage, the items that were not."""

    company = models.ForeignKey(
        "base.Company", on_delete=models.CASCADE, related_name="stage_checklists"
    )
    state = models.CharField(_("stage code"), max_length=20)
    done = models.JSONField(_("ticked"), default=list, blank=True)
    # Filled when the company leaves the stage; an empty list is a checklist done in full.
    missing = models.JSONField(_("not ticked"), default=list, blank=True)
    left_at = models.DateTimeField(_("left the stage"), null=True, blank=True)
    # Whose checklist it was: the company's owner when it left (the review is per manager, and
    # the company may change hands afterwards).
    left_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("worked by"),
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    ticked_at = models.DateTimeField(_("ticked"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage checklist")
        verbose_name_plural = _("stage checklists")
        constraints = [
            models.UniqueConstraint(fields=["company", "state"], name="stage_checklist_unique")
        ]
        indexes = [models.Index(fields=["left_owner", "left_at"], name="stage_checklist_left")]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.state}"
