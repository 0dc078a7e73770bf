"""The head's regular control (METHOD 6, 8): meetings with their agenda, attendance and
decisions; calls' recordings, their review against a checklist, and joint client meetings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from otdel.algorithm.models import lines_of

DEFAULT_CALL_CHECKLIST = "\n".join(
    [
        "Поздоровался и представился",
        "Вышел на ЛПР",
        "Выяснил потребность",
        "Ответил на возражения",
        "Договорился о следующем шаге с датой",
    ]
)


class MeetingKind(models.TextChoices):
    DAILY = "daily", _("Daily planning")
    WEEKLY = "weekly", _("Weekly meeting")
    MONTHLY = "monthly", _("Monthly meeting")


class Meeting(models.Model):
    """A meeting of a department (or of the whole sales force when none): its agenda is the
    data as it stood when the meeting was created, kept as it was."""

    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("led by"),
    )
    agenda = models.JSONField(_("agenda"), default=dict)
    notes = models.TextField(_("notes"), blank=True)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["department", "-held_on"], name="meeting_department")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d.%m.%Y}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} {'+' if self.present else '-'}"


class Decision(models.Model):
    """What the meeting decided; its task is an activity on the company, in the owner's work."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("decision"), max_length=300)
    task = models.OneToOneField(
        "algorithm.Activity", on_delete=models.PROTECT, related_name="+", verbose_name=_("task")
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class CallChecklist(models.Model):
    """How the head scores a call (METHOD 8: listening to calls), one row for the company."""

    items = models.TextField(
        _("call checklist"),
        default=DEFAULT_CALL_CHECKLIST,
        help_text=_("One item per line; the head scores each reviewed call by it."),
    )

    class Meta:
        verbose_name = _("call checklist")
        verbose_name_plural = _("call checklist")
        constraints = [models.CheckConstraint(name="call_checklist_singleton", condition=Q(pk=1))]

    def __str__(self) -> str:
        return str(_("Call checklist"))

    @classmethod
    def load(cls) -> "CallChecklist":
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def item_list(self) -> list[str]:
        return lines_of(self.items)


class Recording(models.Model):
    """A call's recording: an audio file kept through the storage API, or a link to it."""

    activity = models.OneToOneField(
        "algorithm.Activity", on_delete=models.CASCADE, related_name="recording"
    )
    file = models.FileField(_("audio file"), upload_to="recordings/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(default=0)
    link = models.URLField(_("link to the recording"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        constraints = [
            models.CheckConstraint(
                name="recording_file_or_link", condition=~Q(file="") | ~Q(link="")
            )
        ]

    def __str__(self) -> str:
        return self.file.name or self.link


class CallFlag(models.Model):
    """A call the manager or his head asked to be reviewed, whatever the week's draw."""

    activity = models.OneToOneField(
        "algorithm.Activity", on_delete=models.CASCADE, related_name="review_flag"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.activity_id} ⚑"


class CallReview(models.Model):
    activity = models.OneToOneField(
        "algorithm.Activity", on_delete=models.CASCADE, related_name="call_review"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    # The checklist as it was, each item with whether the call did it.
    checks = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("score, %"))
    comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now=True)

    class Meta:
        verbose_name = _("call review")
        verbose_name_plural = _("call reviews")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.score} %"


class JointMeeting(models.Model):
    """The head goes with the manager to a client meeting (METHOD 8), then marks it attended."""

    activity = models.ForeignKey(
        "algorithm.Activity", on_delete=models.CASCADE, related_name="joint_meetings"
    )
    head = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(auto_now_add=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["activity__due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "head"], name="joint_meeting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} + {self.head}"
