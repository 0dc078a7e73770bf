"""A candidate through the stages by the one write path: history kept, illegal moves refused
with a clear message, the interview scored against the portrait, the hire making a user with
his onboarding checklist, CV uploads checked by their content."""

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from otdel.days import working_day
from otdel.hiring import selectors
from otdel.hiring.models import (
    CandidateEvent,
    EventKind,
    OnboardingItem,
    RejectionReason,
    Stage,
)
from otdel.hiring.services import (
    candidate_add,
    candidate_cv_save,
    candidate_hire,
    candidate_move,
    candidate_record,
    candidate_refuse,
    candidate_score,
    expense_add,
    onboarding_start,
    onboarding_tick,
    vacancy_save,
)
from otdel.org.models import SettingsChange, User
from otdel.refusal import RuleRefused

from .conftest import make_vacancy

# The refusals are read in English.
pytestmark = pytest.mark.usefixtures("english")


def _score_all(candidate, head, value=4):
    portrait = selectors.portrait_for(candidate.vacancy.position)
    return candidate_score(
        candidate=candidate, scores={c.pk: value for c in portrait}, acting_user=head
    )


def _to_offer(candidate, head):
    candidate = candidate_move(candidate=candidate, to=Stage.PHONE, acting_user=head)
    candidate = candidate_record(
        candidate=candidate, changes={"phone_notes": "Продавал 3 года"}, acting_user=head
    )
    candidate = candidate_move(candidate=candidate, to=Stage.INTERVIEW, acting_user=head)
    _score_all(candidate, head)
    return candidate_move(candidate=candidate, to=Stage.OFFER, acting_user=head)


def test_a_move_is_kept_in_the_history(people, candidate):
    moved = candidate_move(candidate=candidate, to=Stage.PHONE, acting_user=people.head)
    assert moved.stage == Stage.PHONE
    event = CandidateEvent.objects.filter(candidate=candidate, kind=EventKind.MOVED).get()
    assert (event.from_stage, event.to_stage, event.author) == (
        Stage.RESPONSE,
        Stage.PHONE,
        people.head,
    )


def test_a_skipped_stage_is_refused_and_changes_nothing(people, candidate):
    with pytest.raises(RuleRefused, match="cannot go to «Offer»"):
        candidate_move(candidate=candidate, to=Stage.OFFER, acting_user=people.head)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.RESPONSE
    assert not CandidateEvent.objects.filter(kind=EventKind.MOVED).exists()


def test_the_interview_is_left_only_once_scored(people, candidate):
    candidate = candidate_move(candidate=candidate, to=Stage.PHONE, acting_user=people.head)
    with pytest.raises(RuleRefused, match="phone interview"):
        candidate_move(candidate=candidate, to=Stage.INTERVIEW, acting_user=people.head)
    candidate_record(candidate=candidate, changes={"phone_notes": "ок"}, acting_user=people.head)
    candidate = candidate_move(candidate=candidate, to=Stage.INTERVIEW, acting_user=people.head)
    with pytest.raises(RuleRefused, match="portrait"):
        candidate_move(candidate=candidate, to=Stage.TEST_TASK, acting_user=people.head)


def test_the_weighted_score_is_saved_from_the_portrait(people, candidate):
    candidate = candidate_move(candidate=candidate, to=Stage.PHONE, acting_user=people.head)
    candidate_record(candidate=candidate, changes={"phone_notes": "ок"}, acting_user=people.head)
    candidate = candidate_move(candidate=candidate, to=Stage.INTERVIEW, acting_user=people.head)
    portrait = selectors.portrait_for(candidate.vacancy.position)
    assert [c.weight for c in portrait] == [3, 2, 2, 2, 1]  # the method's hunter
    scores = dict(zip([c.pk for c in portrait], [5, 4, 3, 2, 1], strict=True))
    scored = candidate_score(candidate=candidate, scores=scores, acting_user=people.head)
    # (3*5 + 2*4 + 2*3 + 2*2 + 1*1) / 10
    assert scored.score == Decimal("3.40")
    with pytest.raises(RuleRefused, match="every criterion"):
        candidate_score(candidate=candidate, scores={portrait[0].pk: 5}, acting_user=people.head)
    with pytest.raises(RuleRefused, match="1 to 5"):
        candidate_score(
            candidate=candidate, scores={c.pk: 6 for c in portrait}, acting_user=people.head
        )


def test_a_refusal_needs_a_reason_and_ends_the_file(people, candidate):
    reason = RejectionReason.objects.get(name="Не вышел на связь")
    with pytest.raises(RuleRefused, match="reason"):
        candidate_refuse(candidate=candidate, reason=None, acting_user=people.head)
    refused = candidate_refuse(
        candidate=candidate, reason=reason, note="3 звонка", acting_user=people.head
    )
    assert (refused.stage, refused.refused_at, refused.refusal_reason) == (
        Stage.REFUSED,
        Stage.RESPONSE,
        reason,
    )
    with pytest.raises(RuleRefused, match="moves no further"):
        candidate_move(candidate=refused, to=Stage.PHONE, acting_user=people.head)
    with pytest.raises(RuleRefused, match="moves no further"):
        candidate_refuse(candidate=refused, reason=reason, acting_user=people.head)


def test_hire_creates_the_user_and_his_onboarding(people, candidate, vacancy):
    candidate = _to_offer(candidate, people.head)
    start = timezone.localdate() - timedelta(days=2)
    user = candidate_hire(candidate=candidate, start_on=start, acting_user=people.head)
    assert user.username == "ivan.petrov"
    assert (user.first_name, user.last_name) == ("Иван", "Петров")
    assert (user.position, user.department) == (vacancy.position, vacancy.department)
    assert user.is_active and not user.has_usable_password()
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.user) == (Stage.HIRED, user)
    items = list(OnboardingItem.objects.filter(user=user).order_by("due_on", "pk"))
    assert len(items) == 7
    assert items[0].title.startswith("Изучить продукт")
    assert items[0].due_on == working_day(start + timedelta(days=1))
    assert all(item.due_on.weekday() < 5 for item in items)
    assert SettingsChange.objects.filter(subject=str(user)).exists()  # Settings' log
    assert CandidateEvent.objects.filter(candidate=candidate, kind=EventKind.HIRED).exists()


def test_hire_only_after_the_offer_and_only_once(people, candidate):
    with pytest.raises(RuleRefused, match="after the offer"):
        candidate_hire(candidate=candidate, acting_user=people.head)
    candidate = _to_offer(candidate, people.head)
    with pytest.raises(RuleRefused, match="taken"):
        candidate_hire(candidate=candidate, username="hunter1", acting_user=people.head)
    candidate_hire(candidate=candidate, username="ivan", acting_user=people.head)
    with pytest.raises(RuleRefused, match="moves no further"):
        candidate_hire(candidate=candidate, username="ivan2", acting_user=people.head)
    assert not User.objects.filter(username="ivan2").exists()


def test_a_second_ivan_petrov_gets_a_free_username(people, vacancy, candidate):
    User.objects.create(username="ivan.petrov")
    user = candidate_hire(candidate=_to_offer(candidate, people.head), acting_user=people.head)
    assert user.username == "ivan.petrov2"


def test_a_leader_starts_onboarding_for_an_existing_person(people):
    items = onboarding_start(
        user=people.hunter2, start_on=timezone.localdate(), acting_user=people.hunters_lead
    )
    assert len(items) == 7
    with pytest.raises(RuleRefused, match="already started"):
        onboarding_start(
            user=people.hunter2, start_on=timezone.localdate(), acting_user=people.head
        )
    # Not a person he leads.
    with pytest.raises(RuleRefused, match="people you lead"):
        onboarding_start(
            user=people.farmer1, start_on=timezone.localdate(), acting_user=people.hunters_lead
        )
    with pytest.raises(RuleRefused, match="people you lead"):
        onboarding_start(
            user=people.hunter1, start_on=timezone.localdate(), acting_user=people.hunter2
        )


def test_the_person_and_his_leader_tick_his_checklist_nobody_else(people):
    item = onboarding_start(
        user=people.hunter2, start_on=timezone.localdate(), acting_user=people.head
    )[0]
    done = onboarding_tick(item=item, done=True, acting_user=people.hunter2)
    assert done.done_by == people.hunter2 and done.done_at is not None
    onboarding_tick(item=item, done=False, acting_user=people.hunters_lead)
    item.refresh_from_db()
    assert item.done_at is None
    for stranger in (people.hunter1, people.farmers_lead):
        with pytest.raises(RuleRefused):
            onboarding_tick(item=item, done=True, acting_user=stranger)


def test_spend_is_summed_against_the_budget(people, vacancy):
    for amount in (30000, 25000):
        expense_add(
            vacancy=vacancy,
            channel="hh.ru",
            amount=Decimal(amount),
            spent_on=timezone.localdate(),
            acting_user=people.head,
        )
    row = selectors.vacancies_with_figures(people.head).get(pk=vacancy.pk)
    assert row.spent == Decimal(55000)
    with pytest.raises(RuleRefused, match="above zero"):
        expense_add(
            vacancy=vacancy,
            channel="hh.ru",
            amount=Decimal(0),
            spent_on=timezone.localdate(),
            acting_user=people.head,
        )


def test_a_closed_vacancy_takes_no_candidates(people, vacancy):
    closed = vacancy_save(vacancy=vacancy, changes={"status": "closed"}, acting_user=people.head)
    assert closed.closed_on == timezone.localdate()
    with pytest.raises(RuleRefused, match="closed"):
        candidate_add(vacancy=closed, full_name="Поздний", acting_user=people.head)


def test_a_department_head_opens_vacancies_for_his_departments_only(people):
    make_vacancy(people, department=people.hunter1.department)  # by the head of sales
    with pytest.raises(RuleRefused, match="your departments"):
        vacancy_save(
            vacancy=None,
            changes={
                "title": "Чужая",
                "position": "account_manager",
                "department": people.farmer1.department,
                "opened_on": timezone.localdate(),
            },
            acting_user=people.hunters_lead,
        )
    with pytest.raises(RuleRefused, match="those who lead people"):
        vacancy_save(vacancy=None, changes={"title": "x"}, acting_user=people.hunter1)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.usefixtures("media")
def test_a_pdf_or_docx_cv_is_kept(people, vacancy):
    with_pdf = candidate_add(
        vacancy=vacancy,
        full_name="С резюме",
        cv=SimpleUploadedFile("resume.pdf", b"%PDF-1.4 resume"),
        acting_user=people.head,
    )
    assert with_pdf.cv.name.endswith(".pdf") and with_pdf.cv_content_type == "application/pdf"
    replaced = candidate_cv_save(
        candidate=with_pdf,
        upload=SimpleUploadedFile("resume.docx", _docx()),
        acting_user=people.head,
    )
    assert replaced.cv.name.endswith(".docx")


@pytest.mark.usefixtures("media")
def test_a_cv_that_is_not_a_pdf_or_docx_is_refused(people, vacancy):
    with pytest.raises(RuleRefused, match="not a PDF or DOCX"):
        candidate_add(
            vacancy=vacancy,
            full_name="Хитрый",
            cv=SimpleUploadedFile("resume.pdf", b"MZ\x90\x00 not a pdf"),
            acting_user=people.head,
        )
    assert not vacancy.candidates.exists()


@pytest.mark.usefixtures("media")
def test_an_oversized_cv_is_refused(people, candidate, settings):
    settings.OTDEL_CV_MAX_BYTES = 1024
    with pytest.raises(RuleRefused, match="too big"):
        candidate_cv_save(
            candidate=candidate,
            upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000),
            acting_user=people.head,
        )
    candidate.refresh_from_db()
    assert not candidate.cv


def test_defaults_are_installed_once_into_empty_lists(db):
    from otdel.hiring.models import OnboardingTemplate, PortraitCriterion
    from otdel.hiring.services import hiring_install_defaults

    counts = (RejectionReason.objects.count(), PortraitCriterion.objects.count())
    assert counts == (6, 12)
    OnboardingTemplate.objects.all().delete()
    hiring_install_defaults()
    hiring_install_defaults()
    assert OnboardingTemplate.objects.count() == 7
    assert (RejectionReason.objects.count(), PortraitCriterion.objects.count()) == counts


def test_the_hired_candidates_page_says_his_password_is_still_to_be_set(people, candidate):
    from django.urls import reverse

    from tests.conftest import client_for

    candidate = _to_offer(candidate, people.head)
    user = candidate_hire(candidate=candidate, acting_user=people.head)
    page = reverse("hiring:candidate", args=[candidate.pk])
    link = reverse("setup:user", args=[user.pk])
    assert link in client_for(people.head).get(page).content.decode()
    of_a_lead = client_for(people.hunters_lead).get(page).content.decode()
    assert link not in of_a_lead and "Пароля пока нет" in of_a_lead
    user.set_password("Новый-пароль-2026")
    user.save()
    assert "set-password" not in client_for(people.head).get(page).content.decode()
