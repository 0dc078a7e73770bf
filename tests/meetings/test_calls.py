"""Call review (issue 16, item 4): a call's recording, uploaded (checked by its content, kept
through the storage API, served only to those who see the company) or linked; the week's
review queue; the head's score and comment the manager reads; joint client meetings."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.meetings.models import CallChecklist, CallReview, JointMeeting, Recording
from otdel.meetings.rules import week_of
from otdel.meetings.services import (
    call_flag,
    call_review_save,
    joint_meeting_attended,
    joint_meeting_plan,
    recording_save,
)
from otdel.refusal import RuleRefused
from tests.conftest import client_for
from tests.factories import CompanyFactory

from .conftest import TODAY
from .test_rules import wav


def call_of(manager, name="Альфа", hours_ago=2, company=None):
    company = company or CompanyFactory(legal_name=name, owner=manager, section="")
    return Activity.objects.create(
        company=company,
        kind="call",
        subject=f"Звонок в {name}",
        result="Договорились о встрече",
        assignee=manager,
        done_at=timezone.now() - timedelta(hours=hours_ago),
    )


def audio(name="звонок.wav", content=None):
    return SimpleUploadedFile(name, content if content is not None else wav(), "audio/wav")


def test_a_manager_uploads_a_recording_kept_through_the_storage_api(people, media, now):
    call = call_of(people.hunter1)
    response = client_for(people.hunter1).post(
        reverse("meetings:recording", args=[call.pk]), {"file": audio()}
    )
    assert response.status_code == 302
    recording = Recording.objects.get(activity=call)
    assert recording.content_type == "audio/wav" and recording.size == len(wav())
    assert default_storage.exists(recording.file.name)
    assert (media / recording.file.name).read_bytes() == wav()


def test_a_new_recording_replaces_the_old_file(
    people, media, now, django_capture_on_commit_callbacks
):
    call = call_of(people.hunter1)
    with django_capture_on_commit_callbacks(execute=True):
        recording_save(call=call, upload=audio(), link="", acting_user=people.hunter1)
    old = Recording.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        recording_save(
            call=call,
            upload=None,
            link="https://pbx.example.com/r/1.mp3",
            acting_user=people.hunter1,
        )
    recording = Recording.objects.get()
    assert recording.link and not recording.file
    assert not default_storage.exists(old)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("звонок.mp3", b"%PDF-1.7 not a sound", "audio/mpeg"), "не аудиозапись"),
        (SimpleUploadedFile("звонок.wav", b"", "audio/wav"), "пуст"),
    ],
)
def test_a_file_that_is_not_audio_is_refused_whatever_its_name(people, media, now, upload, message):
    call = call_of(people.hunter1)
    response = client_for(people.hunter1).post(
        reverse("meetings:recording", args=[call.pk]), {"file": upload}, follow=True
    )
    assert not Recording.objects.exists()
    assert any(message in str(m) for m in response.context["messages"])
    assert list(media.iterdir()) == []


def test_a_file_over_the_limit_is_refused(people, media, now, settings):
    settings.OTDEL_RECORDING_MAX_BYTES = 1000
    call = call_of(people.hunter1)
    with pytest.raises(RuleRefused) as refused:
        recording_save(
            call=call, upload=audio(content=wav(600)), link="", acting_user=people.hunter1
        )
    assert refused.value.field == "file"
    assert not Recording.objects.exists()


def test_only_a_call_carries_a_recording_and_only_those_who_change_the_company_attach_it(
    people, media, now
):
    call = call_of(people.hunter1)
    with pytest.raises(RuleRefused):
        recording_save(call=call, upload=audio(), link="", acting_user=people.pm1)
    meeting = Activity.objects.create(
        company=call.company, kind="meeting", subject="Встреча", assignee=people.hunter1
    )
    assert (
        client_for(people.hunter1).get(reverse("meetings:recording", args=[meeting.pk])).status_code
        == 404
    )


def test_a_manager_cannot_hear_another_managers_recording(people, media, now):
    call = call_of(people.hunter1)
    recording_save(call=call, upload=audio(), link="", acting_user=people.hunter1)
    url = reverse("meetings:recording_file", args=[call.pk])
    heard = {name: client_for(user).get(url).status_code for name, user in people.all().items()}
    assert heard == {
        "owner": 200,
        "head": 200,
        "hunters_lead": 200,
        "hunter1": 200,
        "hunter2": 404,
        "farmer1": 404,
        "pm1": 404,
        "tm1": 404,
        "outsider": 404,
        "farmers_lead": 404,
    }
    response = client_for(people.hunters_lead).get(url)
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content) == wav()


def test_a_linked_recording_leads_to_its_link(people, now):
    call = call_of(people.hunter1)
    recording_save(
        call=call, upload=None, link="https://pbx.example.com/r/7", acting_user=people.hunter1
    )
    response = client_for(people.hunter1).get(reverse("meetings:recording_file", args=[call.pk]))
    assert response["Location"] == "https://pbx.example.com/r/7"


def test_the_call_on_the_company_card_links_to_its_recording(people, now):
    call = call_of(people.hunter1)
    card = client_for(people.hunter1).get(reverse("base:company_detail", args=[call.company_id]))
    assert reverse("meetings:recording", args=[call.pk]) in card.content.decode()


def test_the_week_queue_draws_three_calls_a_manager_and_adds_the_flagged(people, now):
    hunter1 = [call_of(people.hunter1, f"Альфа {i}", hours_ago=i) for i in range(1, 8)]
    hunter2 = [call_of(people.hunter2, f"Гамма {i}", hours_ago=i) for i in range(1, 3)]
    call_of(people.farmer1, "Ферма")  # another department's
    last_week = call_of(people.hunter1, "Прошлая", hours_ago=24 * 8)
    queue = client_for(people.hunters_lead).get(reverse("meetings:reviews")).context["calls"]
    drawn = {c.pk for c in queue if c.assignee == people.hunter1}
    assert len(drawn) == 3 and {c for c in queue if c.assignee == people.hunter2} == set(hunter2)
    outside = next(c for c in hunter1 if c.pk not in drawn)
    call_flag(call=outside, acting_user=people.hunter1)
    again = client_for(people.hunters_lead).get(reverse("meetings:reviews")).context["calls"]
    assert {c.pk for c in again} == drawn | {outside.pk} | {c.pk for c in hunter2}
    assert last_week not in again
    earlier = client_for(people.hunters_lead).get(
        reverse("meetings:reviews"), {"week": week_of(TODAY - timedelta(days=8))}
    )
    assert [c.pk for c in earlier.context["calls"]] == [last_week.pk]


def test_the_head_scores_a_call_and_the_manager_reads_the_comment(people, now):
    call = call_of(people.hunter1)
    CallChecklist.objects.create(pk=1, items="Поздоровался\nВышел на ЛПР\nСледующий шаг\nЦена")
    lead = client_for(people.hunters_lead)
    lead.post(
        reverse("meetings:review", args=[call.pk]),
        {"item": ["Поздоровался", "Следующий шаг", "Вышел на ЛПР"], "comment": "Не назвал цену"},
    )
    review = CallReview.objects.get(activity=call)
    assert (review.score, review.reviewer) == (75, people.hunters_lead)
    assert review.checks == {
        "Поздоровался": True,
        "Вышел на ЛПР": True,
        "Следующий шаг": True,
        "Цена": False,
    }
    page = client_for(people.hunter1).get(reverse("meetings:recording", args=[call.pk]))
    assert "Не назвал цену" in page.content.decode() and not page.context["may_review"]
    mine = client_for(people.hunter1).get(reverse("meetings:reviews"))
    assert list(mine.context["calls"]) == [call]


def test_only_the_managers_head_scores_his_call(people, now):
    call = call_of(people.hunter1)
    for user in (people.hunter1, people.farmers_lead):
        with pytest.raises(RuleRefused):
            call_review_save(call=call, ticked=[], comment="", acting_user=user)
    assert (
        client_for(people.hunter2).post(reverse("meetings:review", args=[call.pk])).status_code
        == 404
    )
    assert (
        client_for(people.hunter1).post(reverse("meetings:review", args=[call.pk])).status_code
        == 403
    )
    assert not CallReview.objects.exists()


def test_the_head_joins_a_client_meeting_and_marks_it_attended(people, now):
    company = CompanyFactory(legal_name="Встречная", owner=people.hunter1, section="")
    meeting = Activity.objects.create(
        company=company,
        kind="first_meeting",
        subject="Первая встреча",
        assignee=people.hunter1,
        due_at=timezone.now() + timedelta(days=1),
    )
    lead = client_for(people.hunters_lead)
    assert list(lead.get(reverse("meetings:reviews")).context["to_join"]) == [meeting]
    lead.post(reverse("meetings:joint_plan", args=[meeting.pk]))
    joint = JointMeeting.objects.get()
    assert list(lead.get(reverse("meetings:reviews")).context["to_join"]) == []
    with pytest.raises(RuleRefused):
        joint_meeting_attended(joint=joint, acting_user=people.head)
    lead.post(reverse("meetings:joint_attended", args=[joint.pk]))
    joint.refresh_from_db()
    assert joint.attended_at is not None
    with pytest.raises(RuleRefused):
        joint_meeting_plan(meeting=call_of(people.hunter1), acting_user=people.hunters_lead)
