"""Hiring and onboarding (METHOD 8, seed 001 item 12): the portrait of the wanted employee,
vacancies with their texts, channels, budget and spend, candidates through the stages with
their history, and a new person's onboarding checklist."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from otdel.org.models import Department, Position, User


class Stage(models.TextChoices):
    RESPONSE = "response", _("Response")
    PHONE = "phone", _("Phone interview")
    INTERVIEW = "interview", _("Interview")
    TEST_TASK = "test_task", _("Test task")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REFUSED = "refused", _("Refused")


class PortraitCriterion(models.Model):
    """One scored line of the portrait of the wanted employee for a position."""

    position = models.CharField(_("position"), max_length=32, choices=Position.choices)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "order", "pk"]
        verbose_name = _("portrait criterion")
        verbose_name_plural = _("portrait criteria")
        constraints = [
            models.UniqueConstraint(fields=["position", "name"], name="portrait_criterion_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(weight__lte=10),
                name="portrait_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HiringScript(models.Model):
    """The phone interview script and the interview's question list for a position; a vacancy
    may carry its own instead."""

    position = models.CharField(_("position"), max_length=32, choices=Position.choices, unique=True)
    phone_script = models.TextField(_("phone interview script"), blank=True)
    questions = models.TextField(_("interview questions"), blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("interview script")
        verbose_name_plural = _("interview scripts")

    def __str__(self) -> str:
        return self.get_position_display()


class RejectionReason(models.Model):
    """Why a candidate did not go on (a list the owner and the head of sales keep)."""

    name = models.CharField(_("reason"), max_length=200, unique=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("candidate refusal reason")
        verbose_name_plural = _("candidate refusal reasons")

    def __str__(self) -> str:
        return self.name


class VacancyStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("vacancy", "Open")
    CLOSED = "closed", pgettext_lazy("vacancy", "Closed")


class Vacancy(models.Model):
    title = models.CharField(_("title"), max_length=200)
    position = models.CharField(_("position"), max_length=32, choices=Position.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
        verbose_name=_("department"),
    )
    text = models.TextField(_("vacancy text"), blank=True)
    channels = models.CharField(
        _("channels"), max_length=300, blank=True, help_text=_("Where it is posted.")
    )
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    phone_script = models.TextField(
        _("phone interview script"),
        blank=True,
        help_text=_("Empty: the position's script from the hiring settings."),
    )
    questions = models.TextField(
        _("interview questions"),
        blank=True,
        help_text=_("Empty: the position's questions from the hiring settings."),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["status", "-opened_on", "-pk"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="vacancy_budget_gte_0")
        ]

    def __str__(self) -> str:
        return self.title


class HiringExpense(models.Model):
    """Money spent on finding people for a vacancy (a job board's fee, an advert)."""

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="expenses", verbose_name=_("vacancy")
    )
    channel = models.CharField(_("channel"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    spent_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("hiring expense")
        verbose_name_plural = _("hiring expenses")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="hiring_expense_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.amount}"


def cv_path(candidate: "Candidate", filename: str) -> str:
    return f"hiring/cv/{candidate.vacancy_id}/{filename}"


class Candidate(models.Model):
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("vacancy")
    )
    full_name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    channel = models.CharField(_("channel"), max_length=200, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RESPONSE
    )
    stage_since = models.DateTimeField(_("in the stage since"), auto_now_add=True)
    created_at = models.DateTimeField(_("responded"), auto_now_add=True)
    phone_notes = models.TextField(_("phone interview: answers and notes"), blank=True)
    interview_notes = models.TextField(_("interview notes"), blank=True)
    score = models.DecimalField(
        _("weighted score"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    test_given_on = models.DateField(_("test task given"), null=True, blank=True)
    test_received_on = models.DateField(_("test task received"), null=True, blank=True)
    test_score = models.PositiveSmallIntegerField(_("test task score"), null=True, blank=True)
    offer_note = models.TextField(_("offer"), blank=True)
    refusal_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refusal reason"),
    )
    refused_at = models.CharField(
        _("refused at the stage"), max_length=20, choices=Stage.choices, blank=True
    )
    refusal_note = models.CharField(_("refusal note"), max_length=300, blank=True)
    cv = models.FileField(_("CV"), upload_to=cv_path, blank=True, max_length=300)
    cv_content_type = models.CharField(max_length=100, blank=True)
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate",
        verbose_name=_("user"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [models.Index(fields=["vacancy", "stage"], name="candidate_vacancy_stage")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(test_score__isnull=True) | models.Q(test_score__lte=100),
                name="candidate_test_score_lte_100",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class CriterionScore(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(PortraitCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="criterion_score_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=5),
                name="criterion_score_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Response recorded")
    MOVED = "moved", _("Moved")
    REFUSED = "refused", _("Refused")
    SCORED = "scored", _("Scored")
    RECORDED = "recorded", _("Notes recorded")
    CV = "cv", _("CV uploaded")
    HIRED = "hired", _("Hired")


class CandidateEvent(models.Model):
    """The history of a candidate: every move and record, who and when."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    text = models.CharField(_("text"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class OnboardingTemplate(models.Model):
    """One item of a new person's checklist, due so many days after his start."""

    title = models.CharField(_("item"), max_length=300)
    days_after_start = models.PositiveSmallIntegerField(_("days after the start"), default=1)
    position = models.CharField(
        _("for position"),
        max_length=32,
        choices=Position.choices,
        blank=True,
        help_text=_("Empty: for every new person."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["days_after_start", "order", "pk"]
        verbose_name = _("onboarding item template")
        verbose_name_plural = _("onboarding item templates")

    def __str__(self) -> str:
        return self.title


class OnboardingItem(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="onboarding_items", verbose_name=_("user")
    )
    title = models.CharField(_("item"), max_length=300)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["user", "due_on", "pk"]
        verbose_name = _("onboarding item")
        verbose_name_plural = _("onboarding items")
        indexes = [models.Index(fields=["user", "due_on"], name="onboarding_user_due")]

    def __str__(self) -> str:
        return self.title
