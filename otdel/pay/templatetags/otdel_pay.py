from dataclasses import dataclass
from decimal import Decimal

from django import template

from otdel.pay.payslip import describe, label
from otdel.pay.rules import Payslip

register = template.Library()


@dataclass
class ShownLine:
    label: str
    detail: str
    amount: Decimal


@register.filter
def labelled(slip: Payslip) -> dict[str, object]:
    """The payslip as people read it: named lines with their calculation."""
    return {
        "lines": [ShownLine(label(line.label), describe(line), line.amount) for line in slip.lines],
        "total": slip.total,
    }
