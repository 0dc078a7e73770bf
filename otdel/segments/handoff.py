"""Hunter -> farmer hand-off (METHOD 5): a client that meets the company's rule becomes a
regular client of a farmer (of its territory, then the least loaded); the hunter keeps his
credit (Company.hunter). Evaluated on every full payment and nightly; the head can hand a
client over by hand, or keep it with the hunter, with a reason."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.algorithm import config
from otdel.algorithm.models import StageKind
from otdel.algorithm.services import RuleRefused
from otdel.base import services as base_services
from otdel.base.models import Company, CompanyEvent
from otdel.days import add_months
from otdel.orders.models import Order, OrderLine
from otdel.org.models import DepartmentKind, User

from .models import SegmentSettings

_AMOUNT = ExpressionWrapper(F("quantity") * F("unit_price"), output_field=DecimalField())
_DELIVERED = Q(quantity__gt=0, unit_price__gt=0, is_return=False)


@dataclass(frozen=True)
class HandoffRule:
    match_all: bool = True
    min_orders: int | None = None
    min_volume: Decimal | None = None
    volume_days: int = 365
    products: frozenset[int] = field(default_factory=frozenset)
    groups: frozenset[int] = field(default_factory=frozenset)
    min_monthly: Decimal | None = None

    @classmethod
    def configured(cls, min_orders: int | None = None) -> "HandoffRule":
        """The company's rule; `min_orders` replaces its order count for one run (CLI)."""
        s = SegmentSettings.load()
        return cls(
            match_all=s.handoff_match_all,
            min_orders=min_orders if min_orders is not None else s.handoff_min_orders,
            min_volume=s.handoff_min_volume, volume_days=s.handoff_volume_days,
            products=frozenset(s.handoff_products.values_list("pk", flat=True)),
            groups=frozenset(s.handoff_groups.values_list("pk", flat=True)),
            min_monthly=s.handoff_min_monthly,
        )  # fmt: skip


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def waiting_clients() -> QuerySet[Company]:
    """Clients not yet with a farmer: not handed off, not kept with the hunter by the head,
    and not owned by someone of a client department."""
    return (
        Company.objects.filter(handed_off_at__isnull=True, orders__isnull=False)
        .exclude(owner__department__kind=DepartmentKind.CLIENT)
        .exclude(events__kind=CompanyEvent.Kind.HANDOFF, events__rule="kept")
        .distinct()
    )


def candidates(rule: HandoffRule, today: date, among: QuerySet[Company] | None = None) -> list[int]:
    """Ids of the clients that meet the rule today (a constant number of queries)."""
    waiting = waiting_clients()
    if among is not None:
        waiting = waiting.filter(pk__in=among.values("pk"))
    ids = set(waiting.values_list("pk", flat=True))
    met: list[set[int]] = []
    lines = OrderLine.objects.filter(order__company_id__in=ids)
    if rule.min_orders:
        paid = Order.objects.filter(company_id__in=ids, is_return=False).values("company_id")
        met.append(
            {r["company_id"] for r in paid.annotate(n=Count("pk")).filter(n__gte=rule.min_orders)}
        )
    if rule.min_volume is not None:
        recent = lines.filter(
            _DELIVERED,
            order__ordered_at__gte=_start_of(today - timedelta(days=rule.volume_days - 1)),
        )
        volume = (
            recent.values("order__company_id")
            .annotate(v=Sum(_AMOUNT))
            .filter(v__gte=rule.min_volume)
        )
        met.append({r["order__company_id"] for r in volume})
    if rule.products or rule.groups:
        bought = lines.filter(_DELIVERED).filter(
            Q(product__in=rule.products) | Q(product__group__in=rule.groups)
        )
        met.append(set(bought.values_list("order__company_id", flat=True)))
    if rule.min_monthly is not None:
        months = [
            add_months(today.replace(day=1), -n) for n in (3, 2, 1, 0)
        ]  # the last 3 full months
        every: set[int] = set(ids)
        for begin, end in zip(months, months[1:], strict=False):
            month = lines.filter(_DELIVERED, order__ordered_at__gte=_start_of(begin),
                                 order__ordered_at__lt=_start_of(end))  # fmt: skip
            enough = (
                month.values("order__company_id")
                .annotate(v=Sum(_AMOUNT))
                .filter(v__gte=rule.min_monthly)
            )
            every &= {r["order__company_id"] for r in enough}
        met.append(every)
    if not met:
        return []
    chosen = set.intersection(*met) if rule.match_all else set.union(*met)
    return sorted(chosen & ids)


def farmers_by_load() -> list[tuple[User, int, set[int]]]:
    """(farmer, clients he owns, his territory ids), least loaded first."""
    farmers = (
        User.objects.filter(is_active=True, department__kind=DepartmentKind.CLIENT)
        .annotate(load=Count("companies", distinct=True))
        .prefetch_related("territories")
        .order_by("load", "pk")
    )
    return [(f, f.load, {t.pk for t in f.territories.all()}) for f in farmers]


def pick_farmer(company: Company, farmers: list[tuple[User, int, set[int]]]) -> User | None:
    """A farmer of the client's territory, else any; the least loaded."""
    local = [f for f in farmers if company.territory_id and company.territory_id in f[2]]
    pool = local or farmers
    return min(pool, key=lambda f: (f[1], f[0].pk))[0] if pool else None


@transaction.atomic
def company_handoff(*, company: Company | int, farmer: User, acting_user: User | None,
                    reason: str = "", rule: str = "") -> Company:  # fmt: skip
    """Make the client a regular client of the farmer; the hunter keeps the credit."""
    locked = base_services.lock_company(company)
    if locked.handed_off_at is not None and locked.owner_id == farmer.pk:
        raise RuleRefused(_("%(farmer)s already has this client.") % {"farmer": farmer})
    hunter = locked.owner
    if hunter is not None and locked.hunter_id is None:
        locked.hunter = hunter
    locked.handed_off_at = timezone.now()
    locked.save(update_fields=["hunter", "handed_off_at"])
    CompanyEvent.objects.create(company=locked, kind=CompanyEvent.Kind.HANDOFF,
                                old_value=str(hunter or ""), new_value=str(farmer),
                                actor=acting_user, reason=reason[:500], rule=rule or "by_hand")  # fmt: skip
    base_services.company_reassign(company=locked, new_owner=farmer, acting_user=acting_user,
                                   reason=reason, rule=rule)  # fmt: skip
    client = config.current().first(StageKind.CLIENT)
    if locked.state != client or locked.section:
        base_services.company_set_state(
            company=locked, state=client, acting_user=acting_user, reason=reason
        )
        base_services.company_move_to_section(
            company=locked, section="", acting_user=acting_user, reason=reason
        )
    return locked


@transaction.atomic
def company_keep_with_hunter(*, company: Company, reason: str, acting_user: User) -> None:
    """The head's override: this client stays with the hunter whatever the rule says."""
    if not reason.strip():
        raise RuleRefused(_("Say why the client stays with the hunter."))
    CompanyEvent.objects.create(company=company, kind=CompanyEvent.Kind.HANDOFF, rule="kept",
                                old_value=str(company.owner or ""), new_value=str(company.owner or ""),
                                actor=acting_user, reason=reason[:500])  # fmt: skip


def run_handoff(*, today: date | None = None, min_orders: int | None = None, dry_run: bool = False,
                among: QuerySet[Company] | None = None) -> dict[str, int]:  # fmt: skip
    """Hand every client that meets the rule to a farmer. {"candidates": n, "handed_off": n}."""
    today = today or timezone.localdate()
    chosen = candidates(HandoffRule.configured(min_orders), today, among)
    if dry_run or not chosen:
        return {"candidates": len(chosen), "handed_off": 0}
    farmers = farmers_by_load()
    handed = 0
    for company in Company.objects.filter(pk__in=chosen).order_by("pk"):
        farmer = pick_farmer(company, farmers)
        if farmer is None:
            break  # no client department: nothing can be handed off
        company_handoff(company=company, farmer=farmer, acting_user=None, rule="handoff_rule",
                        reason=_("met the hand-off rule"))  # fmt: skip
        farmers = [(f, load + (f.pk == farmer.pk), t) for f, load, t in farmers]
        handed += 1
    return {"candidates": len(chosen), "handed_off": handed}
