"""Figures, days and kept sentences as people read them, in Russian and in English (issue 14,
item 5): otdel/numbers.py, otdel/days.py, otdel/recorded.py."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from otdel import days, numbers
from otdel.recorded import Money, Percent, Words, fitted, recorded, shown

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            {
                "money": f"1{NBSP}234{NBSP}567,89{NBSP}₽",
                "amount": f"1{NBSP}234{NBSP}567,89",
                "whole": f"1{NBSP}234{NBSP}568",
                "percent": f"100{NBSP}%",
                "share": f"12,5{NBSP}%",
                "quantity": "1",
                "tens": "10",
                "day": "30 ноября 2026",
                "short": "30.11.2026",
                "moment": "30 ноября 2026, 14:05",
                "unit": "шт.",
            },
        ),
        (
            "en",
            {
                "money": "₽1,234,567.89",
                "amount": "1,234,567.89",
                "whole": "1,234,568",
                "percent": "100%",
                "share": "12.5%",
                "quantity": "1",
                "tens": "10",
                "day": "Nov. 30, 2026",
                "short": "11/30/2026",
                "moment": "Nov. 30, 2026, 2:05 p.m.",
                "unit": "pcs",
            },
        ),
    ],
)
def test_figures_and_days_read_in_the_readers_language(language, expected):
    moment = datetime(2026, 11, 30, 11, 5, tzinfo=ZoneInfo("UTC"))  # 14:05 in Moscow
    with translation.override(language):
        assert {
            "money": numbers.money(Decimal("1234567.89"), "RUB"),
            "amount": numbers.amount(Decimal("1234567.89")),
            "whole": numbers.whole(Decimal("1234567.89")),
            "percent": numbers.percent(Decimal("100.00")),
            "share": numbers.percent(Decimal("12.50")),
            "quantity": numbers.plain(Decimal("1.000")),
            "tens": numbers.plain(Decimal("10.000")),
            "day": days.day(date(2026, 11, 30)),
            "short": days.short_day(date(2026, 11, 30)),
            "moment": days.moment(moment),
            "unit": numbers.unit("шт."),
        } == expected


def test_a_sentence_ending_with_a_day_ends_with_one_dot():
    with translation.override("ru"):
        assert f"{days.day(date(2026, 11, 24))}." == "24 ноября 2026."


def test_a_currency_without_a_sign_keeps_its_code():
    with translation.override("en"):
        assert numbers.money(Decimal(5), "CHF") == f"5.00{NBSP}CHF"


def test_the_template_filters_are_in_every_template():
    template = Template("{{ a|money:'RUB' }} · {{ p|percent }} · {{ q|plain }} · {{ d|day }}")
    context = Context(
        {"a": Decimal("200000"), "p": 100, "q": Decimal("2.500"), "d": date(2026, 11, 30)}
    )
    with translation.override("ru"):
        assert template.render(context) == (
            f"200{NBSP}000,00{NBSP}₽ · 100{NBSP}% · 2,5 · 30 ноября 2026"
        )


def test_a_kept_sentence_reads_in_each_readers_language_with_his_formats():
    kept = recorded(
        gettext_lazy("paid %(amount)s against %(number)s"),
        amount=Money(Decimal("108900.00"), "RUB"),
        number="СЧ-2026-0001",
    )
    with translation.override("ru"):
        assert shown(kept) == f"оплачено 108{NBSP}900,00{NBSP}₽ по счёту СЧ-2026-0001"
    with translation.override("en"):
        assert shown(kept) == "paid ₽108,900.00 against СЧ-2026-0001"


def test_kept_sentences_nest_and_name_stages_and_shares_in_either_language():
    why = recorded(
        gettext_lazy("similar name “%(name)s”, %(score)s"), name="Вектор", score=Percent(91)
    )
    kept = recorded(
        gettext_lazy(
            "company #%(id)s (%(why)s): worked by %(owner)s, state %(state)s, since %(date)s"
        ),
        id="40",
        why=why,
        owner="Артём Волков",
        state=Words("Первый контакт", "First contact"),
        date=date(2026, 9, 1),
    )
    with translation.override("en"):
        assert shown(kept) == (
            "company #40 (similar name “Вектор”, 91%): worked by Артём Волков, "
            "state First contact, since Sept. 1, 2026"
        )
    with translation.override("ru"):
        assert shown(kept) == (
            f"компания №40 (похожее название «Вектор», 91{NBSP}%): в работе — Артём Волков, "
            "этап «Первый контакт», с 1 сентября 2026"
        )


def test_text_written_by_hand_or_before_is_shown_as_it_was():
    assert shown("позвонить после праздников") == "позвонить после праздников"
    assert shown("") == ""


def test_a_kept_sentence_too_long_for_its_column_is_kept_as_read_now():
    kept = recorded(gettext_lazy("prospect list %(file)s"), file="x" * 400)
    with translation.override("en"):
        assert fitted(kept, 300) == ("prospect list " + "x" * 400)[:300]
        assert fitted(kept, 1000) == kept
