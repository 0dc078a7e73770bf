"""The demo shows the head's week at work: meetings held from their agendas with decisions in
the managers' work, calls recorded (a link, a generated WAV), flagged and scored, joint
meetings planned and attended."""

from django.core.management import call_command

from otdel.meetings.models import CallFlag, CallReview, JointMeeting, Meeting, Recording
from tests.test_demo import needs_shared_data


@needs_shared_data
def test_the_demo_holds_meetings_and_reviews_calls(db, media):
    call_command("demo", verbosity=0)
    weekly = Meeting.objects.get(kind="weekly")
    assert weekly.held_at and weekly.notes and weekly.agenda["black_hole"]
    assert weekly.decisions.count() == 2
    assert weekly.attendance.filter(present=True).exists()
    assert all(d.task.assignee_id for d in weekly.decisions.all())
    monthly = Meeting.objects.get(kind="monthly")
    assert monthly.agenda["d_clients"]
    assert Meeting.objects.filter(kind="daily", held_at__isnull=True).exists()
    wav = Recording.objects.exclude(file="").get()
    assert wav.content_type == "audio/wav" and (media / wav.file.name).exists()
    assert Recording.objects.exclude(link="").count() >= 4
    assert sorted(CallReview.objects.values_list("score", flat=True)) == [60, 80]
    assert CallFlag.objects.count() == 1
    assert JointMeeting.objects.filter(attended_at__isnull=False).count() == 1
    assert JointMeeting.objects.filter(attended_at__isnull=True).count() == 1
