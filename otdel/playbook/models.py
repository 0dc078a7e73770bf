"""The company's scripts and objection library (METHOD 3 and 8, seeds 001 and 003): the
cold-call standard, a script per stage and kind of call, the objections clients raise with the
answers that meet them (a "third-party effect" case as proof), which answer a manager used and
whether it worked, and the objection drills the head scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CallKind(models.TextChoices):
    COLD = "cold", _("Cold call")
    FOLLOW_UP = "follow_up", _("Follow-up call")
    INCOMING = "incoming", _("Incoming call")


class CallStandard(models.Model):
    """The company's standard of the cold call [seed 003: "a dialogue instruction"]: one text."""

    text = models.TextField(_("cold-call standard"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cold-call standard")
        verbose_name_plural = _("cold-call standard")
        constraints = [models.CheckConstraint(name="call_standard_singleton", condition=Q(pk=1))]

    def __str__(self) -> str:
        return str(_("Cold-call standard"))

    @classmethod
    def load(cls) -> "CallStandard":
        return cls.objects.get_or_create(pk=1)[0]


class Script(models.Model):
    """What the manager says on a call of one kind at one stage of the algorithm."""

    state = models.CharField(_("stage code"), max_length=20)
    call_kind = models.CharField(_("kind of call"), max_length=20, choices=CallKind.choices)
    text = models.TextField(_("script"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["state", "call_kind"]
        verbose_name = _("script")
        verbose_name_plural = _("scripts")
        constraints = [
            models.UniqueConstraint(fields=["state", "call_kind"], name="script_state_kind")
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.get_call_kind_display()}"


class Objection(models.Model):
    """What a client says against buying, in his words ("дорого"), the stages it comes up at
    and tags; searched by its words (selectors.search_objections)."""

    words = models.CharField(_("what the client says"), max_length=300, unique=True)
    # Stage codes, each between commas (",contact_2,contact_3,"): a plain text both databases
    # can ask "is this stage one of them" of. Empty: any stage.
    states = models.CharField(_("stages"), max_length=300, blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Comma-separated."))
    # The words and tags normalised (rules.normalise): what the search reads, and on
    # PostgreSQL what its full-text index is built on.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["words"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return self.words

    @property
    def state_codes(self) -> list[str]:
        return [code for code in self.states.split(",") if code]

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class Answer(models.Model):
    """One way to meet an objection; with a case when the proof is another client's story (the
    third-party effect, METHOD 3: "how the client is persuaded")."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"))
    case_client = models.CharField(
        _("third-party effect: the client"),
        max_length=200,
        blank=True,
        help_text=_("A client named as proof, e.g. a company of the same trade."),
    )
    case_story = models.TextField(_("third-party effect: the story"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["objection", "position", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def has_case(self) -> bool:
        return bool(self.case_client or self.case_story)


class Worked(models.TextChoices):
    YES = "yes", _("Worked")
    NO = "no", _("Did not work")
    UNKNOWN = "unknown", _("Not known yet")


class AnswerUse(models.Model):
    """A manager answered a client's objection this way, on a company (and a call), and whether
    it worked: what the head reads to see which answers win."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("manager"),
    )
    company = models.ForeignKey(
        "base.Company", on_delete=models.CASCADE, related_name="+", verbose_name=_("company")
    )
    activity = models.ForeignKey(
        "algorithm.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call"),
    )
    worked = models.CharField(
        _("worked"), max_length=10, choices=Worked.choices, default=Worked.UNKNOWN
    )
    used_at = models.DateTimeField(_("used"), auto_now_add=True)

    class Meta:
        ordering = ["-used_at", "-pk"]
        verbose_name = _("answer use")
        verbose_name_plural = _("answer uses")
        indexes = [models.Index(fields=["answer", "worked"], name="answer_use_answer")]

    def __str__(self) -> str:
        return f"{self.answer_id} {self.worked}"


class Drill(models.Model):
    """An objection drill (METHOD 8): the head plays the objection, the manager answers, the
    head scores the answer from 1 to 5. Scored drills are the manager's training record."""

    objection = models.ForeignKey(
        Objection, on_delete=models.PROTECT, related_name="drills", verbose_name=_("objection")
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="drills",
        verbose_name=_("manager"),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trainer"),
    )
    answer_text = models.TextField(_("the manager's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored by"),
    )
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("objection drill")
        verbose_name_plural = _("objection drills")
        constraints = [
            models.CheckConstraint(
                name="drill_score_1_to_5",
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
            )
        ]
        indexes = [models.Index(fields=["manager", "-created_at"], name="drill_manager")]

    def __str__(self) -> str:
        return f"{self.manager}: {self.objection}"
