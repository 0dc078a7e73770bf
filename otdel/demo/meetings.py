"""The head's week in the demo (issue 16): the hunters' weekly meeting held from its agenda,
with decisions in the managers' work; today's planning still ahead; the week's calls, some
recorded (a link, or a tiny generated WAV), flagged and scored; joint client meetings."""

import io
import math
import struct
import wave
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from otdel.algorithm.models import Activity, ActivityKind
from otdel.base.models import Company
from otdel.meetings import selectors
from otdel.meetings.models import MeetingKind
from otdel.meetings.services import (
    call_flag,
    call_review_save,
    joint_meeting_attended,
    joint_meeting_plan,
    meeting_create,
    meeting_decide,
    meeting_update,
    recording_save,
)
from otdel.org.models import User
from otdel.segments.services import abc_set_by_hand

CALL_RESULTS = (
    "Секретарь соединила с закупщиком, договорились выслать КП",
    "ЛПР в отпуске до понедельника, перезвонить",
    "Обсудили объёмы на квартал, просит скидку",
    "Клиент согласен на встречу в четверг",
)


def tone_wav(seconds: float = 0.5, rate: int = 8000) -> bytes:
    """A short beep as a WAV file: a recording to listen to without shipping one."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(seconds * rate))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(frames)
    return out.getvalue()


def build(head: User, hunters: list[User], farmers: list[User]) -> None:
    _calls(head, hunters)
    _joint_meetings(head, hunters[0])
    _meetings(head, hunters)
    _d_clients(head, farmers)


def _d_clients(head: User, farmers: list[User]) -> None:
    """Two small clients the head judged not worth the time (class D by hand) that the farmers
    still call, and the client department's monthly meeting that shows it."""
    now = timezone.now()
    for n, farmer in enumerate(farmers[:2]):
        client = Company.objects.filter(owner=farmer, abc_class="C").order_by("pk").first()
        if client is None:
            continue
        abc_set_by_hand(
            company=client,
            abc_class="D",
            reason="Мелкие заказы, много времени на согласования",
            acting_user=head,
        )
        Activity.objects.bulk_create(
            Activity(
                company=client,
                kind=ActivityKind.CALL,
                subject="Снова уточняли скидку",
                result="Просит скидку на мелкую партию",
                assignee=farmer,
                author=farmer,
                done_at=now - timedelta(days=i + 1, minutes=n),
            )
            for i in range(3 - n)
        )
    meeting_create(
        kind=MeetingKind.MONTHLY,
        held_on=timezone.localdate(),
        department=farmers[0].department,
        acting_user=head,
    )


def _calls(head: User, hunters: list[User]) -> None:
    now = timezone.now()
    checklist = selectors.call_checklist()
    for n, hunter in enumerate(hunters):
        companies = Company.objects.filter(owner=hunter, section="").order_by("pk")[:4]
        calls = [
            Activity.objects.create(
                company=company,
                kind=ActivityKind.CALL,
                subject=CALL_RESULTS[i % len(CALL_RESULTS)][:60],
                result=CALL_RESULTS[i % len(CALL_RESULTS)],
                assignee=hunter,
                author=hunter,
                # Minutes ago: within this week whatever the day the demo is built.
                done_at=now - timedelta(minutes=15 * (i + 1) + n),
            )
            for i, company in enumerate(companies)
        ]
        if not calls:
            continue
        first = calls[0]
        if n == 0:
            upload = SimpleUploadedFile("звонок.wav", tone_wav(), "audio/wav")
            recording_save(call=first, upload=upload, link="", acting_user=hunter)
        else:
            link = f"https://pbx.example.com/records/{hunter.username}-{first.pk}.mp3"
            recording_save(call=first, upload=None, link=link, acting_user=hunter)
        if n == 1 and len(calls) > 1:
            call_flag(call=calls[1], acting_user=hunter)
        if n < 2:
            call_review_save(
                call=first,
                ticked=checklist[: len(checklist) - n - 1],
                comment="Хорошее начало; не договорились о следующем шаге с датой."
                if n == 0
                else "Не вышли на ЛПР: спросите, кто решает о закупке.",
                acting_user=head,
            )


def _joint_meetings(head: User, hunter: User) -> None:
    """The head went with hunter1 to a meeting yesterday and goes to his next one."""
    now = timezone.now()
    company = Company.objects.filter(owner=hunter, section="").order_by("-pk").first()
    if company is None:
        return
    yesterday = Activity.objects.create(
        company=company,
        kind=ActivityKind.FIRST_MEETING,
        subject="Первая встреча: потребности",
        due_at=now - timedelta(days=1),
        assignee=hunter,
        author=hunter,
    )
    joint_meeting_attended(
        joint=joint_meeting_plan(meeting=yesterday, acting_user=head), acting_user=head
    )
    Activity.objects.filter(pk=yesterday.pk).update(
        done_at=now - timedelta(days=1), result="Выяснили потребность, готовим КП"
    )
    ahead = Activity.objects.create(
        company=company,
        kind=ActivityKind.REPEAT_MEETING,
        subject="Повторная встреча: КП и условия",
        due_at=now + timedelta(days=2),
        assignee=hunter,
        author=hunter,
    )
    joint_meeting_plan(meeting=ahead, acting_user=head)


def _meetings(head: User, hunters: list[User]) -> None:
    """The hunters' weekly meeting, held, with two decisions; today's planning ahead."""
    department = hunters[0].department
    today = timezone.localdate()
    weekly = meeting_create(
        kind=MeetingKind.WEEKLY,
        held_on=today - timedelta(days=today.weekday()),
        department=department,
        acting_user=head,
    )
    owners = dict(
        Company.objects.filter(
            pk__in=[pk for pk, _name in selectors.agenda_companies(weekly.agenda)]
        ).values_list("pk", "owner")
    )
    decisions = [
        ("Выставить счёт до пятницы", pk) for pk, owner in owners.items() if owner is not None
    ][:1] + [("Решить по компании: сделка или архив", pk) for pk in list(owners)[1:2]]
    for text, pk in decisions:
        owner = User.objects.get(pk=owners[pk])
        meeting_decide(
            meeting=weekly,
            text=text,
            company=Company.objects.get(pk=pk),
            owner=owner,
            due_on=today + timedelta(days=2),
            acting_user=head,
        )
    meeting_update(
        meeting=weekly,
        notes="Разобрали «чёрную дыру»: счета выставить, оплаты дожать. "
        "По истекающим компаниям решить до пятницы.",
        present=[h.pk for h in hunters[:-1]],
        held=True,
        acting_user=head,
    )
    meeting_create(kind=MeetingKind.DAILY, held_on=today, department=department, acting_user=head)
