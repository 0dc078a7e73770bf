"""The facts a payslip is computed from: money received in the month on the manager's deals
(split over the deal's product groups), his hunter's share of handed-off clients, his plan and
his activities; and the forecast with his open pipeline."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from otdel.algorithm.models import Activity
from otdel.billing.models import Payment
from otdel.days import add_months
from otdel.deals.models import Deal
from otdel.deals.selectors import open_deals_due, weighted
from otdel.orders.models import Order
from otdel.org.models import User
from otdel.plans.rules import period_bounds

from . import rules
from .models import MonthPlan, PayAssignment


def scheme_of(scheme) -> rules.Scheme:
    return rules.Scheme(
        base_salary=scheme.base_salary,
        new_percent=scheme.new_percent,
        repeat_percent=scheme.repeat_percent,
        group_percent={r.group_id: r.percent for r in scheme.group_rates.all()},
        hunter_share_percent=scheme.hunter_share_percent,
        bonus_steps=tuple((Decimal(str(p)), Decimal(str(b))) for p, b in scheme.bonus_steps),
        penalty_below_percent=scheme.penalty_below_percent,
        penalty=scheme.penalty,
        kpi_floor_percent=scheme.kpi_floor_percent,
        kpi_multiplier=scheme.kpi_multiplier,
    )


def _groups_share(deals: Iterable[Deal]) -> dict[int, list[tuple[int | None, Decimal]]]:
    """Deal -> [(product group, share of the deal's amount)]."""
    shares: dict[int, list[tuple[int | None, Decimal]]] = {}
    for deal in deals:
        items = list(deal.items.all())
        total = sum((i.amount for i in items), Decimal(0))
        shares[deal.pk] = (
            [(i.product.group_id, i.amount / total) for i in items]
            if total > 0
            else [(None, Decimal(1))]
        )
    return shares


def _first_orders(company_ids: set[int]) -> dict[int, str]:
    """Company -> the number of its first order: a sale on it is a new sale."""
    first: dict[int, str] = {}
    for company, number in (
        Order.objects.filter(company_id__in=company_ids, is_return=False)
        .order_by("ordered_at", "pk")
        .values_list("company_id", "number")
    ):
        first.setdefault(company, number)
    return first


def sales_of(user: User, first: date, last: date, share_months: int) -> list[rules.Sale]:
    payments = list(
        Payment.objects.filter(paid_on__gte=first, paid_on__lte=last)
        .filter(Q(invoice__deal__owner=user) | Q(invoice__deal__company__hunter=user))
        .select_related("invoice__deal__company")
    )
    deals = {p.invoice.deal for p in payments}
    shares = _groups_share(
        Deal.objects.filter(pk__in=[d.pk for d in deals]).prefetch_related("items__product")
    )
    firsts = _first_orders({d.company_id for d in deals})
    sales: list[rules.Sale] = []
    for payment in payments:
        deal, company = payment.invoice.deal, payment.invoice.deal.company
        amount = payment.amount if payment.kind == Payment.Kind.PAYMENT else -payment.amount
        if deal.owner_id != user.pk:  # his hunter's share of a client he handed off
            handed = company.handed_off_at.date() if company.handed_off_at else None
            if handed and handed <= payment.paid_on < add_months(handed, share_months):
                sales.append(rules.Sale(amount, False, handed_off=True))
            continue
        is_new = firsts.get(deal.company_id, payment.invoice.number) == payment.invoice.number
        sales += [
            rules.Sale((amount * share).quantize(rules.CENT), is_new, group_id=group)
            for group, share in shares[deal.pk]
        ]
    return sales


def pipeline_of(user: User, last: date) -> list[rules.Sale]:
    """Open deals expected by the month's end, weighted by their probability."""
    deals = list(open_deals_due(last).filter(owner=user))
    firsts = _first_orders({d.company_id for d in deals})
    return [
        rules.Sale(weighted(d).quantize(rules.CENT), d.company_id not in firsts)
        for d in deals
        if d.amount > 0
    ]


@dataclass
class Pay:
    user: User
    month: date
    now: rules.Payslip
    with_pipeline: rules.Payslip


def pay_of(user: User, month: date, today: date) -> Pay | None:
    """ "If the month ended today" and "with the open pipeline"; None without a pay scheme."""
    first, last = period_bounds("month", month)
    assignments = list(
        PayAssignment.objects.filter(user=user, since__lte=last)
        .select_related("scheme")
        .prefetch_related("scheme__group_rates")
    )
    if not assignments:
        return None
    scheme = scheme_of(assignments[-1].scheme)
    hired = assignments[0].since
    days_in_month = (last - first).days + 1
    days_employed = (last - max(first, hired)).days + 1
    month_plans = list(MonthPlan.objects.filter(user=user, since__lte=last).order_by("since"))
    plan = rules.plan_for_month(
        [rules.PlanVersion(p.since, p.revenue) for p in month_plans], first, last
    )
    planned_activities = month_plans[-1].activities if month_plans else 0  # the plan in force
    done = Activity.objects.filter(
        assignee=user, done_at__date__gte=first, done_at__date__lte=min(last, today)
    ).count()
    sales = sales_of(user, first, last, assignments[-1].scheme.handoff_share_months)

    def slip(extra: list[rules.Sale]) -> rules.Payslip:
        return rules.compute_pay(
            scheme=scheme,
            sales=[*sales, *extra],
            plan=plan,
            days_employed=days_employed,
            days_in_month=days_in_month,
            activities_done=done,
            activities_planned=planned_activities,
        )

    return Pay(user, first, slip([]), slip(pipeline_of(user, last) if last >= today else []))


def payroll(month: date, today: date, people: Iterable[User]) -> list[Pay]:
    return [pay for user in people if (pay := pay_of(user, month, today)) is not None]


def month_of(text: str) -> date:
    """ "2026-11" -> 2026-11-01; ValueError otherwise."""
    year, month = text.split("-")
    return date(int(year), int(month), 1)
