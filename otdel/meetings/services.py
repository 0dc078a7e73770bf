"""The write paths of meetings and call review: each checks who may, in one transaction.

A decision's task is planned through the algorithm's activity_plan, so it is refused exactly
as a task planned on the company card would be, and lands in its owner's My work."""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.algorithm.models import MEETING_KINDS, Activity, ActivityKind
from otdel.algorithm.services import activity_plan
from otdel.base.models import Company
from otdel.base.selectors import can_edit_company
from otdel.org.models import Department, User
from otdel.refusal import RuleRefused

from . import rules, selectors
from .models import (
    Attendance,
    CallFlag,
    CallReview,
    Decision,
    JointMeeting,
    Meeting,
    MeetingKind,
    Recording,
)

# The hour a decision's task falls due on its day.
DUE_HOUR = time(18, 0)


@transaction.atomic
def meeting_create(
    *, kind: str, held_on: date, department: Department | None, acting_user: User
) -> Meeting:
    """A meeting with its agenda read from the data now and its department's managers to
    attend."""
    if not selectors.holds_meetings(acting_user):
        raise RuleRefused(_("Only those who lead managers hold meetings."))
    if kind not in MeetingKind.values:
        raise RuleRefused(_("Choose the kind of meeting."), field="kind")
    if department is None:
        if not selectors.holds_whole_company(acting_user):
            raise RuleRefused(_("Choose one of your departments."), field="department")
    elif not selectors.meeting_departments(acting_user).filter(pk=department.pk).exists():
        raise RuleRefused(_("Choose one of your departments."), field="department")
    meeting = Meeting.objects.create(
        kind=kind,
        held_on=held_on,
        department=department,
        led_by=acting_user,
        agenda=selectors.agenda_for(acting_user, department, kind, timezone.localdate()),
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=person)
        for person in selectors.meeting_people(acting_user, department)
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, notes: str, present: Iterable[int], held: bool, acting_user: User
) -> Meeting:
    """The meeting's notes, who was there, and whether it is held."""
    if not selectors.may_change_meeting(acting_user, meeting):
        raise RuleRefused(_("Only the meeting's leader and heads change it."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    here = set(present)
    attendance = meeting.attendance.all()
    attendance.filter(person__in=here).update(present=True)
    attendance.exclude(person__in=here).update(present=False)
    meeting.notes = notes
    if held and meeting.held_at is None:
        meeting.held_at = timezone.now()
    meeting.save(update_fields=["notes", "held_at"])
    return meeting


@transaction.atomic
def meeting_decide(
    *,
    meeting: Meeting,
    text: str,
    company: Company,
    owner: User,
    due_on: date,
    acting_user: User,
) -> Decision:
    """A decision of the meeting, a task for its owner on the company by its date."""
    if not selectors.may_change_meeting(acting_user, meeting):
        raise RuleRefused(_("Only the meeting's leader and heads change it."))
    if not text.strip():
        raise RuleRefused(_("Write the decision."), field="text")
    if due_on < timezone.localdate():
        raise RuleRefused(_("The due date cannot be in the past."), field="due_on")
    task = activity_plan(
        company=company,
        kind=ActivityKind.TASK,
        subject=text.strip(),
        due_at=timezone.make_aware(datetime.combine(due_on, DUE_HOUR)),
        assignee=owner,
        acting_user=acting_user,
    )
    return Decision.objects.create(meeting=meeting, text=text.strip(), task=task)


def _max_bytes() -> int:
    return int(settings.OTDEL_RECORDING_MAX_BYTES)


def _check_audio(upload: UploadedFile) -> str:
    """The upload's audio type by its content; refused when it is too big or not audio."""
    limit = _max_bytes()
    if upload.size is None or upload.size > limit:
        raise RuleRefused(
            _("The file is too big: at most %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)},
            field="file",
        )
    upload.seek(0)
    kind = rules.audio_type(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise RuleRefused(
            _("%(name)s is not an audio recording (MP3, WAV, OGG, M4A, FLAC, AMR, WebM).")
            % {"name": upload.name},
            field="file",
        )
    return kind


@transaction.atomic
def recording_save(
    *, call: Activity, upload: UploadedFile | None, link: str, acting_user: User
) -> Activity:
    """Attach a recording to a call: an audio file, kept through the storage API, or a link.
    A new one replaces the old, whose file is removed once the change is committed."""
    if call.kind != ActivityKind.CALL:
        raise RuleRefused(_("Only a call carries a recording."))
    if not can_edit_company(acting_user, call.company):
        raise RuleRefused(_("This company is read-only for you."))
    if upload is None and not link.strip():
        raise RuleRefused(_("Upload an audio file or give a link."), field="file")
    kind = _check_audio(upload) if upload is not None else ""
    recording = Recording.objects.select_for_update().filter(activity=call).first()
    recording = recording or Recording(activity=call)
    old = recording.file.name if recording.file else ""
    recording.uploaded_by = acting_user
    recording.link = "" if upload is not None else link.strip()
    recording.content_type = kind
    recording.size = (upload.size or 0) if upload is not None else 0
    if upload is not None:
        recording.file.save(upload.name or "call", upload, save=False)
    else:
        recording.file = ""
    recording.save()
    if old and old != recording.file.name:
        storage = recording.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return call


@transaction.atomic
def call_flag(*, call: Activity, acting_user: User) -> CallFlag:
    """Ask for the call to be reviewed this week, whatever the draw."""
    if not selectors.may_flag(acting_user, call):
        raise RuleRefused(_("Only the call's manager and his head flag it."))
    flag, _created = CallFlag.objects.get_or_create(
        activity=call, defaults={"flagged_by": acting_user}
    )
    return flag


@transaction.atomic
def call_review_save(
    *, call: Activity, ticked: Iterable[str], comment: str, acting_user: User
) -> CallReview:
    """The head's score of a call against the checklist, and his comment to the manager."""
    if not selectors.reviews_of(acting_user, call):
        raise RuleRefused(_("Only the manager's head reviews his calls."))
    if call.done_at is None:
        raise RuleRefused(_("The call is not made yet."))
    checklist = selectors.call_checklist()
    done = set(ticked)
    review, _created = CallReview.objects.update_or_create(
        activity=call,
        defaults={
            "reviewer": acting_user,
            "checks": {item: item in done for item in checklist},
            "score": rules.call_score(checklist, done),
            "comment": comment.strip(),
        },
    )
    return review


@transaction.atomic
def joint_meeting_plan(*, meeting: Activity, acting_user: User) -> JointMeeting:
    """The head goes with the manager to his client meeting."""
    if meeting.kind not in MEETING_KINDS or meeting.done_at is not None:
        raise RuleRefused(_("Choose a client meeting still ahead."))
    if not selectors.reviews_of(acting_user, meeting):
        raise RuleRefused(_("Only the manager's head joins his meetings."))
    joint, _created = JointMeeting.objects.get_or_create(activity=meeting, head=acting_user)
    return joint


@transaction.atomic
def joint_meeting_attended(*, joint: JointMeeting, acting_user: User) -> JointMeeting:
    if joint.head_id != acting_user.pk:
        raise RuleRefused(_("Only the head who joins the meeting marks it."))
    if joint.attended_at is None:
        joint.attended_at = timezone.now()
        joint.save(update_fields=["attended_at"])
    return joint
