"""Exports as amoCRM and Bitrix24 write them (their documented columns, Russian headers), made
up here: for the tests, and for a head to try the import on before he brings his own file. The
same seed gives the same file; `expected` says what the file holds, counted as it was made."""

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from otdel.exports import xlsx_bytes
from otdel.stages.models import StageKind

from .models import Export

AMOCRM_HEADERS = [
    "ID",
    "Название сделки",
    "Бюджет",
    "Ответственный",
    "Дата создания",
    "Дата закрытия",
    "Этап сделки",
    "Воронка",
    "Компания",
    "Полное имя контакта",
    "Рабочий телефон",
    "Рабочий email",
    "Теги",
    "Ближайшая задача",
    "Срок задачи",
]
BITRIX24_HEADERS = [
    "ID",
    "Название сделки",
    "Стадия сделки",
    "Сумма",
    "Валюта",
    "Ответственный",
    "Дата создания",
    "Дата завершения",
    "Компания",
    "Контакт",
    "Рабочий телефон",
    "Рабочий e-mail",
    "Комментарий",
    "Дело",
    "Срок",
]
STAGES = {
    Export.AMOCRM: [
        ("Первичный контакт", StageKind.CONTACT, 5),
        ("Переговоры", StageKind.CONTACT, 4),
        ("Принимают решение", StageKind.CONTACT, 3),
        ("Согласование договора", StageKind.DEAL, 3),
        ("Успешно реализовано", StageKind.CLIENT, 4),
        ("Закрыто и не реализовано", StageKind.REFUSAL, 3),
    ],
    Export.BITRIX24: [
        ("Новая", StageKind.NEW, 3),
        ("Подготовка документов", StageKind.CONTACT, 3),
        ("В работе", StageKind.CONTACT, 4),
        ("Счёт на предоплату", StageKind.DEAL, 3),
        ("Финальный счёт", StageKind.DEAL, 2),
        ("Сделка успешна", StageKind.CLIENT, 4),
        ("Сделка провалена", StageKind.REFUSAL, 3),
    ],
}
_SURNAMES = [
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
]
_NAMES = [
    "Алексей",
    "Дмитрий",
    "Сергей",
    "Андрей",
    "Михаил",
    "Иван",
    "Павел",
    "Николай",
    "Олег",
    "Артём",
]
# Names no user of a test or of the demo has, so that every manager is one to be created.
_MANAGERS = (
    "Лукоянов Ферапонт",
    "Ведерникова Евпраксия",
    "Зябликов Онуфрий",
    "Пестрякова Агриппина",
    "Чудинов Мартирий",
    "Шелепова Феврония",
    "Кабанихин Порфирий",
    "Ягужинская Голиндуха",
)
_ADJECTIVES = [
    "Северный",
    "Южный",
    "Уральский",
    "Волжский",
    "Сибирский",
    "Балтийский",
    "Донской",
    "Окский",
]
_NOUNS = [
    "Металл",
    "Пласт",
    "Агро",
    "Хлеб",
    "Текстиль",
    "Логистик",
    "Кабель",
    "Бетон",
    "Лес",
    "Мебель",
]
_FORMS = ("ООО", "АО", "ИП", "ПАО")
_TASKS = ("Позвонить и уточнить потребность", "Встреча в офисе клиента", "Написать письмо с КП")
BROKEN = ("amount", "stage", "date", "manager")


@dataclass
class Expected:
    """What an export holds, counted while it was written."""

    rows: int = 0
    companies: set[str] = field(default_factory=set)
    contacts: set[tuple[str, str]] = field(default_factory=set)
    managers: set[str] = field(default_factory=set)
    deals: dict[str, int] = field(default_factory=dict)  # stage kind -> rows
    tasks: int = 0
    broken: dict[int, str] = field(default_factory=dict)  # row number -> what is wrong


def _moment(rng: random.Random) -> datetime:
    return datetime(2025, 1, 9, 9, 0) + timedelta(
        days=rng.randrange(300), minutes=rng.randrange(600)
    )


def make_export(
    source: str, *, rows: int = 400, seed: int = 18, broken: tuple[str, ...] = ()
) -> tuple[list[str], list[list[str]], Expected]:
    """(headers, rows, expected) of an export of `rows` deals of about rows/3 companies. Each
    of `broken` spoils one row near the end: a bad amount, an unknown stage, a bad date, no
    manager."""
    rng = random.Random(seed)
    amo = source == Export.AMOCRM
    stages = STAGES[source]
    managers = list(_MANAGERS)
    companies = []
    for n in range(max(rows // 3, 1)):
        form = _FORMS[n % len(_FORMS)]
        name = f"{form} «{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {100 + n}»"
        phone = f"+7 (495) {200 + n // 100:03d}-{n % 100:02d}-{rng.randrange(10, 99)}"
        companies.append((name, phone, f"info{n}@firm{n}.ru", rng.choice(managers)))
    expected = Expected(rows=rows)
    out = []
    for i in range(rows):
        number = i + 2  # the header is row 1
        name, phone, email, manager = companies[rng.randrange(len(companies))]
        stage, kind, _weight = rng.choices(stages, weights=[w for *_s, w in stages])[0]
        contact = f"{rng.choice(_SURNAMES)} {rng.choice(_NAMES)}"
        created = _moment(rng)
        closed = created + timedelta(days=rng.randrange(3, 60))
        amount = rng.randrange(10, 3000) * 1000
        done = kind in (StageKind.CLIENT, StageKind.REFUSAL)
        task = rng.choice(_TASKS) if rng.random() < 0.3 else ""
        due = created + timedelta(days=rng.randrange(1, 14))
        spoil = broken[rows - 1 - i] if rows - 1 - i < len(broken) else ""
        if spoil:
            expected.broken[number] = spoil
        shown_amount = f"{amount:,}".replace(",", " ") if amo else f"{amount}.00"
        if spoil == "amount":
            shown_amount = "12 тыс"
        if spoil == "stage":
            stage = "Пауза до весны"
        date_format = "%d.%m.%Y %H:%M" if amo else "%d.%m.%Y"
        shown_created = created.strftime(date_format)
        if spoil == "date":
            shown_created = "31.02.2025"
        shown_manager = "" if spoil == "manager" else manager
        shown_due = due.strftime("%d.%m.%Y") if task else ""
        title = f"Поставка для {name.split('«')[1].rstrip('»')}"
        shown_closed = closed.strftime(date_format) if done else ""
        if amo:
            out.append(
                [str(1000 + i), title, shown_amount, shown_manager, shown_created, shown_closed]
                + [stage, "Воронка", name, contact, phone, email, "", task, shown_due]
            )
        else:
            out.append(
                [str(1000 + i), title, stage, shown_amount, "RUB", shown_manager, shown_created]
                + [shown_closed, name, contact, phone, email, "", task, shown_due]
            )
        if spoil:
            continue
        expected.companies.add(name)
        expected.contacts.add((name, contact))
        expected.managers.add(manager)
        expected.deals[kind] = expected.deals.get(kind, 0) + 1
        expected.tasks += bool(task)
    return (AMOCRM_HEADERS if amo else BITRIX24_HEADERS), out, expected


def export_bytes(headers: list[str], rows: list[list[str]], kind: str) -> bytes:
    """The file: "utf-8" (with the BOM Excel writes, `,`), "cp1251" (`;`) or "xlsx"."""
    if kind == "xlsx":
        return xlsx_bytes(headers, rows)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";" if kind == "cp1251" else ",")
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig" if kind == "utf-8" else kind)
