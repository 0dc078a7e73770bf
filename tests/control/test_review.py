"""The working-list review (issue 16, item 2): the head reads where a manager's list strays
from the algorithm and which data it lacks, marks the review done with a comment, and the
manager reads it."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from otdel.algorithm.models import Activity, PlaybookStep, RuleSettings, StageChecklist
from otdel.base.models import Contact, Phone
from otdel.control.models import WorkingListReview
from otdel.control.services import review_complete
from otdel.refusal import RuleRefused
from tests.conftest import client_for
from tests.factories import CategoryFactory, CompanyFactory


@pytest.fixture
def working_list(people):
    """hunter1's list: one company with all its data, one with a name only; a first meeting
    held five days ago with no repeat, and one held unprepared."""
    now = timezone.now()
    full = CompanyFactory(
        legal_name="Полная",
        owner=people.hunter1,
        section="",
        state="contact_2",
        tax_id="7736207543",
        category=CategoryFactory(),
        segment=None,
        size_tag="large",
    )
    from otdel.base.models import Segment

    full.segment = Segment.objects.create(name="Розница")
    full.save()
    boss = Contact.objects.create(company=full, full_name="Иван Петров", is_decision_maker=True)
    Phone.objects.create(company=full, contact=boss, number="+74951234567")
    bare = CompanyFactory(legal_name="Пустая", owner=people.hunter1, section="", state="contact_1")
    checklist = RuleSettings.load().meeting_checklist_items
    Activity.objects.create(
        company=full,
        kind="first_meeting",
        subject="Знакомство",
        assignee=people.hunter1,
        due_at=now - timedelta(days=5),
        done_at=now - timedelta(days=5),
        prepared=checklist,
    )
    Activity.objects.create(
        company=bare,
        kind="meeting",
        subject="Встреча",
        assignee=people.hunter1,
        due_at=now - timedelta(days=1),
        done_at=now - timedelta(days=1),
        prepared=checklist[:1],
    )
    return full, bare


def test_the_head_reads_completeness_and_compliance_per_company(people, working_list):
    full, bare = working_list
    page = client_for(people.hunters_lead).get(reverse("control:review", args=[people.hunter1.pk]))
    review = page.context["review"]
    assert review.completeness == 50  # 6 of 12 fields
    assert review.incomplete == [
        (bare, ["ИНН", "телефон", "ЛПР", "категория", "сегмент", "размер"])
    ]
    assert review.no_decision_maker == 1
    assert review.late_repeats == [full]
    assert [(meeting.company, len(skipped)) for meeting, skipped in review.unprepared] == [
        (bare, len(RuleSettings.load().meeting_checklist_items) - 1)
    ]
    html = page.content.decode()
    assert 'data-testid="review-form"' in html
    # The company list behind "lacks data" and "without a decision maker" lists the same ones.
    for attention in ("incomplete", "no_decision_maker"):
        url = f"{reverse('base:company_list')}?scope=all&owner={people.hunter1.pk}&attention={attention}"
        assert url.replace("&", "&amp;") in html
        assert list(client_for(people.head).get(url).context["page"]) == [bare]


def test_a_review_done_is_kept_with_its_findings_and_the_manager_reads_it(people, working_list):
    url = reverse("control:review", args=[people.hunter1.pk])
    head = client_for(people.hunters_lead)
    refused = head.post(url, {"comment": "   "})
    assert refused.status_code == 200 and not WorkingListReview.objects.exists()
    done = head.post(url, {"comment": "Найти ЛПР в «Пустой» до пятницы."})
    assert done.status_code == 302
    review = WorkingListReview.objects.get()
    assert (review.manager, review.reviewer, review.completeness) == (
        people.hunter1,
        people.hunters_lead,
        50,
    )
    assert review.findings == {
        "incomplete": 1,
        "no_decision_maker": 1,
        "late_repeats": 1,
        "unprepared": 1,
        "skipped_checklists": 0,
    }
    own = client_for(people.hunter1).get(url)
    html = own.content.decode()
    assert "Найти ЛПР в «Пустой» до пятницы." in html and 'data-testid="review-form"' not in html
    # The manager only reads: he cannot mark his own review done.
    assert client_for(people.hunter1).post(url, {"comment": "Сам"}).status_code == 403
    assert WorkingListReview.objects.count() == 1
    # Control shows the day of the last review.
    rows = client_for(people.head).get(reverse("control:control")).context["rows"]
    assert next(r for r in rows if r.manager == people.hunter1).last_review == review.done_at


@pytest.mark.parametrize("who", ["hunter2", "farmers_lead", "pm1", "outsider"])
def test_nobody_else_sees_a_managers_review(people, working_list, who):
    url = reverse("control:review", args=[people.hunter1.pk])
    assert client_for(getattr(people, who)).get(url).status_code == 404


def test_review_complete_checks_its_reviewer_and_comment(people, working_list):
    with pytest.raises(Http404):
        review_complete(manager=people.hunter1, comment="Ок", acting_user=people.farmers_lead)
    with pytest.raises(RuleRefused):
        review_complete(manager=people.hunter1, comment="Ок", acting_user=people.hunter1)
    with pytest.raises(RuleRefused) as refused:
        review_complete(manager=people.hunter1, comment="x" * 4001, acting_user=people.owner)
    assert refused.value.field == "comment"
    assert not WorkingListReview.objects.exists()
    review_complete(manager=people.hunter1, comment="Ок", acting_user=people.owner)
    assert WorkingListReview.objects.get().reviewer == people.owner


def test_the_review_lists_the_stages_left_with_their_checklist_not_done(people, working_list):
    full, bare = working_list
    now = timezone.now()
    items = PlaybookStep.objects.get(state="contact_1").checklist_items

    def left(company, state, missing, days, owner=people.hunter1):
        StageChecklist.objects.create(
            company=company,
            state=state,
            missing=missing,
            left_at=now - timedelta(days=days),
            left_owner=owner,
        )

    left(bare, "contact_1", items[1:], 2)
    left(full, "contact_1", [], 3)  # done in full
    left(full, "new", ["Найден телефон и ЛПР"], 40)  # before the review's 30 days
    left(bare, "new", ["Найден телефон и ЛПР"], 5, owner=people.hunter2)  # another's
    url = reverse("control:review", args=[people.hunter1.pk])
    page = client_for(people.hunters_lead).get(url)
    review = page.context["review"]
    assert [(row.company, row.state, missing) for row, missing in review.skipped_checklists] == [
        (bare, "contact_1", items[1:])
    ]
    assert review.findings["skipped_checklists"] == 1
    html = page.content.decode()
    assert 'data-testid="skipped-checklists-list"' in html and items[1] in html
    client_for(people.hunters_lead).post(url, {"comment": "Чек-листы по этапам."})
    assert WorkingListReview.objects.get().findings["skipped_checklists"] == 1
