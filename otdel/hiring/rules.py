"""The decisions of hiring, as plain functions: which moves a candidate may make, his weighted
score, the spend against the budget, a CV's kind by its first bytes, a username from a name,
an onboarding checklist's dates."""

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from otdel.days import working_day
from otdel.org.models import Position

from .models import Stage

# The way forward; the test task may be skipped (a head may make an offer after the interview).
PIPELINE = (Stage.RESPONSE, Stage.PHONE, Stage.INTERVIEW, Stage.TEST_TASK, Stage.OFFER)
FINAL = (Stage.HIRED, Stage.REFUSED)
_FORWARD: dict[str, tuple[str, ...]] = {
    Stage.RESPONSE: (Stage.PHONE,),
    Stage.PHONE: (Stage.INTERVIEW,),
    Stage.INTERVIEW: (Stage.TEST_TASK, Stage.OFFER),
    Stage.TEST_TASK: (Stage.OFFER,),
    Stage.OFFER: (Stage.HIRED,),
}


def next_stages(stage: str) -> tuple[str, ...]:
    """Where a candidate may go from his stage (besides being refused)."""
    return _FORWARD.get(stage, ())


@dataclass(frozen=True)
class Facts:
    """What is recorded of a candidate that a move depends on."""

    phone_notes: bool = False
    scored: bool = False
    test_scored: bool = False


def move_refusal(stage: str, target: str, facts: Facts) -> str | None:
    """Why the candidate may not go from `stage` to `target` now; None when he may."""
    labels = dict(Stage.choices)
    if stage in FINAL:
        return _("The candidate is already %(stage)s: he moves no further.") % {
            "stage": str(labels[stage]).lower()
        }
    if target == Stage.REFUSED:
        return None
    if target not in next_stages(stage):
        return _("A candidate at the stage «%(stage)s» cannot go to «%(target)s».") % {
            "stage": labels[stage],
            "target": labels.get(target, target),
        }
    if stage == Stage.PHONE and not facts.phone_notes:
        return _("Record the answers of the phone interview first.")
    if stage == Stage.INTERVIEW and not facts.scored:
        return _("Score the candidate against the portrait first.")
    if stage == Stage.TEST_TASK and not facts.test_scored:
        return _("Record the test task received and its score first.")
    if target == Stage.HIRED:
        return _("A candidate is hired through «Hire»: it creates his user.")
    return None


def weighted_score(pairs: Iterable[tuple[int, int]]) -> Decimal | None:
    """The weighted mean of (weight, score 1-5) pairs, to two places; None with nothing scored."""
    total = weights = 0
    for weight, score in pairs:
        if not 1 <= score <= 5:
            raise ValueError(f"a score is 1 to 5, not {score}")
        total += weight * score
        weights += weight
    if weights <= 0:
        return None
    return (Decimal(total) / Decimal(weights)).quantize(Decimal("0.01"), ROUND_HALF_UP)


# From this share of the budget spent, the vacancy is flagged as near its budget.
NEAR_BUDGET = Decimal("0.9")


def budget_state(budget: Decimal, spent: Decimal) -> str:
    """'over' the budget, 'near' it (90 % spent), or 'ok'. No budget and some spend is over."""
    if spent > budget:
        return "over"
    if budget > 0 and spent >= budget * NEAR_BUDGET:
        return "near"
    return "ok"


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def cv_type(data: bytes) -> str | None:
    """A CV's type by its content: a PDF, or a DOCX (a ZIP holding word/document.xml)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


# ъ and ь are written as nothing.
_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def username_from_name(full_name: str) -> str:
    """A login from a Russian or Latin name: «Иван Петров» -> "ivan.petrov"."""
    letters = []
    for char in full_name.lower():
        letters.append(_LATIN.get(char, char))
    words = re.findall(r"[a-z0-9]+", "".join(letters))
    return ".".join(words)[:140] or "new.manager"


def free_username(wanted: str, taken: set[str]) -> str:
    """`wanted`, or with the first number that makes it free."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}{n}" in taken:
        n += 1
    return f"{wanted}{n}"


def split_name(full_name: str) -> tuple[str, str]:
    """First and last name from «Фамилия Имя» or «Имя Фамилия»: the candidate's name is
    written as «Имя Фамилия» in Otdel."""
    words = full_name.split()
    if not words:
        return "", ""
    return words[0][:150], " ".join(words[1:])[:150]


def due_dates(start: date, days: Iterable[int]) -> list[date]:
    """Each item so many calendar days after the start, on a working day: one that falls on a
    Saturday or a Sunday is due the Monday after."""
    return [working_day(start + timedelta(days=d)) for d in days]


def is_overdue(due_on: date, done: bool, today: date) -> bool:
    return not done and due_on < today


# The method's defaults (METHOD 8; seed 001, item 12), installed by the first migration.
DEFAULT_REASONS = (
    "Не вышел на связь",
    "Не прошёл телефонное интервью",
    "Не подходит по портрету",
    "Не выполнил тестовое задание",
    "Отказался от предложения",
    "Зарплатные ожидания выше бюджета",
)
HUNTER_POSITIONS = (Position.TELE_SALES, Position.SALES_MANAGER, Position.SALES_REPRESENTATIVE)
FARMER_POSITIONS = (
    Position.ACCOUNT_MANAGER,
    Position.KEY_ACCOUNT_MANAGER,
    Position.PARTNER_ACCOUNT_MANAGER,
)
DEFAULT_ONBOARDING = (
    (1, "Изучить продукт и прайс-листы"),
    (2, "Изучить алгоритм продаж: состояния компании и лимиты"),
    (3, "Выучить скрипты холодного звонка и ответы на возражения"),
    (5, "Первые звонки в присутствии руководителя (руководитель слушает)"),
    (5, "Составить план первой недели с руководителем"),
    (10, "Пройти курсы обучения и тесты"),
    (14, "Первая встреча с клиентом вместе с руководителем"),
)
DEFAULT_PORTRAIT: dict[str, tuple[tuple[str, int, str], ...]] = {
    Position.SALES_MANAGER: (
        ("Напор и энергия в холодных звонках", 3, "Звонит первым, не боится отказов."),
        ("Опыт продаж B2B", 2, "Продавал компаниям, знает путь до ЛПР."),
        ("Грамотная речь", 2, "Говорит ясно, слушает, задаёт вопросы."),
        ("Стрессоустойчивость", 2, "Держится на возражениях и отказах."),
        ("Обучаемость", 1, "Быстро осваивает продукт и скрипты."),
    ),
    Position.ACCOUNT_MANAGER: (
        ("Умение строить отношения", 3, "Клиенты возвращаются к нему."),
        ("Внимательность и порядок", 2, "Ведёт историю клиента в системе."),
        ("Опыт работы с постоянными клиентами", 2, "Растил продажи клиенту."),
        ("Грамотная речь", 1, ""),
    ),
    Position.DEPARTMENT_HEAD: (
        ("Опыт руководства продавцами", 3, "Вёл отдел по плану и цифрам."),
        ("Работа с метриками", 2, "Читает воронку, конверсии, план-факт."),
        ("Умение обучать", 2, "Слушает звонки, разбирает, ставит задачи."),
    ),
}


def portrait_position(position: str, have: set[str]) -> str:
    """The position whose portrait scores a candidate: his own when it has one, else its
    family's (hunters: the sales manager's, farmers: the account manager's)."""
    if position in have:
        return position
    if position in HUNTER_POSITIONS:
        return Position.SALES_MANAGER
    if position in FARMER_POSITIONS:
        return Position.ACCOUNT_MANAGER
    return position
