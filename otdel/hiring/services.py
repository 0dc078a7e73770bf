"""The write paths of hiring: each checks who may, runs in one transaction and writes the
candidate's history (CandidateEvent). A candidate moves only through `candidate_move`,
`candidate_refuse` and `candidate_hire`, which ask rules.py whether the move is allowed."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms import BaseModelFormSet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.org.models import SettingsSection, User
from otdel.org.rules import Scope
from otdel.org.selectors import scope_of_user
from otdel.org.services import settings_row_save
from otdel.recorded import recorded
from otdel.refusal import RuleRefused

from . import rules, selectors
from .models import (
    Candidate,
    CandidateEvent,
    CriterionScore,
    EventKind,
    HiringExpense,
    OnboardingItem,
    OnboardingTemplate,
    PortraitCriterion,
    RejectionReason,
    Stage,
    Vacancy,
    VacancyStatus,
)

VACANCY_FIELDS = (
    "title",
    "position",
    "department",
    "text",
    "channels",
    "budget",
    "status",
    "opened_on",
    "closed_on",
    "phone_script",
    "questions",
)
FIELDS = gettext_lazy("%(fields)s")
RECORD_FIELDS = (
    "phone_notes",
    "interview_notes",
    "test_given_on",
    "test_received_on",
    "test_score",
    "offer_note",
)


@transaction.atomic
def hiring_install_defaults() -> None:
    """The method's refusal reasons, portraits and onboarding checklist, each list only where
    it is empty (the first migration installs them too; a flushed database has none)."""
    if not RejectionReason.objects.exists():
        RejectionReason.objects.bulk_create(
            RejectionReason(name=name, order=i) for i, name in enumerate(rules.DEFAULT_REASONS)
        )
    if not PortraitCriterion.objects.exists():
        PortraitCriterion.objects.bulk_create(
            PortraitCriterion(
                position=position, name=name, weight=weight, description=text, order=i
            )
            for position, rows in rules.DEFAULT_PORTRAIT.items()
            for i, (name, weight, text) in enumerate(rows)
        )
    if not OnboardingTemplate.objects.exists():
        OnboardingTemplate.objects.bulk_create(
            OnboardingTemplate(title=title, days_after_start=days, order=i)
            for i, (days, title) in enumerate(rules.DEFAULT_ONBOARDING)
        )


@transaction.atomic
def hiring_list_save(*, formset: BaseModelFormSet, acting_user: User) -> None:
    """A checked formset of one of hiring's lists (portrait criteria, scripts, onboarding
    items, refusal reasons): the owner and the head of sales keep them."""
    if not acting_user.configures:
        raise RuleRefused(_("Only the owner and the head of sales change these settings."))
    formset.save()


def _check_hirer(user: User) -> None:
    if not selectors.may_hire(user):
        raise RuleRefused(_("Hiring is for those who lead people."))


def _event(
    candidate: Candidate,
    kind: str,
    acting_user: User | None,
    *,
    from_stage: str = "",
    to_stage: str = "",
    text: str = "",
) -> CandidateEvent:
    return CandidateEvent.objects.create(
        candidate=candidate,
        kind=kind,
        author=acting_user,
        from_stage=from_stage,
        to_stage=to_stage,
        text=text[:500],
    )


@transaction.atomic
def vacancy_save(
    *, vacancy: Vacancy | None, changes: Mapping[str, Any], acting_user: User
) -> Vacancy:
    """Open a vacancy or change it; closing it dates the close, reopening clears it."""
    _check_hirer(acting_user)
    department = changes.get("department")
    if department is not None and not (
        selectors.hiring_departments(acting_user).filter(pk=department.pk).exists()
    ):
        raise RuleRefused(_("Choose one of your departments."), field="department")
    if vacancy is None:
        vacancy = Vacancy(created_by=acting_user)
    else:
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    for name in VACANCY_FIELDS:
        if name in changes:
            setattr(vacancy, name, changes[name])
    if vacancy.department_id is None and not _whole_company(acting_user):
        raise RuleRefused(_("Choose one of your departments."), field="department")
    if vacancy.status == VacancyStatus.CLOSED and vacancy.closed_on is None:
        vacancy.closed_on = timezone.localdate()
    elif vacancy.status == VacancyStatus.OPEN:
        vacancy.closed_on = None
    try:
        vacancy.full_clean()
    except ValidationError as error:
        raise RuleRefused(" ".join(error.messages)) from error
    vacancy.save()
    return vacancy


def _whole_company(user: User) -> bool:
    return scope_of_user(user) is Scope.ALL


@transaction.atomic
def expense_add(
    *,
    vacancy: Vacancy,
    channel: str,
    amount: Decimal,
    spent_on: date,
    note: str = "",
    acting_user: User,
) -> HiringExpense:
    """Money spent on the vacancy's search (a job board, an advert)."""
    _check_hirer(acting_user)
    if amount is None or amount <= 0:
        raise RuleRefused(_("The amount must be above zero."), field="amount")
    if not channel.strip():
        raise RuleRefused(_("Name the channel the money went to."), field="channel")
    return HiringExpense.objects.create(
        vacancy=vacancy, channel=channel.strip(), amount=amount, spent_on=spent_on, note=note
    )


def _max_cv_bytes() -> int:
    return int(settings.OTDEL_CV_MAX_BYTES)


def _check_cv(upload: UploadedFile) -> str:
    """The CV's type by its content; refused when it is too big or not a PDF or DOCX."""
    limit = _max_cv_bytes()
    if upload.size is None or upload.size > limit:
        raise RuleRefused(
            _("The file is too big: at most %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)},
            field="cv",
        )
    upload.seek(0)
    kind = rules.cv_type(upload.read())
    upload.seek(0)
    if kind is None:
        raise RuleRefused(
            _("%(name)s is not a PDF or DOCX document.") % {"name": upload.name}, field="cv"
        )
    return kind


def _keep_cv(candidate: Candidate, upload: UploadedFile) -> None:
    kind = _check_cv(upload)
    old = candidate.cv.name if candidate.cv else ""
    candidate.cv_content_type = kind
    extension = "pdf" if kind == rules.PDF else "docx"
    candidate.cv.save(f"cv-{candidate.pk}.{extension}", upload, save=False)
    candidate.save(update_fields=["cv", "cv_content_type"])
    if old and old != candidate.cv.name:
        storage = candidate.cv.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def candidate_add(
    *,
    vacancy: Vacancy,
    full_name: str,
    phone: str = "",
    email: str = "",
    channel: str = "",
    cv: UploadedFile | None = None,
    acting_user: User,
) -> Candidate:
    """A response to a vacancy: the candidate at his first stage."""
    _check_hirer(acting_user)
    if vacancy.status != VacancyStatus.OPEN:
        raise RuleRefused(_("The vacancy is closed: it takes no candidates."))
    if not full_name.strip():
        raise RuleRefused(_("Write the candidate's name."), field="full_name")
    if cv is not None:
        _check_cv(cv)
    candidate = Candidate.objects.create(
        vacancy=vacancy,
        full_name=full_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        channel=channel.strip(),
    )
    _event(candidate, EventKind.CREATED, acting_user, to_stage=Stage.RESPONSE, text=channel)
    if cv is not None:
        _keep_cv(candidate, cv)
    return candidate


@transaction.atomic
def candidate_cv_save(
    *, candidate: Candidate, upload: UploadedFile, acting_user: User
) -> Candidate:
    _check_hirer(acting_user)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _keep_cv(candidate, upload)
    _event(candidate, EventKind.CV, acting_user, text=upload.name or "")
    return candidate


def _facts(candidate: Candidate) -> rules.Facts:
    return rules.Facts(
        phone_notes=bool(candidate.phone_notes.strip()),
        scored=candidate.score is not None,
        test_scored=candidate.test_received_on is not None and candidate.test_score is not None,
    )


def _lock(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("vacancy").get(pk=candidate.pk)


@transaction.atomic
def candidate_move(*, candidate: Candidate, to: str, acting_user: User) -> Candidate:
    """The candidate goes on to his next stage, if the rules allow it now."""
    _check_hirer(acting_user)
    candidate = _lock(candidate)
    if to == Stage.REFUSED:
        raise RuleRefused(_("A candidate is refused with a reason."))
    refusal = rules.move_refusal(candidate.stage, to, _facts(candidate))
    if refusal:
        raise RuleRefused(refusal)
    return _set_stage(candidate, to, EventKind.MOVED, acting_user)


def _set_stage(
    candidate: Candidate, to: str, kind: str, acting_user: User, text: str = ""
) -> Candidate:
    was = candidate.stage
    candidate.stage = to
    candidate.stage_since = timezone.now()
    candidate.save(update_fields=["stage", "stage_since"])
    _event(candidate, kind, acting_user, from_stage=was, to_stage=to, text=text)
    return candidate


@transaction.atomic
def candidate_refuse(
    *, candidate: Candidate, reason: RejectionReason | None, note: str = "", acting_user: User
) -> Candidate:
    """The candidate goes no further, at whatever stage he is, for a reason from the list."""
    _check_hirer(acting_user)
    candidate = _lock(candidate)
    refusal = rules.move_refusal(candidate.stage, Stage.REFUSED, _facts(candidate))
    if refusal:
        raise RuleRefused(refusal)
    if reason is None:
        raise RuleRefused(_("Choose the reason of the refusal."), field="reason")
    candidate.refusal_reason = reason
    candidate.refused_at = candidate.stage
    candidate.refusal_note = note.strip()[:300]
    candidate.save(update_fields=["refusal_reason", "refused_at", "refusal_note"])
    text = f"{reason.name}. {candidate.refusal_note}" if candidate.refusal_note else reason.name
    return _set_stage(candidate, Stage.REFUSED, EventKind.REFUSED, acting_user, text)


@transaction.atomic
def candidate_record(
    *, candidate: Candidate, changes: Mapping[str, Any], acting_user: User
) -> Candidate:
    """The interviewer's record: phone interview answers, interview notes, the test task's
    dates and score, the offer."""
    _check_hirer(acting_user)
    candidate = _lock(candidate)
    if candidate.stage in rules.FINAL:
        raise RuleRefused(_("The candidate's file is closed."))
    changed = []
    for name in RECORD_FIELDS:
        if name in changes and getattr(candidate, name) != changes[name]:
            setattr(candidate, name, changes[name])
            changed.append(getattr(Candidate._meta.get_field(name), "verbose_name", name))
    if candidate.test_score is not None and not 0 <= candidate.test_score <= 100:
        raise RuleRefused(_("The test task's score is 0 to 100."), field="test_score")
    if (
        candidate.test_given_on
        and candidate.test_received_on
        and candidate.test_received_on < candidate.test_given_on
    ):
        raise RuleRefused(
            _("The test task cannot come back before it was given."), field="test_received_on"
        )
    if not changed:
        return candidate
    candidate.save(update_fields=list(RECORD_FIELDS))
    # The fields' names kept untranslated: each reader sees them in his language.
    _event(candidate, EventKind.RECORDED, acting_user, text=recorded(FIELDS, fields=changed))
    return candidate


@transaction.atomic
def candidate_score(
    *, candidate: Candidate, scores: Mapping[int, int], acting_user: User
) -> Candidate:
    """The interview's scores against the portrait (1-5 each) and the weighted score."""
    _check_hirer(acting_user)
    candidate = _lock(candidate)
    if candidate.stage != Stage.INTERVIEW:
        raise RuleRefused(_("A candidate is scored at the interview."))
    criteria = {c.pk: c for c in selectors.portrait_for(candidate.vacancy.position)}
    if not criteria:
        raise RuleRefused(_("The position has no portrait to score against yet."))
    if set(scores) != set(criteria):
        raise RuleRefused(_("Score every criterion of the portrait."))
    if any(not 1 <= score <= 5 for score in scores.values()):
        raise RuleRefused(_("Each criterion is scored 1 to 5."))
    for pk, score in scores.items():
        CriterionScore.objects.update_or_create(
            candidate=candidate, criterion_id=pk, defaults={"score": score}
        )
    candidate.score = rules.weighted_score(
        (criteria[pk].weight, score) for pk, score in scores.items()
    )
    candidate.save(update_fields=["score"])
    _event(
        candidate,
        EventKind.SCORED,
        acting_user,
        text=recorded(gettext_lazy("%(score)s of 5"), score=candidate.score),
    )
    return candidate


@transaction.atomic
def candidate_hire(
    *, candidate: Candidate, username: str = "", start_on: date | None = None, acting_user: User
) -> User:
    """The candidate with an accepted offer becomes a user (no password yet: the head sets one
    in Settings → People), with the vacancy's position and department, and his onboarding
    checklist starts."""
    _check_hirer(acting_user)
    candidate = _lock(candidate)
    if candidate.stage in rules.FINAL:
        raise RuleRefused(rules.move_refusal(candidate.stage, Stage.HIRED, _facts(candidate)) or "")
    if candidate.stage != Stage.OFFER:
        raise RuleRefused(_("A candidate is hired after the offer."))
    taken = set(User.objects.values_list("username", flat=True))
    wanted = username.strip()
    if wanted and wanted in taken:
        raise RuleRefused(_("The username %(name)s is taken.") % {"name": wanted}, field="username")
    wanted = wanted or rules.free_username(rules.username_from_name(candidate.full_name), taken)
    first, last = rules.split_name(candidate.full_name)
    user = User(username=wanted)
    user.set_unusable_password()
    vacancy = candidate.vacancy
    try:
        user = settings_row_save(
            row=user,
            changes={
                "username": wanted,
                "first_name": first,
                "last_name": last,
                "email": candidate.email,
                "position": vacancy.position,
                "department": vacancy.department,
            },
            section=SettingsSection.PEOPLE,
            acting_user=acting_user,
        )
    except ValidationError as error:
        raise RuleRefused(" ".join(error.messages), field="username") from error
    candidate.user = user
    candidate.save(update_fields=["user"])
    _set_stage(candidate, Stage.HIRED, EventKind.HIRED, acting_user, user.username)
    onboarding_start(user=user, start_on=start_on or timezone.localdate(), acting_user=acting_user)
    return user


@transaction.atomic
def onboarding_start(*, user: User, start_on: date, acting_user: User) -> list[OnboardingItem]:
    """A new person's checklist from the templates of his position, due from his start."""
    if not selectors.onboarding_candidates(acting_user).filter(pk=user.pk).exists():
        raise RuleRefused(_("You start onboarding for the people you lead."))
    if OnboardingItem.objects.filter(user=user).exists():
        raise RuleRefused(_("%(user)s's onboarding has already started.") % {"user": user})
    rows = selectors.onboarding_templates(user.position)
    if not rows:
        raise RuleRefused(_("The onboarding checklist has no items: add them in its settings."))
    return OnboardingItem.objects.bulk_create(
        OnboardingItem(user=user, title=title, due_on=due, started_by=acting_user)
        for (days, title), due in zip(
            rows, rules.due_dates(start_on, (days for days, _t in rows)), strict=True
        )
    )


@transaction.atomic
def onboarding_tick(*, item: OnboardingItem, done: bool, acting_user: User) -> OnboardingItem:
    """An item done (or not done after all), by the new person or his leader."""
    item = OnboardingItem.objects.select_for_update().get(pk=item.pk)
    if item.user_id != acting_user.pk and not (
        selectors.onboarding_candidates(acting_user).filter(pk=item.user_id).exists()
    ):
        raise RuleRefused(_("Only the person and those who lead him tick his checklist."))
    if done and item.done_at is None:
        item.done_at, item.done_by = timezone.now(), acting_user
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["done_at", "done_by"])
    return item
