"""The write of pay's data: the monthly plan a manager's pay is measured against.

Plans calls it on approval (it is registered with plans.services from PayConfig.ready(), since
pay reads plans and plans must not import pay back)."""

from datetime import date
from decimal import Decimal

from otdel.org.models import User
from otdel.plans.models import SalesPlan

from .models import MonthPlan


def month_plan_set(
    *, user: User, plan: SalesPlan, month: date, since: date, revenue: Decimal, activities: int
) -> None:
    """The manager's plan for `month` from `since` on; a re-approval replaces what this plan set
    from that day, and nothing is written when the plan in force already says the same."""
    MonthPlan.objects.filter(user=user, plan=plan, since__gte=since).delete()
    MonthPlan.objects.filter(user=user, since=since).exclude(plan=plan).delete()
    in_force = MonthPlan.objects.filter(user=user, since__lte=since).order_by("since").last()
    if (
        in_force is not None
        and in_force.since >= month
        and in_force.revenue == revenue
        and in_force.activities == activities
    ):
        return
    MonthPlan.objects.create(
        user=user, plan=plan, since=since, revenue=revenue, activities=activities
    )
