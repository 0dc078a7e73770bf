"""The plain rules of the base, without a database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from otdel.base.models import SizeTag, TaxIdKind
from otdel.base.rules import (
    SizeThreshold,
    fold_name,
    format_phone,
    normalise_kpp,
    normalise_ogrn,
    normalise_phone,
    normalise_tax_id,
    phone_search_digits,
    size_tag_for,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_messages_are_russian_for_russian_users():
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        normalise_tax_id(TaxIdKind.RU_INN, "7707083894")
    assert error.value.messages == ["ИНН: неверная контрольная цифра."]


def test_valid_inn_is_kept_without_spaces():
    assert normalise_tax_id(TaxIdKind.RU_INN, " 7707 083893 ") == "7707083893"


def test_twelve_digit_personal_inn_is_valid():
    assert normalise_tax_id(TaxIdKind.RU_INN, "500100732259") == "500100732259"


def test_inn_with_wrong_check_digit_says_so():
    with pytest.raises(ValidationError, match="check digit"):
        normalise_tax_id(TaxIdKind.RU_INN, "7707083894")


def test_inn_with_wrong_length_says_so():
    with pytest.raises(ValidationError, match="number of digits"):
        normalise_tax_id(TaxIdKind.RU_INN, "77070838")


def test_romanian_cui_drops_the_ro_prefix():
    assert normalise_tax_id(TaxIdKind.RO_CUI, "RO 185 472 90") == "18547290"


def test_romanian_cui_with_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError):
        normalise_tax_id(TaxIdKind.RO_CUI, "18547291")


def test_other_tax_id_is_free_text_upper_cased():
    assert normalise_tax_id(TaxIdKind.OTHER, "de 123 456") == "DE123456"


def test_ogrn_checksum():
    assert normalise_ogrn("1027700132195") == "1027700132195"
    with pytest.raises(ValidationError, match="OGRN"):
        normalise_ogrn("1027700132196")


def test_kpp_format():
    assert normalise_kpp("7707 01 001") == "770701001"
    assert normalise_kpp("7707AB001") == "7707AB001"
    with pytest.raises(ValidationError, match="KPP"):
        normalise_kpp("77070100")


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("8 (495) 123-45-67", "+74951234567"),
        ("+7 495 123 45 67", "+74951234567"),
        ("+40 21 312 3456", "+40213123456"),
    ],
)
def test_phones_are_stored_in_e164(typed, e164):
    assert normalise_phone(typed, "RU") == e164


@pytest.mark.parametrize("typed", ["12", "not a phone", "+7 495 12"])
def test_malformed_phone_names_what_was_typed(typed):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed, "RU")
    assert typed.strip() in error.value.messages[0]


def test_phone_is_shown_grouped():
    assert format_phone("+74951234567") == "+7 495 123-45-67"


def test_fold_name_folds_case_yo_and_spaces():
    assert fold_name("  ООО «Ёлка»   Плюс ") == "ооо «елка» плюс"


@given(st.text())
def test_fold_name_is_idempotent(name):
    assert fold_name(fold_name(name)) == fold_name(name)


def test_phone_search_digits_only_for_phone_like_queries():
    assert phone_search_digits("8 (495) 123-45") == "849512345"
    assert phone_search_digits("Ромашка") is None
    assert phone_search_digits("123") is None


RULES = [
    SizeThreshold(SizeTag.LARGE, min_employees=250, min_annual_revenue=Decimal("2000000000")),
    SizeThreshold(SizeTag.MEDIUM, min_employees=50),
    SizeThreshold(SizeTag.SMALL, min_employees=1),
]


@pytest.mark.parametrize(
    ("employees", "revenue", "tag"),
    [
        (250, None, SizeTag.LARGE),
        (249, None, SizeTag.MEDIUM),
        (10, Decimal("2000000000"), SizeTag.LARGE),
        (10, Decimal("1999999999.99"), SizeTag.SMALL),
        (50, None, SizeTag.MEDIUM),
        (49, None, SizeTag.SMALL),
        (0, None, ""),
        (None, None, ""),
    ],
)
def test_size_tag_first_matching_rule_wins(employees, revenue, tag):
    assert (
        size_tag_for(employees=employees, annual_revenue=revenue, expected_volume=None, rules=RULES)
        == tag
    )
