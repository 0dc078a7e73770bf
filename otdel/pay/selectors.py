"""The facts a payslip is computed from: money received in the month on the manager's deals
(split over the deal's product groups), his hunter's share of handed-off clients, his plan and
his activities; and the forecast with his open pipeline."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from django.db.models import Count, Q

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


def _sales_by_person(
    people: set[int], first: date, last: date, share_months: dict[int, int]
) -> dict[int, list[rules.Sale]]:
    """Person -> the sales of the period on his deals, and his hunter's share of the clients he
    handed off (within the scheme's months after the hand-off)."""
    payments = list(
        Payment.objects.filter(paid_on__gte=first, paid_on__lte=last)
        .filter(Q(invoice__deal__owner__in=people) | Q(invoice__deal__company__hunter__in=people))
        .select_related("invoice__deal__company")
    )
    deals = {p.invoice.deal for p in payments}
    shares = _groups_share(
        Deal.objects.filter(pk__in=[d.pk for d in deals]).prefetch_related("items__product")
    )
    firsts = _first_orders({d.company_id for d in deals})
    sales: dict[int, list[rules.Sale]] = {pk: [] for pk in people}
    for payment in payments:
        deal, company = payment.invoice.deal, payment.invoice.deal.company
        amount = payment.amount if payment.kind == Payment.Kind.PAYMENT else -payment.amount
        hunter = company.hunter_id
        if hunter in people and hunter != deal.owner_id:  # his share of a client he handed off
            handed = company.handed_off_at.date() if company.handed_off_at else None
            if handed and handed <= payment.paid_on < add_months(handed, share_months[hunter]):
                sales[hunter].append(rules.Sale(amount, False, handed_off=True))
        if deal.owner_id in people:
            is_new = firsts.get(deal.company_id, payment.invoice.number) == payment.invoice.number
            sales[deal.owner_id] += [
                rules.Sale((amount * share).quantize(rules.CENT), is_new, group_id=group)
                for group, share in shares[deal.pk]
            ]
    return sales


def _pipeline_by_person(people: set[int], last: date) -> dict[int, list[rules.Sale]]:
    """Person -> his open deals expected by the month's end, weighted by their probability."""
    deals = list(open_deals_due(last).filter(owner__in=people))
    firsts = _first_orders({d.company_id for d in deals})
    pipeline: dict[int, list[rules.Sale]] = {pk: [] for pk in people}
    for deal in deals:
        if deal.amount > 0:
            pipeline[deal.owner_id].append(
                rules.Sale(weighted(deal).quantize(rules.CENT), deal.company_id not in firsts)
            )
    return pipeline


@dataclass
class Pay:
    user: User
    month: date
    now: rules.Payslip
    with_pipeline: rules.Payslip


def payroll(month: date, today: date, people: Iterable[User]) -> list[Pay]:
    """ "If the month ended today" and "with the open pipeline" for each person with a pay
    scheme, in the order given; a fixed number of queries however many people."""
    first, last = period_bounds("month", month)
    people = list(people)
    assignments: dict[int, list[PayAssignment]] = {}
    for assignment in (
        PayAssignment.objects.filter(user__in=people, since__lte=last)
        .select_related("scheme")
        .prefetch_related("scheme__group_rates")
    ):
        assignments.setdefault(assignment.user_id, []).append(assignment)
    paid = set(assignments)
    month_plans: dict[int, list[MonthPlan]] = {}
    for month_plan in MonthPlan.objects.filter(user__in=paid, since__lte=last).order_by("since"):
        month_plans.setdefault(month_plan.user_id, []).append(month_plan)
    done = dict(
        Activity.objects.filter(
            assignee__in=paid, done_at__date__gte=first, done_at__date__lte=min(last, today)
        )
        .order_by()
        .values_list("assignee")
        .annotate(n=Count("pk"))
    )
    share_months = {pk: a[-1].scheme.handoff_share_months for pk, a in assignments.items()}
    sales = _sales_by_person(paid, first, last, share_months)
    pipeline = _pipeline_by_person(paid, last) if last >= today else {}
    days_in_month = (last - first).days + 1
    pays = []
    for user in people:
        if user.pk not in paid:
            continue  # no pay scheme, no payslip
        scheme = scheme_of(assignments[user.pk][-1].scheme)
        hired = assignments[user.pk][0].since
        plans = month_plans.get(user.pk, [])
        plan = rules.plan_for_month(
            [rules.PlanVersion(p.since, p.revenue) for p in plans], first, last
        )
        pay = partial(
            rules.compute_pay,
            scheme=scheme,
            plan=plan,
            days_employed=(last - max(first, hired)).days + 1,
            days_in_month=days_in_month,
            activities_done=done.get(user.pk, 0),
            activities_planned=plans[-1].activities if plans else 0,  # the plan in force
        )
        own = sales[user.pk]
        pays.append(Pay(user, first, pay(sales=own), pay(sales=[*own, *pipeline.get(user.pk, [])])))
    return pays


def pay_of(user: User, month: date, today: date) -> Pay | None:
    """One person's pay (payroll's); None without a pay scheme."""
    pays = payroll(month, today, [user])
    return pays[0] if pays else None


def month_of(text: str) -> date:
    """ "2026-11" -> 2026-11-01; ValueError otherwise."""
    year, month = text.split("-")
    return date(int(year), int(month), 1)
