"""The writes of pay's data: the pay schemes and who is on which (Settings), and the monthly
plan a manager's pay is measured against.

Plans calls `month_plan_set` on approval (it is registered with plans.services from PayConfig.ready(), since
pay reads plans and plans must not import pay back)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from otdel.org.models import SettingsSection, User
from otdel.org.services import settings_row_save
from otdel.plans.models import SalesPlan

from .models import MonthPlan, PayAssignment, PayScheme

PERCENT_FIELDS = (
    "new_percent",
    "repeat_percent",
    "hunter_share_percent",
    "penalty_below_percent",
    "kpi_floor_percent",
)


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


def _check_scheme(scheme: PayScheme) -> None:
    """Figures a manager can compute his pay from (METHOD 6): nothing negative, percentages
    within 0-100, bonus steps by rising plan fulfilment."""
    for name in ("base_salary", "penalty", "kpi_multiplier"):
        if getattr(scheme, name) < 0:
            raise ValidationError({name: _("Cannot be negative.")})
    for name in PERCENT_FIELDS:
        value = getattr(scheme, name)
        if value is not None and not 0 <= value <= 100:
            raise ValidationError({name: _("A percentage from 0 to 100.")})
    steps = [Decimal(str(step)) for step, _bonus in scheme.bonus_steps]
    if steps != sorted(set(steps)) or any(Decimal(str(b)) < 0 for _s, b in scheme.bonus_steps):
        raise ValidationError(
            {
                "bonus_steps": _(
                    "Each step a higher plan % than the one before, bonuses not negative."
                )
            }
        )


def pay_scheme_save(
    *, scheme: PayScheme | None, changes: dict[str, Any], acting_user: User
) -> PayScheme:
    """Create a pay scheme or change its figures; pay is computed from them at once."""
    return settings_row_save(
        row=scheme or PayScheme(),
        changes=changes,
        section=SettingsSection.PAY,
        acting_user=acting_user,
        check=_check_scheme,
    )


def pay_assignment_set(
    *, user: User, scheme: PayScheme, since: date, acting_user: User
) -> PayAssignment:
    """Put a manager on a scheme from a day; a second choice for the same day replaces the
    first (the months before keep the scheme they were paid by)."""
    row = PayAssignment.objects.filter(user=user, since=since).first()
    return settings_row_save(
        row=row or PayAssignment(user=user, since=since),
        changes={"scheme": scheme, "since": since},
        section=SettingsSection.PAY,
        acting_user=acting_user,
        subject=str(user),
    )
