"""Reading the export of the CRM a company runs on today (amoCRM/Kommo, Bitrix24, or any table)
as plain functions: which column holds what, in Russian or English; what a cell of money, date
or stage means; and what a row brings (a company with its contact, a deal, a task), or why it
cannot be taken, with the row and the column named. The company part of a row is read as a
prospect list reads it (prospecting/rules.py: row_parse), so matching works the same way."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy

from otdel.algorithm.models import ActivityKind
from otdel.prospecting.files import COLUMN_SYNONYMS, fold, guess_mapping
from otdel.prospecting.models import Outcome
from otdel.prospecting.rules import PlannedRow, row_parse
from otdel.recorded import recorded
from otdel.stages.models import StageKind

from .models import Export

# The fields of a row beyond the company part (the prospect list's fields).
DEAL_FIELDS = ("deal", "stage", "amount", "currency", "manager", "created", "closed")
TASK_FIELDS = ("task", "task_kind", "due", "done")

# Export headers of each CRM, as their export files write them in Russian and in English
# (amoCRM/Kommo: the leads export; Bitrix24: the deals list exported to CSV/Excel, its columns
# named as the fields of crm.deal.fields: TITLE, STAGE_ID, OPPORTUNITY, ASSIGNED_BY_ID, ...).
_COMMON: dict[str, tuple[str, ...]] = {
    "name": ("Компания", "Название компании", "Company", "Company name"),
    "tax_id": ("ИНН", "ИНН компании", "INN", "Tax id", "VAT"),
    "website": ("Web", "Сайт", "Website", "Сайт компании"),
    "address": ("Адрес", "Адрес компании", "Address"),
    "currency": ("Валюта", "Currency"),
    "manager": ("Ответственный", "Ответственный пользователь", "Responsible user", "Responsible"),
    "task_kind": ("Тип задачи", "Task type"),
    "done": ("Задача выполнена", "Выполнена", "Task completed", "Completed"),
}
SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    Export.AMOCRM: {
        **_COMMON,
        "contact": (
            "Полное имя контакта",
            "Основной контакт",
            "Контакт",
            "Contact full name",
            "Full name",
            "Main contact",
        ),
        "phones": ("Рабочий телефон", "Мобильный телефон", "Телефон", "Work phone", "Phone"),
        "emails": ("Рабочий email", "Личный email", "Email", "Work email", "E-mail"),
        "deal": ("Название сделки", "Сделка", "Lead title", "Lead name"),
        "stage": ("Этап сделки", "Статус сделки", "Этап", "Lead status", "Status", "Stage"),
        "amount": ("Бюджет", "Бюджет сделки", "Budget", "Sale", "Lead budget"),
        "created": ("Дата создания", "Дата создания сделки", "Created at", "Date created"),
        "closed": ("Дата закрытия", "Дата закрытия сделки", "Closed at", "Date closed"),
        "task": ("Ближайшая задача", "Текст задачи", "Задача", "Next task", "Task text", "Task"),
        "due": (
            "Срок задачи",
            "Срок исполнения",
            "Срок ближайшей задачи",
            "Task deadline",
            "Complete till",
        ),
    },
    Export.BITRIX24: {
        **_COMMON,
        "contact": ("Контакт", "Контакт: ФИО", "Contact", "Contact name"),
        "phones": ("Рабочий телефон", "Мобильный телефон", "Телефон", "Work phone", "Phone"),
        "emails": ("Рабочий e-mail", "E-mail", "Email", "Work e-mail"),
        "deal": ("Название сделки", "Название", "Deal name", "Deal", "Title"),
        "stage": ("Стадия сделки", "Стадия", "Deal stage", "Stage"),
        "amount": ("Сумма", "Сумма сделки", "Возможная сумма", "Amount", "Opportunity", "Income"),
        "created": ("Дата создания", "Дата начала", "Created", "Date created", "Start date"),
        "closed": (
            "Дата завершения",
            "Предполагаемая дата закрытия",
            "Closing date",
            "Expected close date",
            "Close date",
        ),
        "task": ("Дело", "Задача", "Activity", "Task"),
        "due": ("Срок", "Крайний срок", "Deadline", "Due date"),
    },
}


def _all_spellings() -> dict[str, tuple[str, ...]]:
    """A table of no known CRM: every spelling of the prospect list and of both CRMs."""
    # A CRM's categories and segments are its own words; the import does not bring them.
    merged = {f: s for f, s in COLUMN_SYNONYMS.items() if f not in ("category", "segment")}
    for spellings in SPELLINGS.values():
        for fieldname, words in spellings.items():
            merged[fieldname] = tuple(dict.fromkeys([*merged.get(fieldname, ()), *words]))
    return merged


SPELLINGS[Export.GENERIC] = _all_spellings()
FIELDS = tuple(SPELLINGS[Export.GENERIC])

# The stages of each CRM's default pipeline, and what they are in METHOD 3's terms; a stage
# a company added itself is mapped by hand on the preview page and remembered for the source.
DEFAULT_STAGES: dict[str, StageKind] = {
    fold(name): kind
    for names, kind in (
        (("Неразобранное", "Incoming leads", "Новая", "New", "Новый лид"), StageKind.NEW),
        (
            (
                "Первичный контакт",
                "Initial contact",
                "Переговоры",
                "Negotiation",
                "Принимают решение",
                "Decision making",
                "В работе",
                "In progress",
                "Подготовка документов",
                "Preparing documents",
                "Квалификация",
            ),
            StageKind.CONTACT,
        ),
        (
            (
                "Согласование договора",
                "Contract discussion",
                "Счёт на предоплату",
                "Счет на предоплату",
                "Prepayment invoice",
                "Финальный счёт",
                "Финальный счет",
                "Final invoice",
            ),
            StageKind.DEAL,
        ),
        (
            ("Успешно реализовано", "Closed - won", "Successfully realized", "Сделка успешна")
            + ("Deal won", "Won"),
            StageKind.CLIENT,
        ),
        (
            ("Закрыто и не реализовано", "Closed - lost", "Closed and not realized")
            + ("Сделка провалена", "Анализ причины провала", "Deal lost", "Lost"),
            StageKind.REFUSAL,
        ),
    )
    for name in names
}

# Kinds of stage a deal row becomes a Deal at (METHOD 3: a deal is an invoice, a contract, a
# payment); a lead at an earlier stage only puts its company at that stage.
DEAL_STAGE_KINDS = (StageKind.DEAL, StageKind.SUPPORT, StageKind.CLIENT, StageKind.REFUSAL)
# When a company has several deals, it stands where the furthest of them stands.
_KIND_RANK: dict[str, int] = {
    StageKind.REFUSAL: 0,
    StageKind.RESERVE: 1,
    StageKind.CALL_ROUND: 1,
    StageKind.NEW: 2,
    StageKind.CONTACT: 3,
    StageKind.DEAL: 4,
    StageKind.SUPPORT: 5,
    StageKind.CLIENT: 6,
}


def recognise_columns(headers: list[str], export_format: str) -> dict[str, int]:
    """Field -> column index of an export, from the headers its CRM writes."""
    return guess_mapping(headers, SPELLINGS[export_format])


_MONEY_NOISE = re.compile(r"[\s\u00a0\u202f'’]|руб\.?|р\.|[₽$€£]|rub|usd|eur|mdl|ron", re.I)
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def parse_amount(text: str) -> Decimal | None:
    """ "1 234 567,50", "1,234,567.50", "12000 ₽" -> Decimal; empty -> None. ValueError when
    it is not an amount of money (or is negative)."""
    compact = _MONEY_NOISE.sub("", text.strip())
    if not compact:
        return None
    if "," in compact and "." in compact:
        thousands = "," if compact.rfind(",") < compact.rfind(".") else "."
        compact = compact.replace(thousands, "").replace(",", ".")
    elif _THOUSANDS.match(compact):
        compact = compact.replace(",", "")
    else:
        compact = compact.replace(",", ".")
    try:
        amount = Decimal(compact)
    except InvalidOperation:
        raise ValueError(text) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12:
        raise ValueError(text)
    return amount.quantize(Decimal("0.01"))


_DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)


def parse_moment(text: str) -> datetime | None:
    """ "31.12.2024 14:05", "2024-12-31" (and an XLSX cell's "2024-12-31 00:00:00") -> a naive
    moment, empty -> None; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(text)


_YES = {fold(w) for w in ("да", "yes", "1", "true", "выполнена", "выполнено", "done", "+")}
_YES |= {"completed", "завершена"}


def parse_done(text: str) -> bool:
    return fold(text) in _YES


_TASK_KINDS = (
    (("звонок", "позвонить", "call"), ActivityKind.CALL),
    (("встреча", "meeting"), ActivityKind.MEETING),
    (("письмо", "e-mail", "email", "почта", "написать"), ActivityKind.EMAIL),
)


def task_kind(text: str) -> str:
    """The activity kind of a CRM's task type ("Звонок", "Встреча", "Письмо", "Связаться")."""
    folded = fold(text)
    for words, kind in _TASK_KINDS:
        if any(word in folded for word in words):
            return kind
    return ActivityKind.TASK


def manager_key(text: str) -> str:
    """How a responsible manager is compared: "Петров  Иван" and "иван петров" are one man."""
    return " ".join(sorted(fold(text).split()))


@dataclass
class CrmRow:
    """A row of the export: its company part as a prospect list reads it, and what else it
    brings. `rejected` says why the row is not taken, naming the column."""

    number: int
    company: PlannedRow
    deal: str = ""
    stage: str = ""
    amount: Decimal | None = None
    currency: str = ""
    manager: str = ""
    created: datetime | None = None
    closed: datetime | None = None
    task: str = ""
    task_kind: str = ActivityKind.TASK
    due: datetime | None = None
    done: bool = False
    rejected: str = ""
    # The base has the row's deal, its task (an export imported before): not created again,
    # and why (`present`, read as `rejected` is).
    deal_in_base: bool = False
    task_in_base: bool = False
    present: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def has_deal(self) -> bool:
        return bool(self.deal or self.stage)

    @property
    def deal_title(self) -> str:
        return self.deal or self.company.name[:200]


def aware(moment: datetime | None) -> datetime | None:
    """A moment of the export (written in the company's time zone) as the base keeps it."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def deal_key(
    company_id: int, title: str, amount: Decimal | None, created: date | None
) -> tuple[int, str, Decimal, date | None]:
    """How a deal of an export is known in the base: an export names no deal of its CRM in
    every file (amoCRM's ID column is not in all of them, a table has none), so it is its
    company, title, amount and the day it was created there. A row without a creation day
    matches a deal of any day."""
    return (company_id, fold(title), (amount or Decimal(0)).quantize(Decimal("0.01")), created)


def _bad(column: str, value: str, what: object) -> str:
    return recorded(
        gettext_lazy("column “%(column)s”: “%(value)s” is not %(what)s"),
        column=column,
        value=value[:60],
        what=what,
    )


def crm_row_parse(
    number: int, cells: list[str], mapping: dict[str, int], headers: list[str], error: str = ""
) -> CrmRow:
    """One row of the export, or the reason it cannot be taken (row and column named by the
    caller's report). A row without a company name is a client in person: the contact's name
    stands for the company."""
    values = {f: cells[i].strip() if i < len(cells) else "" for f, i in mapping.items()}
    if not values.get("name") and values.get("contact") and "contact" in mapping:
        cells = list(cells) + [""] * (len(headers) - len(cells))
        cells[mapping["contact"]] = values["contact"]
        mapping = {**mapping, "name": mapping["contact"]}
    row = CrmRow(number=number, company=row_parse(number, cells, mapping, error))
    if row.company.outcome == Outcome.REJECTED:
        row.rejected = row.company.reason
        return row
    row.deal = values.get("deal", "")[:200]
    row.stage = values.get("stage", "")
    row.currency = values.get("currency", "")[:3].upper()
    row.manager = values.get("manager", "")
    row.task = values.get("task", "")[:300]
    row.task_kind = task_kind(values.get("task_kind", "") or row.task)
    row.done = parse_done(values.get("done", ""))
    header = {f: headers[i] if i < len(headers) else f for f, i in mapping.items()}
    try:
        row.amount = parse_amount(values.get("amount", ""))
    except ValueError:
        row.rejected = _bad(header["amount"], values["amount"], gettext_lazy("an amount"))
        return row
    for name in ("created", "closed", "due"):
        try:
            setattr(row, name, parse_moment(values.get(name, "")))
        except ValueError:
            row.rejected = _bad(header[name], values[name], gettext_lazy("a date"))
            return row
    if row.amount and not row.has_deal:
        row.deal = row.company.name[:200]
    if row.has_deal and not row.stage:
        row.rejected = recorded(gettext_lazy("the deal has no stage"))
    elif row.has_deal and not row.manager:
        row.rejected = recorded(gettext_lazy("the deal has no responsible manager"))
    elif row.task and not row.manager:
        row.rejected = recorded(gettext_lazy("the task has no responsible manager"))
    return row


def stage_guess(stage: str, codes_of_kind: dict[str, str]) -> str:
    """The algorithm's stage code for a CRM's default stage (kind -> its first code), or ""
    for a stage the head must map himself."""
    kind = DEFAULT_STAGES.get(fold(stage))
    return codes_of_kind.get(kind, "") if kind else ""


def company_state(stages: Iterable[tuple[str, str, int]]) -> str:
    """Where a company of several deals stands: the furthest of (code, kind, position)."""
    ranked = sorted(stages, key=lambda s: (_KIND_RANK.get(s[1], 0), s[2]))
    return ranked[-1][0] if ranked else ""


# What the dry run and the import count, as the page and the report name it.
COUNT_LABELS = {
    "rows": gettext_lazy("Rows in the file"),
    "taken": gettext_lazy("Rows taken"),
    "not_taken": gettext_lazy("Rows not taken"),
    "companies_new": gettext_lazy("New companies"),
    "companies_existing": gettext_lazy("Companies already in the base"),
    "contacts": gettext_lazy("Contact people"),
    "deals": gettext_lazy("Deals"),
    "deals_won": gettext_lazy("of them won"),
    "deals_lost": gettext_lazy("of them lost"),
    "deals_present": gettext_lazy("Deals already in the base (not created again)"),
    "leads": gettext_lazy("Leads before the deal stage (the company's stage only)"),
    "tasks": gettext_lazy("Tasks"),
    "tasks_present": gettext_lazy("Tasks already in the base (not created again)"),
    "users_matched": gettext_lazy("Managers found among the users"),
    "users_created": gettext_lazy("Managers created (inactive)"),
}
