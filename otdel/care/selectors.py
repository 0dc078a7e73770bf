"""Reads of care: complaints a person may see, a client's health, why A clients choose us, the
big fish and who works them, the figures of the organisation check."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from otdel.base.models import Company, Section
from otdel.base.selectors import visible_companies
from otdel.catalog.models import Product
from otdel.orders.models import OrderLine
from otdel.org.models import DepartmentKind, User
from otdel.org.rules import SELLING_POSITIONS, Scope
from otdel.org.selectors import scope_of_user
from otdel.pay.models import PayAssignment
from otdel.segments.models import ClientSegment
from otdel.segments.rules import period
from otdel.segments.selectors import last_two_runs

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
    return user.department is not None and user.department.kind == DepartmentKind.DEVELOPMENT


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


def _peers(company: Company) -> Q | None:
    """Clients like this one: of his market segment, or of his category when he has none."""
    if company.segment_id:
        return Q(segment_id=company.segment_id)
    if company.category_id:
        return Q(category_id=company.category_id)
    return None


def growth_for(company: Company) -> dict[str, object] | None:
    """A B or C client's growth by the last segmentation (issue 17, item 4): his target (the
    next class's smallest client), his wallet estimate (the median A client like him) and the
    products clients like him bought in its window that he never bought."""
    run = last_two_runs()[0]
    if run is None or company.abc_class not in rules.NEXT_CLASS:
        return None
    own = ClientSegment.objects.filter(run=run, company=company).first()
    if own is None:
        return None
    in_run = ClientSegment.objects.filter(run=run)
    floors = dict(
        in_run.filter(abc_class__in=["A", "B"])
        .values_list("abc_class")
        .annotate(floor=Min("revenue"))
        .order_by()
    )
    peers = _peers(company)
    peer_ids = (
        Company.objects.filter(peers).exclude(pk=company.pk) if peers else Company.objects.none()
    )
    peers_a = list(
        in_run.filter(abc_class="A", company__in=peer_ids.values("pk")).values_list(
            "revenue", flat=True
        )
    )
    growth = rules.growth_of(own.abc_class, own.revenue, class_floors=floors, peers_a=peers_a)
    if growth is None:
        return None
    start, end = period(run.as_of, run.days)
    bought = set(
        OrderLine.objects.filter(order__company=company).values_list("product_id", flat=True)
    )
    peers_buying = dict(
        OrderLine.objects.filter(
            order__company__in=peer_ids.values("pk"),
            order__ordered_at__gte=start,
            order__ordered_at__lt=end,
            is_return=False,
            order__is_return=False,
        )
        .values_list("product_id")
        .annotate(buyers=Count("order__company", distinct=True))
        .order_by()
    )
    offer = rules.products_to_offer(bought, peers_buying)
    names = Product.objects.in_bulk([product for product, _n in offer])
    return {
        "growth": growth,
        "run": run,
        "offer": [(names[product], n) for product, n in offer],
    }
