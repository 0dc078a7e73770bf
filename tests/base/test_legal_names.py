"""A company's legal form kept apart from its name (issue 14): parsed from what people type and
what prospect lists bring, shown as people write it, and never in the way of duplicate search."""

import csv
from collections import defaultdict
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otdel.base.normalise import name_key
from otdel.base.rules import (
    COMMON_FORMS,
    LEGAL_FORMS,
    canonical_legal_form,
    legal_name_display,
    parse_legal_name,
    split_typed_name,
)
from otdel.demo.files import shared_data_dir


def _real_names() -> tuple[list[tuple[str, str]], list[str]]:
    """(company group, name) of the patent filings, and the Maven CRM accounts."""
    folder = shared_data_dir()
    patents = folder / "patstat_names" / "patstat_reference.csv"
    accounts = folder / "maven_crm" / "accounts.csv"
    if not patents.exists() or not accounts.exists():
        return [], []
    with patents.open(newline="", encoding="utf-8") as f:
        grouped = [(r["leuven_id"], r["person_name"]) for r in csv.DictReader(f)]
    with accounts.open(newline="", encoding="utf-8") as f:
        plain = [r["account"] for r in csv.DictReader(f)]
    return grouped, plain


GROUPED, ACCOUNTS = _real_names()
REAL = [name for _group, name in GROUPED] + ACCOUNTS
needs_data = pytest.mark.skipif(not REAL, reason="the shared data folder is not here")


@pytest.mark.parametrize(
    ("typed", "form", "name", "shown"),
    [
        ("ООО «Уралхиммаш-Сервис»", "ООО", "Уралхиммаш-Сервис", "ООО «Уралхиммаш-Сервис»"),
        ('ООО "Ромашка"', "ООО", "Ромашка", "ООО «Ромашка»"),
        ("ООО „Ромашка“", "ООО", "Ромашка", "ООО «Ромашка»"),
        ("ООО “Ромашка”", "ООО", "Ромашка", "ООО «Ромашка»"),
        ("ООО«Ромашка»", "ООО", "Ромашка", "ООО «Ромашка»"),
        ('ООО "Ромашка', "ООО", "Ромашка", "ООО «Ромашка»"),  # a quote left open
        ("  ооо   «Ромашка» ", "ООО", "Ромашка", "ООО «Ромашка»"),
        ("Ромашка ООО", "ООО", "Ромашка", "ООО «Ромашка»"),  # as accounting exports it
        ("Ромашка, ООО", "ООО", "Ромашка", "ООО «Ромашка»"),
        ("Мир, ПК", "ПК", "Мир", "ПК «Мир»"),
        ("ПК «Мастер»", "ПК", "Мастер", "ПК «Мастер»"),
        ("Производственный кооператив Мастер", "ПК", "Мастер", "ПК «Мастер»"),
        (
            "Общество с ограниченной ответственностью «Альфа»",
            "ООО",
            "Альфа",
            "ООО «Альфа»",
        ),
        ('ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "АЛЬФА"', "ООО", "АЛЬФА", "ООО «АЛЬФА»"),
        ("Акционерное общество «Бета»", "АО", "Бета", "АО «Бета»"),
        (
            "Публичное акционерное общество «Сбербанк России»",
            "ПАО",
            "Сбербанк России",
            "ПАО «Сбербанк России»",
        ),
        ("ПАО Сбербанк", "ПАО", "Сбербанк", "ПАО «Сбербанк»"),
        ("ЗАО «Гамма»", "ЗАО", "Гамма", "ЗАО «Гамма»"),
        ("ОАО «РЖД»", "ОАО", "РЖД", "ОАО «РЖД»"),
        ("ИП Иванов Иван Иванович", "ИП", "Иванов Иван Иванович", "ИП Иванов Иван Иванович"),
        ("Индивидуальный предприниматель Петров П. П.", "ИП", "Петров П. П.", "ИП Петров П. П."),
        ("НКО «Фонд»", "НКО", "Фонд", "НКО «Фонд»"),
        ("АНО «Центр»", "АНО", "Центр", "АНО «Центр»"),
        ("ФГУП «Почта России»", "ФГУП", "Почта России", "ФГУП «Почта России»"),
        ("МУП «Водоканал»", "МУП", "Водоканал", "МУП «Водоканал»"),
        ("ГУП «Мосгортранс»", "ГУП", "Мосгортранс", "ГУП «Мосгортранс»"),
        ("ООО «Завод «Прогресс»»", "ООО", "Завод «Прогресс»", "ООО «Завод «Прогресс»»"),
        ("ООО «Альфа» и «Бета»", "ООО", "«Альфа» и «Бета»", "ООО «Альфа» и «Бета»"),
        ("Alfa SRL", "SRL", "Alfa", "Alfa SRL"),
        ("S.C. Alfa S.R.L.", "SRL", "Alfa", "Alfa SRL"),
        ("SC BETA SA", "SA", "BETA", "BETA SA"),
        ("Popescu Ion PFA", "PFA", "Popescu Ion", "Popescu Ion PFA"),
        ("Popescu Ion Î.I.", "ÎI", "Popescu Ion", "Popescu Ion ÎI"),
        ("Popescu Ion II", "II", "Popescu Ion", "Popescu Ion II"),
        ("Romashka LLC", "LLC", "Romashka", "Romashka LLC"),
        ("Romashka, L.L.C.", "LLC", "Romashka", "Romashka LLC"),
        ("Tesco Ltd.", "Ltd", "Tesco", "Tesco Ltd"),
        ("AGILENT TECHNOLOGIES, INC.", "Inc.", "AGILENT TECHNOLOGIES", "AGILENT TECHNOLOGIES Inc."),
        (
            "ASML NETHERLANDS CO., LTD.",
            "Co., Ltd.",
            "ASML NETHERLANDS",
            "ASML NETHERLANDS Co., Ltd.",
        ),
        ("Siemens AG", "AG", "Siemens", "Siemens AG"),
        ("Muster GmbH & Co. KG", "GmbH & Co. KG", "Muster", "Muster GmbH & Co. KG"),
        ("Akzo Nobel, N. V.", "N.V.", "Akzo Nobel", "Akzo Nobel N.V."),
        ("Acme Corporation", "Corporation", "Acme", "Acme Corporation"),
    ],
)
def test_the_form_is_found_and_the_name_shown_as_people_write_it(typed, form, name, shown):
    assert parse_legal_name(typed) == (form, name)
    assert legal_name_display(form, name) == shown


@pytest.mark.parametrize(
    "typed",
    [
        "Вектор Плюс",
        "«Альфа» и «Бета»",
        "АО",  # only a form: the name stays as typed
        "ООО «»",
        "Gekko & Co",
        "Мир ПК",  # a computer shop, not a cooperative
        "ПК Мастер",
        "Y-corporation",
        "Bluth Company",
        "AKZO NOBEL N.V., ARNHEM",  # a form inside the name is no form of it
        "",
    ],
)
def test_a_name_without_a_form_stays_as_it_is(typed):
    assert parse_legal_name(typed) == ("", typed)
    assert legal_name_display("", typed) == typed


def test_a_form_typed_into_the_field_is_stored_as_it_is_written():
    assert canonical_legal_form(" o.o.o. ") == "ООО"
    assert canonical_legal_form("общество с ограниченной ответственностью") == "ООО"
    assert canonical_legal_form("s.r.l.") == "SRL"
    assert canonical_legal_form("Kommanditgesellschaft auf Aktien") == (
        "Kommanditgesellschaft auf Aktien"
    )


def test_the_form_in_the_name_moves_to_the_field_unless_the_field_says_another():
    assert split_typed_name("ООО «Альфа»", "") == ("ООО", "Альфа")
    assert split_typed_name("ООО «Альфа»", "ооо") == ("ООО", "Альфа")
    assert split_typed_name("ООО «Альфа»", "АО") == ("АО", "ООО «Альфа»")
    assert split_typed_name("Альфа", "АО") == ("АО", "Альфа")


def test_a_form_we_do_not_know_is_shown_where_its_alphabet_puts_it():
    assert legal_name_display("ОДО", "Альфа") == "ОДО «Альфа»"
    assert legal_name_display("KGaA", "Merck") == "Merck KGaA"


FORMS = st.sampled_from(LEGAL_FORMS)
QUOTES = st.sampled_from([("«", "»"), ('"', '"'), ("„", "“"), ("“", "”"), ("", "")])
ROOTS = st.sampled_from(["Уралхиммаш-Сервис", "Вектор Плюс", "Alfa Trans", "Akzo Nobel", "Ёлка"])


@given(form=FORMS, quotes=QUOTES, root=ROOTS, data=st.data())
def test_any_spelling_of_any_form_on_its_side_of_the_name_is_found(form, quotes, root, data):
    spelling = data.draw(st.sampled_from([form.form, *form.spellings]))
    spelling = data.draw(st.sampled_from([spelling, spelling.upper(), spelling.lower()]))
    quoted = f"{quotes[0]}{root}{quotes[1]}"
    typed = f"{spelling} {quoted}" if form.before else f"{quoted}, {spelling}"
    rare = form.form not in COMMON_FORMS and " " not in spelling and not quotes[0]
    if form.before and rare:  # "ПК Мастер" may be a computer shop
        assert parse_legal_name(typed) == ("", typed)
    else:
        assert parse_legal_name(typed) == (form.form, root)
    shown = legal_name_display(form.form, root)
    assert parse_legal_name(shown) == (form.form, root)  # what is shown reads back the same


@given(st.text(max_size=60))
def test_any_text_parses_without_losing_a_letter(text):
    form, name = parse_legal_name(text)
    if not form:
        assert name == " ".join(text.split())
    else:
        assert name and any(c.isalnum() for c in name)
        assert form in {f.form for f in LEGAL_FORMS}


@needs_data
def test_real_names_read_back_as_they_are_shown():
    for name in REAL:
        form, rest = parse_legal_name(name)
        if form:
            assert parse_legal_name(legal_name_display(form, rest)) == (form, rest), name
        else:
            assert rest == " ".join(name.split()), name


@needs_data
def test_real_names_of_one_company_still_match_and_of_two_companies_still_do_not():
    """Duplicate search keys the name shown with its form: every pair of spellings of one
    company in the patent filings that matched before still does, and no two companies meet."""
    shown_key = {n: name_key(legal_name_display(*parse_legal_name(n))) for _g, n in GROUPED}
    by_group = defaultdict(set)
    for group, name in GROUPED:
        by_group[group].add(name)
    for names in by_group.values():
        for a, b in combinations(sorted(names), 2):
            if name_key(a) == name_key(b):
                assert shown_key[a] == shown_key[b], (a, b)
    groups_of_key = defaultdict(set)
    for group, name in GROUPED:
        groups_of_key[shown_key[name]].add(group)
    assert all(len(groups) == 1 for groups in groups_of_key.values())
    assert sum(bool(parse_legal_name(n)[0]) for _g, n in GROUPED) > len(GROUPED) * 0.8


@pytest.mark.parametrize("form", LEGAL_FORMS, ids=lambda f: f.form)
def test_every_form_as_shown_reads_back(form):
    for root in ("Альфа", "Alfa Trans", "Иванов И. И."):
        assert parse_legal_name(legal_name_display(form.form, root)) == (form.form, root)
