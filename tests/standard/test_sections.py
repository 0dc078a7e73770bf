"""The registry: an app added later plugs its section in, and the file, the checks, the diff
and the import take it like a built-in one. The file's format without a database."""

from decimal import Decimal

import pytest
import yaml

from otdel.standard import rules, sections
from otdel.standard.sections import Field, Group, StandardRefused, register_section
from otdel.standard.selectors import standard_text
from otdel.standard.services import standard_import

STORE: dict = {"scripts": {"cold": {"text": "Добрый день", "steps": 3}}}


@pytest.fixture
def scripts_section():
    register_section(
        "scripts",
        export=lambda: {"scripts": dict(STORE["scripts"])},
        apply=lambda data, user: STORE.update(scripts=dict(data["scripts"])) or ["applied"],
        groups=[Group("scripts", [Field("text", str), Field("steps", int)])],
        order=950,
    )
    yield
    sections._registry.pop("scripts")
    sections._ordering[:] = [s for s in sections._ordering if s.name != "scripts"]


def test_a_plugged_in_section_is_written_last_and_imported(db, scripts_section):
    doc = yaml.safe_load(standard_text())
    assert list(doc)[-1] == "scripts"
    assert doc["scripts"] == {"scripts": {"cold": {"text": "Добрый день", "steps": 3}}}
    doc["scripts"]["scripts"]["warm"] = {"text": "Снова здравствуйте", "steps": 1}
    report = standard_import(text=yaml.safe_dump(doc, allow_unicode=True), acting_user=None)
    assert STORE["scripts"]["warm"]["steps"] == 1
    assert "applied" in report.notes
    assert [(d.section, [c.key for c in d.changes]) for d in report.diffs] == [
        ("scripts", ["warm"])
    ]


def test_a_plugged_in_section_is_checked_by_its_fields(db, scripts_section):
    doc = yaml.safe_load(standard_text())
    doc["scripts"]["scripts"]["cold"]["steps"] = "три"
    with pytest.raises(StandardRefused, match="scripts › scripts › cold › steps: must be a whole"):
        standard_import(text=yaml.safe_dump(doc, allow_unicode=True), acting_user=None)


def test_a_reserved_name_cannot_be_a_section():
    with pytest.raises(ValueError):
        register_section("version", export=dict, apply=lambda d, u: None, groups=[], order=1)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.800"), "0.8"),
        (Decimal("40000.00"), "40000"),
        (Decimal("1E+3"), "1000"),
        (None, None),
    ],
)
def test_decimals_are_written_plainly(value, text):
    assert rules.decimal_text(value) == text


def test_the_same_data_gives_the_same_bytes_whatever_the_order_it_came_in():
    group = Group("items", [Field("b", str), Field("a", dict)])
    section = sections.Section("s", dict, lambda d, u: None, [group], 1)
    one = {"s": {"items": {"y": {"a": {"z": 1, "k": 2}, "b": "x"}, "x": {"b": "a\nb", "a": {}}}}}
    two = {"s": {"items": {"x": {"a": {}, "b": "a\nb"}, "y": {"b": "x", "a": {"k": 2, "z": 1}}}}}
    text = rules.dump(rules.canonical([section], 3, one))
    assert text == rules.dump(rules.canonical([section], 3, two))
    assert text.splitlines()[:5] == ["otdel_standard: 1", "version: 3", "s:", "  items:", "    x:"]
    assert rules.parse(text, [section]) == (3, two)


def test_the_diff_names_added_removed_and_changed_items_with_their_fields():
    group = Group("items", [Field("n", int), Field("p", "decimal")])
    row = Group("settings", [Field("cap", int)], row=True)
    section = sections.Section("s", dict, lambda d, u: None, [row, group], 1)
    old = {
        "s": {
            "settings": {"cap": 90},
            "items": {"a": {"n": 1, "p": "1.0"}, "b": {"n": 2, "p": "2"}},
        }
    }
    new = {
        "s": {"settings": {"cap": 70}, "items": {"a": {"n": 1, "p": "1"}, "c": {"n": 3, "p": "3"}}}
    }
    assert rules.diff_lines(rules.diff([section], old, new)) == [
        "[s]",
        "  ~ settings",
        "      cap: 90 → 70",
        "  - items › b",
        "  + items › c",
    ]
    assert rules.diff([section], old, old) == []


def test_aliases_are_refused_a_small_file_cannot_expand():
    bomb = "otdel_standard: 1\nversion: 1\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(StandardRefused, match="aliases"):
        rules.parse(bomb, [])
