"""Sentences kept in history rows and list reports in no language of their own: the English
text and its values are stored, and each reader sees them in his language with its formats
(a payment a Russian head registered reads "оплачено 1 000,00 ₽ по счёту СЧ-1" to him and
"paid ₽1,000.00 against СЧ-1" to an English manager). Older rows, and what people typed, are
shown as they were stored."""

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, pgettext

from otdel import days, numbers

# The ASCII record separator opens a kept sentence: nobody types it into a field.
MARK = "\x1e"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Percent:
    value: Decimal | int | float


@dataclass(frozen=True)
class Words:
    """A name the company keeps in both languages (a stage of its algorithm)."""

    ru: str
    en: str


def recorded(text: Promise, **values: object) -> str:
    """The sentence `text` (a gettext_lazy or pgettext_lazy) with its values, kept to be read
    in any language. A value may be a lazy text, Money, Percent, Words, a number, a day or a
    moment, a kept sentence of its own, or a list of these (read joined by commas)."""
    data = {"t": _encode(text), "v": {name: _encode(value) for name, value in values.items()}}
    return MARK + json.dumps(data, ensure_ascii=False)


def fitted(kept: str, limit: int) -> str:
    """A kept sentence for a column of `limit` characters: too long, it is kept as read now."""
    return kept if len(kept) <= limit else shown(kept)[:limit]


def shown(stored: str) -> str:
    """A stored text in the reader's language (what follows a kept sentence, such as notes
    joined to it, as it was written)."""
    if not stored.startswith(MARK):
        return stored
    try:
        data, end = json.JSONDecoder().raw_decode(stored, len(MARK))
        text = _decode(data["t"])
        values = {name: _decode(value) for name, value in data["v"].items()}
    except (ValueError, KeyError, TypeError):
        return stored[len(MARK) :]
    return (text % values if values else text).strip() + stored[end:]


def _encode(value: object) -> Any:
    if isinstance(value, Promise):
        _unpickle, (_function, args, _kw, *_classes) = value.__reduce__()  # type: ignore[misc]
        return {"message": list(args)}  # (msgid) or (context, msgid)
    if isinstance(value, Money):
        return {"money": str(value.amount), "currency": value.currency}
    if isinstance(value, Percent):
        return {"percent": str(value.value)}
    if isinstance(value, Words):
        return {"ru": value.ru, "en": value.en}
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return {"number": str(value)}
    if isinstance(value, datetime):
        return {"moment": value.isoformat()}
    if isinstance(value, date):
        return {"day": value.isoformat()}
    if isinstance(value, list):
        return {"list": [_encode(item) for item in value]}
    return str(value)


def _decode(value: Any) -> str:
    if not isinstance(value, dict):
        return shown(str(value))
    if "message" in value:
        return (
            pgettext(*value["message"])
            if len(value["message"]) == 2
            else gettext(value["message"][0])
        )
    if "money" in value:
        return numbers.money(Decimal(value["money"]), value["currency"])
    if "percent" in value:
        return numbers.percent(Decimal(value["percent"]))
    if "number" in value:
        return numbers.plain(Decimal(value["number"]))
    if "moment" in value:
        return days.moment(datetime.fromisoformat(value["moment"]))
    if "day" in value:
        return days.day(date.fromisoformat(value["day"]))
    if "list" in value:
        return ", ".join(_decode(item) for item in value["list"])
    return value["en"] if (get_language() or "").startswith("en") else value["ru"]
