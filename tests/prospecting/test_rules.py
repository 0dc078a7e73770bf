"""What becomes of a row is decided without the database (prospecting/rules.py): given what
was found for its keys, a row is struck off, merged or new."""

from datetime import UTC, datetime

from otdel.base.matching import cluster
from otdel.base.models import Company
from otdel.prospecting.rules import outcome_counts, row_parse, rows_decide
from otdel.recorded import shown

SINCE = datetime(2026, 9, 1, tzinfo=UTC)
HEADERS = {"name": 0, "tax_id": 1, "phones": 2}


def decide(rows, *, exact=None, companies=None, owner_id=None):
    exact = exact or {}
    rows_decide(
        rows,
        exact={row.number: exact.get(row.number) for row in rows},
        similar={},
        in_file=cluster(row.key for row in rows if row.number not in exact),
        companies=companies or {},
        owner_names={7: "Hunter One"},
        owner_id=owner_id,
        state_label=lambda state: state.upper(),
    )
    return rows


def test_a_row_of_a_company_worked_by_another_manager_is_struck_off():
    worked = Company(pk=40, legal_name="Вектор", owner_id=7, state="contact", owned_since=SINCE)
    (row,) = decide(
        [row_parse(2, ["Вектор", "", ""], HEADERS, "")],
        exact={2: (("name", "вектор"), 40)},
        companies={40: worked},
        owner_id=8,
    )
    assert (row.outcome, row.company_id, row.score) == ("conflict", 40, 100)
    assert shown(row.reason) == (
        "company #40 (same name): worked by Hunter One, state CONTACT, since Sept. 1, 2026"
    )


def test_the_same_company_in_the_owners_own_list_is_merged():
    his = Company(pk=40, legal_name="Вектор", owner_id=7, state="contact", owned_since=SINCE)
    (row,) = decide(
        [row_parse(2, ["Вектор", "", ""], HEADERS, "")],
        exact={2: (("name", "вектор"), 40)},
        companies={40: his},
        owner_id=7,
    )
    assert (row.outcome, shown(row.reason)) == ("duplicate", "company #40 (same name)")


def test_a_row_repeating_an_earlier_phone_is_merged_into_that_row():
    rows = decide(
        [
            row_parse(2, ["Альфа", "", "+7 495 123-45-67"], HEADERS, ""),
            row_parse(3, ["Альфа Трейд", "", "+7 (495) 123 45 67"], HEADERS, ""),
        ]
    )
    assert [(r.outcome, r.same_as_row) for r in rows] == [("new", None), ("duplicate", 2)]
    assert shown(rows[1].reason) == "same company as row 2"
    assert outcome_counts(rows) == {
        "rows": 2,
        "created": 1,
        "merged": 1,
        "conflicts": 0,
        "rejected": 0,
    }
