"""The needs' decisions as plain functions: the quantity a proposal line takes from the volumes
the manager wrote down."""

import re
from decimal import Decimal, InvalidOperation

# A figure as people type it: 300, 1 200 (grouped by spaces), 2,5 or 2.5.
FIGURE = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")
LARGEST = Decimal("99999999999")  # what a deal line's quantity holds (14 digits, 3 decimals)


def stated_quantity(volumes: str) -> Decimal | None:
    """The quantity the volumes state when they state one figure ("300", "300 шт.", "1 200
    светильников", "2,5 т"); None when they state none, or several ("50-100", "1 комплект на
    филиал, 3 филиала в году"): which of them is the quantity is then the manager's to say."""
    found = FIGURE.findall(volumes)
    if len(found) != 1:
        return None
    text = re.sub(r"[ \u00a0\u202f]", "", found[0]).replace(",", ".")
    try:
        value = Decimal(text).quantize(Decimal("0.001"))
    except InvalidOperation:
        return None
    return value if 0 < value <= LARGEST else None
