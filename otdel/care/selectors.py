"""Reads of care: complaints a person may see, a client's health, why A clients choose us, the
big fish and who works them, the figures of the organisation check."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from otdel.base.models import Company, Section
from otdel.base.selectors import visible_companies
from otdel.org.models import DepartmentKind, User
from otdel.org.rules import SELLING_POSITIONS, Scope
from otdel.org.selectors import scope_of_user
from otdel.pay.models import PayAssignment

from . import rules
from .models import CareSettings, ClientChoice, Complaint, Criterion


def visible_complaints(user: User) -> QuerySet[Complaint]:
    """Complaints about the clients the person may read (README "Who sees what")."""
    return Complaint.objects.filter(company__in=visible_companies(user).values("pk"))


def open_complaints(companies: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return companies.filter(closed_at__isnull=True)


def overdue_complaints(user: User, today: date) -> QuerySet[Complaint]:
    """Open complaints past their day, oldest first: the head's to chase (issue 17, item 3)."""
    return (
        open_complaints(visible_complaints(user))
        .filter(due_on__lt=today)
        .select_related("company", "owner")
        .order_by("due_on", "pk")
    )


def has_open_complaint() -> Exists:
    """For annotating a company list: whether the client has a complaint still open."""
    return Exists(Complaint.objects.filter(company=OuterRef("pk"), closed_at__isnull=True))


def is_healthy(company: Company) -> bool:
    """A client is not healthy while a complaint of his is open (issue 17, item 3); the client
    department's own signals (rhythm, alerts) add to this where they are kept."""
    return not company.complaints.filter(closed_at__isnull=True).exists()


def complaints_of(company: Company) -> QuerySet[Complaint]:
    return company.complaints.select_related("owner", "deal").order_by("closed_at", "due_on", "pk")


def latest_choice(company: Company) -> ClientChoice | None:
    return company.choices.first()


def _latest_choices(companies: QuerySet[Company]) -> QuerySet[ClientChoice]:
    newer = ClientChoice.objects.filter(company=OuterRef("company")).filter(
        Q(recorded_on__gt=OuterRef("recorded_on"))
        | Q(recorded_on=OuterRef("recorded_on"), pk__gt=OuterRef("pk"))
    )
    return ClientChoice.objects.filter(company__in=companies.values("pk")).exclude(Exists(newer))


def criteria_of_a(companies: QuerySet[Company]) -> dict[str, object]:
    """Why the A clients among `companies` choose us, by their latest review meeting: each
    criterion with how many named it, most named first, and the latest words in their own."""
    a_clients = companies.filter(abc_class="A")
    latest = _latest_choices(a_clients)
    counts = latest.aggregate(
        asked=Count("pk"),
        **{c.value: Count("pk", filter=Q(**{c.value: True})) for c in Criterion},
    )
    asked = counts.pop("asked")
    labels = dict(Criterion.choices)
    return {
        "asked": asked,
        "rows": [
            (labels[code], n, share) for code, n, share in rules.criteria_shares(counts, asked)
        ],
        "words": list(
            latest.exclude(note="").select_related("company").order_by("-recorded_on", "-pk")[:5]
        ),
    }


def _in_development(user: User) -> bool:
    return bool(user.department_id) and user.department.kind == DepartmentKind.DEVELOPMENT


def may_see_big_fish(user: User) -> bool:
    """The big-fish list is the development department's and the owner's (issue 17, item 6):
    those who run the whole base, and the development department's people and head."""
    if not user.is_authenticated or not user.is_active:
        return False
    if scope_of_user(user) is Scope.ALL:
        return True
    return (
        _in_development(user)
        or user.headed_departments.filter(kind=DepartmentKind.DEVELOPMENT).exists()
    )


def big_fish_filter(care: CareSettings) -> Q:
    """The companies `rules.is_big_fish` accepts, as a filter (kept equal in tests)."""
    found = Q(pk__in=[])
    if care.big_fish_min_employees is not None:
        found |= Q(employees__gte=care.big_fish_min_employees)
    if care.big_fish_min_revenue is not None:
        found |= Q(annual_revenue__gte=care.big_fish_min_revenue)
    if care.big_fish_high_potential:
        found |= Q(potential="high")
    return found


def big_fish(user: User) -> QuerySet[Company]:
    """Clients and prospects above the company's thresholds, with their plans; none to those
    who may not see the list."""
    if not may_see_big_fish(user):
        return Company.objects.none()
    return (
        Company.objects.filter(big_fish_filter(CareSettings.load()))
        .exclude(section=Section.HARD_REFUSAL)
        .select_related("owner", "segment", "category", "relationship_plan")
        .order_by("-annual_revenue", "search_name", "pk")
    )


def _current_schemes(people: list[int], today: date) -> dict[int, PayAssignment]:
    current: dict[int, PayAssignment] = {}
    for assignment in (
        PayAssignment.objects.filter(user_id__in=people, since__lte=today)
        .select_related("scheme")
        .order_by("user_id", "since", "pk")
    ):
        current[assignment.user_id] = assignment
    return current


def _figures(kind: str, today: date) -> rules.DepartmentFigures:
    people = list(
        User.objects.filter(
            is_active=True, position__in=SELLING_POSITIONS, department__kind=kind
        ).values_list("pk", flat=True)
    )
    schemes = [a.scheme for a in _current_schemes(people, today).values()]

    def mean(values: list[Decimal]) -> Decimal | None:
        return sum(values, Decimal(0)) / len(values) if values else None

    percent = [
        s.new_percent if kind == DepartmentKind.ACTIVE_SALES else s.repeat_percent for s in schemes
    ]
    return rules.DepartmentFigures(
        headcount=len(people),
        salary=mean([s.base_salary for s in schemes]),
        percent=mean(percent),
    )


def organisation_figures(
    today: date | None = None,
) -> tuple[rules.DepartmentFigures, rules.DepartmentFigures, rules.OrgCheck]:
    """The sellers of active sales and of the client department, their pay, and the check of
    METHOD 1 [000] on them."""
    today = today or timezone.localdate()
    active = _figures(DepartmentKind.ACTIVE_SALES, today)
    client = _figures(DepartmentKind.CLIENT, today)
    return active, client, rules.organisation_check(active, client)
