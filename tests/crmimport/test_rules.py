"""Reading a CRM's export without a database: headers in Russian and English, money, dates,
stages and the reasons a row is not taken."""

from datetime import datetime
from decimal import Decimal

import pytest

from otdel.crmimport.models import Export
from otdel.crmimport.rules import (
    company_state,
    crm_row_parse,
    manager_key,
    parse_amount,
    parse_done,
    parse_moment,
    recognise_columns,
    stage_guess,
    task_kind,
)
from otdel.crmimport.samples import AMOCRM_HEADERS, BITRIX24_HEADERS
from otdel.recorded import shown


def _fields(headers, source):
    return {f: headers[i] for f, i in recognise_columns(headers, source).items()}


def test_amocrm_russian_headers_are_recognised():
    assert _fields(AMOCRM_HEADERS, Export.AMOCRM) == {
        "name": "Компания",
        "manager": "Ответственный",
        "contact": "Полное имя контакта",
        "phones": "Рабочий телефон",
        "emails": "Рабочий email",
        "deal": "Название сделки",
        "stage": "Этап сделки",
        "amount": "Бюджет",
        "created": "Дата создания",
        "closed": "Дата закрытия",
        "task": "Ближайшая задача",
        "due": "Срок задачи",
    }


def test_kommo_english_headers_are_recognised_in_any_case():
    headers = ["ID", "Lead title", "BUDGET", "Responsible user", "Created at", "Status"]
    headers += ["Company", "Contact full name", "Work phone", "Work email"]
    found = _fields(headers, Export.AMOCRM)
    assert found["deal"] == "Lead title"
    assert found["amount"] == "BUDGET"
    assert found["stage"] == "Status"
    assert found["manager"] == "Responsible user"
    assert found["contact"] == "Contact full name"


def test_bitrix24_russian_and_english_headers_are_recognised():
    found = _fields(BITRIX24_HEADERS, Export.BITRIX24)
    assert found["stage"] == "Стадия сделки"
    assert found["amount"] == "Сумма"
    assert found["currency"] == "Валюта"
    assert found["closed"] == "Дата завершения"
    assert found["contact"] == "Контакт"
    assert found["task"] == "Дело"
    english = ["Deal Name", "Stage", "Amount", "Currency", "Responsible", "Created", "Company"]
    found = _fields(english, Export.BITRIX24)
    assert {f: found[f] for f in ("deal", "stage", "amount", "manager", "created", "name")} == {
        "deal": "Deal Name",
        "stage": "Stage",
        "amount": "Amount",
        "manager": "Responsible",
        "created": "Created",
        "name": "Company",
    }


def test_a_generic_table_is_read_with_every_spelling_known():
    found = _fields(["Наименование", "ИНН", "Этап", "Бюджет", "Менеджер?"], Export.GENERIC)
    assert found == {"name": "Наименование", "tax_id": "ИНН", "stage": "Этап", "amount": "Бюджет"}


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234 567,50", Decimal("1234567.50")),
        ("1\u00a0234,5", Decimal("1234.50")),
        ("1,234,567.50", Decimal("1234567.50")),
        ("1.234.567,50", Decimal("1234567.50")),
        ("12000 руб.", Decimal("12000.00")),
        ("150000.00", Decimal("150000.00")),
        ("1,5", Decimal("1.50")),
        ("$1,200", Decimal("1200.00")),
        ("", None),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["12 тыс", "abc", "-500", "1e400", "NaN", "1,2,3.4.5"])
def test_what_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("31.12.2024 14:05", datetime(2024, 12, 31, 14, 5)),
        ("31.12.2024", datetime(2024, 12, 31)),
        ("2024-12-31 00:00:00", datetime(2024, 12, 31)),
        ("2024-12-31", datetime(2024, 12, 31)),
        ("", None),
    ],
)
def test_dates_of_both_crms_and_of_excel_are_read(text, moment):
    assert parse_moment(text) == moment


@pytest.mark.parametrize("text", ["31.02.2025", "вчера", "12/31/2024", "2024-13-01"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        parse_moment(text)


def test_task_types_and_done_marks():
    assert task_kind("Звонок") == "call"
    assert task_kind("Встреча в офисе клиента") == "meeting"
    assert task_kind("Написать письмо с КП") == "email"
    assert task_kind("Связаться") == "task"
    assert parse_done("Да") and parse_done("completed") and not parse_done("нет")


def test_a_manager_is_the_same_whatever_the_order_and_case_of_his_names():
    assert manager_key("Петров  Иван") == manager_key("иван петров")


def test_default_stages_of_both_crms_map_onto_kinds():
    first = {"contact": "contact_1", "deal": "deal", "client": "client", "refusal": "refusal"}
    assert stage_guess("Переговоры", first) == "contact_1"
    assert stage_guess("Согласование договора", first) == "deal"
    assert stage_guess("СДЕЛКА УСПЕШНА", first) == "client"
    assert stage_guess("Closed - lost", first) == "refusal"
    assert stage_guess("Пауза до весны", first) == ""


def test_a_company_stands_where_its_furthest_deal_stands():
    assert company_state([("refusal", "refusal", 4), ("contact_2", "contact", 2)]) == "contact_2"
    assert company_state([("deal", "deal", 5), ("client", "client", 8)]) == "client"
    assert company_state([("refusal", "refusal", 4)]) == "refusal"
    assert company_state([]) == ""


HEADERS = [
    "Компания",
    "Этап сделки",
    "Бюджет",
    "Ответственный",
    "Дата создания",
    "Ближайшая задача",
]
MAPPING = recognise_columns(HEADERS, Export.AMOCRM)


def _row(*cells):
    return crm_row_parse(7, list(cells), MAPPING, HEADERS)


def test_a_good_row_brings_a_company_a_deal_and_a_task():
    row = _row("ООО Ромашка", "Переговоры", "12 500", "Петров Иван", "01.02.2025", "Позвонить")
    assert not row.rejected
    assert row.company.name == "ООО Ромашка"
    assert (row.stage, row.amount, row.manager) == (
        "Переговоры",
        Decimal("12500.00"),
        "Петров Иван",
    )
    assert row.created == datetime(2025, 2, 1)
    assert (row.task, row.task_kind) == ("Позвонить", "call")


def test_a_bad_amount_or_date_names_the_column_and_the_value():
    row = _row("ООО Ромашка", "Переговоры", "12 тыс", "Петров Иван", "01.02.2025", "")
    assert shown(row.rejected) == "column “Бюджет”: “12 тыс” is not an amount"
    row = _row("ООО Ромашка", "Переговоры", "1", "Петров Иван", "31.02.2025", "")
    assert shown(row.rejected) == "column “Дата создания”: “31.02.2025” is not a date"


def test_a_deal_needs_a_stage_and_a_manager_and_a_row_a_company():
    assert shown(_row("ООО Ромашка", "", "100", "Петров Иван", "", "").rejected) == (
        "the deal has no stage"
    )
    assert shown(_row("ООО Ромашка", "Переговоры", "", "", "", "").rejected) == (
        "the deal has no responsible manager"
    )
    assert shown(_row("", "Переговоры", "", "Петров Иван", "", "").rejected) == "no company name"


def test_a_contact_without_a_company_stands_for_it():
    headers = ["Полное имя контакта", "Компания"]
    row = crm_row_parse(2, ["Иванов Пётр", ""], recognise_columns(headers, Export.AMOCRM), headers)
    assert not row.rejected and row.company.name == "Иванов Пётр"
