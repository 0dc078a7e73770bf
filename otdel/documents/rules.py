"""What a deal's document prints, as plain functions: the amount in words, a party's lines."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from num2words import num2words


def amount_in_words(amount: Decimal, currency: str, language: str) -> str:
    """The amount written out, as the document prints it: "Сто рублей 00 копеек"."""
    try:
        words = num2words(
            amount, lang=language, to="currency", currency=currency, cents=False, separator=""
        )  # "... рублей 00 копеек", as accountants write it
    except (NotImplementedError, KeyError):
        words = f"{num2words(int(amount), lang=language)} {currency}"
    return words[:1].upper() + words[1:]


def party_lines(company: Any, *, seller: bool) -> list[str]:
    """The tax ids and the address printed under a party's name."""
    lines = []
    tax = [
        f"{_('INN')} {company.tax_id}" if company.tax_id else "",
        f"{_('KPP')} {company.kpp}" if company.kpp else "",
    ]
    if any(tax):
        lines.append(", ".join(t for t in tax if t))
    address = company.address if seller else (company.legal_address or company.actual_address)
    if address:
        lines.append(address)
    return lines


# How many digits each of our company's codes has (Russian INN, KPP, OGRN, bank codes): a
# mistyped one would print on every invoice.
DETAIL_DIGITS = {
    "tax_id": (10, 12),
    "kpp": (9,),
    "ogrn": (13, 15),
    "bic": (9,),
    "account": (20,),
    "correspondent_account": (20,),
}


def details_of_wrong_length(values: dict[str, str]) -> dict[str, tuple[int, ...]]:
    """The filled-in codes that are not all digits of an allowed length, with those lengths."""
    return {
        name: lengths
        for name, lengths in DETAIL_DIGITS.items()
        if values.get(name) and not (values[name].isdigit() and len(values[name]) in lengths)
    }
