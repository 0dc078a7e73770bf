"""Figures as people read them, in the reader's language: 1 234 567,89 ₽ and 100 % in Russian,
₽1,234,567.89 and 100% in English. Every page, message, history line and export that people
read formats its figures here, never with str() or an f-string (which print 1234567.89)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import pgettext, pgettext_lazy

Number = Decimal | int | float

CURRENCY_SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€"}

# Units of measure a product is sold in, by the words either language stores for them (a
# product keeps the unit typed when it was made: "шт." made in Russian, "pcs" in English).
UNITS = {
    "pcs": pgettext_lazy("unit", "pcs"),
    "kg": pgettext_lazy("unit", "kg"),
    "m": pgettext_lazy("unit", "m"),
    "l": pgettext_lazy("unit", "l"),
    "set": pgettext_lazy("unit", "set"),
    "pack": pgettext_lazy("unit", "pack"),
    "h": pgettext_lazy("unit", "h"),
}
UNIT_OF_WORD = {
    "шт.": "pcs",
    "шт": "pcs",
    "кг": "kg",
    "м": "m",
    "л": "l",
    "компл.": "set",
    "упак.": "pack",
    "ч": "h",
    "час": "h",
}


def _rounded(value: Number, step: str) -> Decimal:
    """Rounded half up (Django's number_format cuts the digits it does not show)."""
    return Decimal(str(value)).quantize(Decimal(step), rounding=ROUND_HALF_UP)


def whole(value: Number) -> str:
    """A figure without decimals, grouped: 1 250 000 (1,250,000 in English)."""
    return number_format(_rounded(value, "1"), decimal_pos=0, force_grouping=True)


def amount(value: Number) -> str:
    """An amount of money without its currency: 2 433 870,00 (2,433,870.00 in English)."""
    return number_format(_rounded(value, "0.01"), decimal_pos=2, force_grouping=True)


def money(value: Number, currency: str = "") -> str:
    """An amount with its currency's sign where it has one: 1 234 567,89 ₽, ₽1,234,567.89."""
    code = currency or settings.OTDEL_CURRENCY
    if code not in CURRENCY_SIGNS:
        return f"{amount(value)}\xa0{code}"
    # Translators: where the currency's sign goes: "%(amount)s %(sign)s" in Russian.
    return pgettext("money", "%(sign)s%(amount)s") % {
        "sign": CURRENCY_SIGNS[code],
        "amount": amount(value),
    }


def plain(value: Number) -> str:
    """A quantity or a rate as typed, without trailing zeros: 1 (not 1.000), 2,5, 1 200."""
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


def percent(value: Number) -> str:
    """A share in per cent: 100 % in Russian (a no-break space before the sign), 100% in English."""
    # Translators: a percentage: "%(value)s %%" (with a no-break space) in Russian.
    return pgettext("percent", "%(value)s%%") % {"value": plain(value)}


def unit(word: str) -> str:
    """A unit of measure in the reader's language; one we do not know as it was typed."""
    code = UNIT_OF_WORD.get(word.strip(), word.strip())
    return str(UNITS[code]) if code in UNITS else word
