"""Who sees hiring, and the reads of its pages. Candidates and vacancies are the leaders'
(those who lead people) and the owner's only: a department head sees his departments'
vacancies; a manager sees none of it, only his own onboarding checklist."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.org.models import Department, User
from otdel.org.rules import Scope
from otdel.org.selectors import led_departments, led_people, scope_of_user
from otdel.web import PagePart

from . import rules
from .models import (
    Candidate,
    HiringExpense,
    HiringScript,
    OnboardingItem,
    OnboardingTemplate,
    PortraitCriterion,
    Stage,
    Vacancy,
)


def may_hire(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.leads_people)


def _refuse_managers(user: User) -> None:
    if not may_hire(user):
        raise PermissionDenied(_("Hiring is for those who lead people."))


def hiring_departments(user: User) -> QuerySet[Department]:
    """The departments whose vacancies this user opens and sees."""
    if scope_of_user(user) is Scope.ALL:
        return Department.objects.all()
    return led_departments(user)


def visible_vacancies(user: User) -> QuerySet[Vacancy]:
    if not may_hire(user):
        return Vacancy.objects.none()
    vacancies = Vacancy.objects.select_related("department")
    if scope_of_user(user) is Scope.ALL:
        return vacancies
    return vacancies.filter(department__in=led_departments(user))


def vacancies_with_figures(user: User) -> QuerySet[Vacancy]:
    """The visible vacancies with their candidates counted by stage and their spend."""
    spent = (
        HiringExpense.objects.filter(vacancy=OuterRef("pk"))
        .values("vacancy")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    counts = {
        f"n_{stage}": Count("candidates", filter=Q(candidates__stage=stage))
        for stage in Stage.values
    }
    money = DecimalField(max_digits=14, decimal_places=2)
    return visible_vacancies(user).annotate(
        **counts,
        n_all=Count("candidates"),
        spent=Coalesce(Subquery(spent, output_field=money), Value(Decimal(0)), output_field=money),
    )


def access_vacancy(user: User, pk: int) -> Vacancy:
    _refuse_managers(user)
    return get_object_or_404(visible_vacancies(user), pk=pk)


def visible_candidates(user: User) -> QuerySet[Candidate]:
    return Candidate.objects.filter(vacancy__in=visible_vacancies(user)).select_related(
        "vacancy", "vacancy__department", "refusal_reason", "user"
    )


def access_candidate(user: User, pk: int) -> Candidate:
    _refuse_managers(user)
    return get_object_or_404(visible_candidates(user), pk=pk)


def spent_on(vacancy: Vacancy) -> Decimal:
    total = vacancy.expenses.aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def portrait_for(position: str) -> list[PortraitCriterion]:
    """The criteria a candidate for this position is scored against."""
    have = set(PortraitCriterion.objects.values_list("position", flat=True).distinct())
    return list(PortraitCriterion.objects.filter(position=rules.portrait_position(position, have)))


def scripts_for(vacancy: Vacancy) -> tuple[str, str]:
    """The phone interview script and the question list: the vacancy's own, else its
    position's."""
    general = HiringScript.objects.filter(position=vacancy.position).first()
    return (
        vacancy.phone_script or (general.phone_script if general else ""),
        vacancy.questions or (general.questions if general else ""),
    )


def onboarding_templates(position: str) -> list[tuple[int, str]]:
    """(days after the start, title) of a new person's checklist for his position."""
    rows = OnboardingTemplate.objects.filter(Q(position="") | Q(position=position))
    return [(row.days_after_start, row.title) for row in rows]


@dataclass
class Checklist:
    person: User
    items: list[OnboardingItem] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.done_at)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if getattr(item, "is_overdue", False))


def _checklists(items: QuerySet[OnboardingItem], today: date) -> list[Checklist]:
    grouped: dict[int, Checklist] = {}
    for item in items.select_related("user", "user__department", "done_by").order_by(
        "user_id", "due_on", "pk"
    ):
        overdue = rules.is_overdue(item.due_on, item.done_at is not None, today)
        item.is_overdue = overdue  # type: ignore[attr-defined]
        grouped.setdefault(item.user_id, Checklist(person=item.user)).items.append(item)
    return list(grouped.values())


def team_checklists(user: User, today: date) -> list[Checklist]:
    """The onboarding checklists of the people this leader leads (not his own)."""
    if not may_hire(user):
        return []
    people = led_people(user).exclude(pk=user.pk)
    return _checklists(OnboardingItem.objects.filter(user__in=people), today)


def my_checklist(user: User, today: date) -> Checklist:
    found = _checklists(OnboardingItem.objects.filter(user=user), today)
    return found[0] if found else Checklist(person=user)


def onboarding_candidates(user: User) -> QuerySet[User]:
    """Whom this leader may start an onboarding for: the people he leads, not himself."""
    if not may_hire(user):
        return User.objects.none()
    return led_people(user).exclude(pk=user.pk)


def access_onboarding_item(user: User, pk: int) -> OnboardingItem:
    """An item, to its person and to those who lead him; to anyone else it does not exist."""
    item = get_object_or_404(OnboardingItem.objects.select_related("user"), pk=pk)
    if item.user_id == user.pk:
        return item
    if may_hire(user) and led_people(user).filter(pk=item.user_id).exists():
        return item
    raise Http404("No such item")


def stage_counts(candidates: list[Candidate]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for candidate in candidates:
        counts[candidate.stage] += 1
    return dict(counts)


def work_part(request: HttpRequest) -> PagePart | None:
    """His onboarding items due by today and not done, on My work."""
    assert isinstance(request.user, User)  # My work is behind the login
    due = OnboardingItem.objects.filter(
        user=request.user, done_at__isnull=True, due_on__lte=timezone.localdate()
    ).order_by("due_on", "pk")[:20]
    return PagePart("hiring/_work_part.html", {"items": due}) if due else None


def record_part(person: User) -> dict[str, Any]:
    """The person's onboarding checklist on his training record."""
    return {"checklist": my_checklist(person, timezone.localdate())}
