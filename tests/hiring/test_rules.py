"""The rules of hiring, without a database: moves, the weighted score, the budget, a CV's
kind, a login from a name, a checklist's dates."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from otdel.hiring import rules
from otdel.hiring.models import Stage
from otdel.org.models import Position

DONE = rules.Facts(phone_notes=True, scored=True, test_scored=True)

# The refusals are read in English.
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("stage", "target"),
    [
        (Stage.RESPONSE, Stage.PHONE),
        (Stage.PHONE, Stage.INTERVIEW),
        (Stage.INTERVIEW, Stage.TEST_TASK),
        (Stage.INTERVIEW, Stage.OFFER),
        (Stage.TEST_TASK, Stage.OFFER),
    ],
)
def test_a_candidate_goes_on_to_his_next_stage(stage, target):
    assert rules.move_refusal(stage, target, DONE) is None


@pytest.mark.parametrize(
    ("stage", "target"),
    [
        (Stage.RESPONSE, Stage.INTERVIEW),
        (Stage.RESPONSE, Stage.OFFER),
        (Stage.PHONE, Stage.TEST_TASK),
        (Stage.OFFER, Stage.PHONE),
        (Stage.INTERVIEW, Stage.RESPONSE),
        (Stage.RESPONSE, "nowhere"),
    ],
)
def test_a_candidate_skips_no_stage_and_goes_not_back(stage, target):
    assert "cannot go to" in rules.move_refusal(stage, target, DONE)


@pytest.mark.parametrize("stage", rules.PIPELINE)
def test_a_candidate_may_be_refused_at_any_open_stage(stage):
    assert rules.move_refusal(stage, Stage.REFUSED, rules.Facts()) is None


@pytest.mark.parametrize("stage", rules.FINAL)
@pytest.mark.parametrize("target", [Stage.PHONE, Stage.REFUSED, Stage.HIRED])
def test_a_hired_or_refused_candidate_moves_no_further(stage, target):
    assert "moves no further" in rules.move_refusal(stage, target, DONE)


def test_each_stage_asks_for_its_record_before_the_next():
    assert "phone interview" in rules.move_refusal(Stage.PHONE, Stage.INTERVIEW, rules.Facts())
    assert "portrait" in rules.move_refusal(Stage.INTERVIEW, Stage.OFFER, rules.Facts())
    assert "test task" in rules.move_refusal(Stage.TEST_TASK, Stage.OFFER, rules.Facts())


def test_hired_only_through_hire():
    assert "Hire" in rules.move_refusal(Stage.OFFER, Stage.HIRED, DONE)


def test_weighted_score_is_the_mean_weighted_by_the_criteria():
    assert rules.weighted_score([(3, 5), (1, 1)]) == Decimal("4.00")
    assert rules.weighted_score([(2, 4), (1, 3), (2, 2)]) == Decimal("3.00")
    assert rules.weighted_score([(1, 4), (2, 5)]) == Decimal("4.67")
    assert rules.weighted_score([]) is None


def test_a_score_outside_one_to_five_is_an_error():
    with pytest.raises(ValueError):
        rules.weighted_score([(1, 6)])
    with pytest.raises(ValueError):
        rules.weighted_score([(1, 0)])


def test_budget_state():
    assert rules.budget_state(Decimal(100), Decimal(50)) == "ok"
    assert rules.budget_state(Decimal(100), Decimal(90)) == "near"
    assert rules.budget_state(Decimal(100), Decimal(100)) == "near"
    assert rules.budget_state(Decimal(100), Decimal("100.01")) == "over"
    assert rules.budget_state(Decimal(0), Decimal(0)) == "ok"
    assert rules.budget_state(Decimal(0), Decimal(1)) == "over"


def _zip(names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_cv_type_by_content():
    assert rules.cv_type(b"%PDF-1.7\n...") == rules.PDF
    assert rules.cv_type(_zip(["[Content_Types].xml", "word/document.xml"])) == rules.DOCX
    # An Excel workbook is a ZIP too, but not a Word document; a broken ZIP is nothing.
    assert rules.cv_type(_zip(["xl/workbook.xml"])) is None
    assert rules.cv_type(b"PK\x03\x04broken") is None
    assert rules.cv_type(b"MZ\x90\x00 an exe named cv.pdf") is None
    assert rules.cv_type(b"") is None


def test_username_from_a_russian_name():
    assert rules.username_from_name("Иван Петров") == "ivan.petrov"
    assert rules.username_from_name("Тимур Алексеев") == "timur.alekseev"
    assert rules.username_from_name("Щукина Юлия-Мария") == "shchukina.yuliya.mariya"
    assert rules.username_from_name("John O'Neil") == "john.o.neil"
    assert rules.username_from_name("!!!") == "new.manager"


def test_a_taken_username_gets_the_first_free_number():
    assert rules.free_username("ivan", set()) == "ivan"
    assert rules.free_username("ivan", {"ivan", "ivan2"}) == "ivan3"


def test_onboarding_dates_and_overdue():
    # Monday 2 November: day 1 is Tuesday; day 5, Saturday the 7th, and day 6 are due Monday.
    assert rules.due_dates(date(2026, 11, 2), [1, 5, 6, 7]) == [
        date(2026, 11, 3),
        date(2026, 11, 9),
        date(2026, 11, 9),
        date(2026, 11, 9),
    ]
    assert rules.is_overdue(date(2026, 11, 2), False, date(2026, 11, 3))
    assert not rules.is_overdue(date(2026, 11, 2), True, date(2026, 11, 3))
    assert not rules.is_overdue(date(2026, 11, 3), False, date(2026, 11, 3))


def test_a_hunter_without_his_own_portrait_is_scored_by_the_sales_managers():
    have = {Position.SALES_MANAGER, Position.ACCOUNT_MANAGER}
    assert rules.portrait_position(Position.TELE_SALES, have) == Position.SALES_MANAGER
    assert rules.portrait_position(Position.KEY_ACCOUNT_MANAGER, have) == Position.ACCOUNT_MANAGER
    assert rules.portrait_position(Position.TELE_SALES, have | {"tele_sales"}) == "tele_sales"
