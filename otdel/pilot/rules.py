"""The pilot's pure decisions: how long it runs, and the figures of its comparison."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

# METHOD 8: a new model is tried for 30-40 days.
MIN_DAYS = 30
MAX_DAYS = 40


def length_in_days(starts_on: date, ends_on: date) -> int:
    """Days of the pilot, both ends counted."""
    return (ends_on - starts_on).days + 1


def length_refusal(starts_on: date, ends_on: date) -> str | None:
    """Why these dates are not a pilot's, or None when they are."""
    days = length_in_days(starts_on, ends_on)
    if MIN_DAYS <= days <= MAX_DAYS:
        return None
    return _(
        "A pilot runs %(low)s to %(high)s days, long enough to see the change and short enough "
        "to decide: %(start)s to %(end)s is %(days)s days."
    ) % {
        "low": MIN_DAYS,
        "high": MAX_DAYS,
        "start": starts_on.strftime("%d.%m.%Y"),
        "end": ends_on.strftime("%d.%m.%Y"),
        "days": days,
    }


def per_week(count: int, managers: int, days: int) -> Decimal | None:
    """Activities per manager per week, to a tenth."""
    if not managers or days <= 0:
        return None
    value = Decimal(count) * 7 / (Decimal(managers) * days)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def per_manager(amount: Decimal, managers: int) -> Decimal | None:
    """Money per manager, to the rouble."""
    if not managers:
        return None
    return (amount / managers).quantize(Decimal(1), rounding=ROUND_HALF_UP)
