"""A prospect list into the base: new, merged, struck off, rejected; all or nothing (issue 4)."""

import json
import tempfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from otdel.base.models import Company, CompanyEvent, Phone, Section
from otdel.prospecting.files import guess_mapping, read_table
from otdel.prospecting.models import ImportBatch, ImportRow
from otdel.prospecting.rules import outcome_counts
from otdel.prospecting.selectors import table_plan
from otdel.prospecting.services import companies_import
from otdel.recorded import shown
from tests.algorithm.conftest import fill_working_list
from tests.factories import CompanyFactory

HEADER = "Наименование;ИНН;Телефон;Сайт;E-mail"


def csv_bytes(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode("utf-8")


def plan(data: bytes, owner=None):
    table = read_table(data, "list.csv")
    return table_plan(table, guess_mapping(table.headers), owner=owner)


def _write(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as f:
        f.write(data)
    return f.name


@pytest.fixture
def base_for_import(people):
    worked = CompanyFactory(
        legal_name="Гамма", owner=people.hunter2, section="", tax_id="7707083893"
    )
    free = CompanyFactory(legal_name="Дельта", section=Section.TO_CALL, website_domain="delta.ru")
    Phone.objects.create(company=free, number="+74957654321")
    return worked, free


def test_every_row_gets_its_outcome_and_the_counts_add_up(people, base_for_import):
    worked, free = base_for_import
    rows = plan(
        csv_bytes(
            "ООО «Новая»;;8 495 111-22-33;;",  # 2: new
            "Гамма Плюс;7707 083893;;;",  # 3: same tax id as a company hunter2 works
            "Дельта-Сервис;;;https://www.delta.ru;",  # 4: same website as a free company: merged
            "Новая;;+7 495 111 22 33;;",  # 5: same phone as row 2: merged into it
            "Ошибка;7707083894;;;",  # 6: wrong INN checksum
            '=HYPERLINK("http://x","y");;;;',  # 7: a formula
        ),
        owner=people.hunter1,
    )
    outcome = {r.number: (r.outcome, r.company_id) for r in rows}
    assert outcome == {
        2: ("new", None),
        3: ("conflict", worked.pk),
        4: ("duplicate", free.pk),
        5: ("duplicate", None),
        6: ("rejected", None),
        7: ("rejected", None),
    }
    reasons = {r.number: shown(r.reason) for r in rows}
    assert str(people.hunter2) in reasons[3] and "same tax id" in reasons[3]
    assert reasons[5] == "same company as row 2"
    assert "7707083894" in reasons[6]
    assert outcome_counts(rows) == {
        "rows": 6,
        "created": 1,
        "merged": 2,
        "conflicts": 1,
        "rejected": 2,
    }


def test_dry_run_writes_nothing(people, base_for_import):
    before = (Company.objects.count(), CompanyEvent.objects.count(), Phone.objects.count())
    out = StringIO()
    path = _write(csv_bytes("ООО «Новая»;;8 495 111-22-33;;"))
    call_command("import-companies", path, "--owner", "hunter1", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "rows": 1,
        "created": 1,
        "merged": 0,
        "conflicts": 0,
        "rejected": 0,
    }
    assert (Company.objects.count(), CompanyEvent.objects.count(), Phone.objects.count()) == before
    assert not ImportBatch.objects.exists()


def test_commit_creates_merges_and_remembers_the_list(people, base_for_import):
    _worked, free = base_for_import
    data = csv_bytes(
        "ООО «Новая»;;8 495 111-22-33;;info@novaya.ru",
        "Дельта;;+7 495 000 00 01;;",
        "Новая;;+7 495 111 22 33;;sales@novaya.ru",
    )
    out = StringIO()
    call_command(
        "import-companies",
        _write(data),
        "--owner",
        "hunter1",
        "--source",
        "2ГИС",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["created"] == 1
    new = Company.objects.get(legal_form="ООО", legal_name="Новая")
    assert (new.owner, new.section, new.source.name) == (people.hunter1, "", "2ГИС")
    assert set(new.emails.values_list("address", flat=True)) == {
        "info@novaya.ru",
        "sales@novaya.ru",
    }
    assert "+74950000001" in set(free.phones.values_list("number", flat=True))
    batch = ImportBatch.objects.get()
    assert (batch.created_by, batch.rows, batch.created, batch.merged) == (people.hunter1, 3, 1, 2)
    assert len(batch.file_sha256) == 64
    assert new.events.filter(kind="owner", new_value=str(people.hunter1)).exists()


def test_cap_leaves_the_rest_in_to_call_and_says_so(people):
    fill_working_list(people.hunter1, 89)
    data = csv_bytes("Первая;;;;", "Вторая;;;;")
    call_command("import-companies", _write(data), "--owner", "hunter1", stdout=StringIO())
    first, second = (
        Company.objects.get(legal_name="Первая"),
        Company.objects.get(legal_name="Вторая"),
    )
    assert (first.owner, second.owner, second.section) == (people.hunter1, None, Section.TO_CALL)
    assert "left in “to call”" in shown(ImportRow.objects.get(name="Вторая").reason)


def test_all_or_nothing(people, monkeypatch):
    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    # Fails after the companies have been written: they must go too.
    monkeypatch.setattr("otdel.prospecting.services.base_services.contacts_add", failing)
    data = csv_bytes("Первая;;;;", "Вторая;;;;")
    rows = plan(data)
    with pytest.raises(RuntimeError):
        companies_import(
            data=data,
            filename="list.csv",
            rows=rows,
            acting_user=people.head,
            owner=None,
            source=None,
        )
    assert not Company.objects.filter(legal_name__in=["Первая", "Вторая"]).exists()
    assert not ImportBatch.objects.exists()


def test_file_problems_are_command_errors_with_the_reason(people):
    with pytest.raises(CommandError, match="No column for the company name"):
        call_command("import-companies", _write(b"Phone;Email\n1;2"), stdout=StringIO())
    with pytest.raises(CommandError, match="is empty"):
        call_command("import-companies", _write(b""), stdout=StringIO())
    with pytest.raises(CommandError, match="No user with the login"):
        call_command("import-companies", _write(csv_bytes("A;;;;")), "--owner", "nobody")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_report_lists_rejected_and_struck_off_rows_safely(
    people, base_for_import, tmp_path, suffix
):
    data = csv_bytes("Гамма;7707083893;;;", '=HYPERLINK("http://x","y");;;;', "Новая;;;;")
    report = tmp_path / f"report{suffix}"
    call_command(
        "import-companies", _write(data), "--dry-run", "--report", str(report), stdout=StringIO()
    )
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(report).active
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        import csv as csv_module

        lines = list(csv_module.reader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0] == ["row", "name", "outcome", "reason"]
    assert [str(line[0]) for line in lines[1:]] == ["2", "3"]
    assert str(lines[2][1]).startswith("'=HYPERLINK")  # disarmed for the spreadsheet


def test_similar_names_match_the_base_and_earlier_rows_with_score_and_reason(people):
    philips = CompanyFactory(
        legal_name="Koninklijke Philips Electronics N.V.", owner=people.hunter2, section=""
    )
    data = csv_bytes("KONINKLJKE PHILIPS ELECTRONIC;;;;", "Unilever N.V.;;;;", "Uniliver;;;;")
    second, third, fourth = plan(data, owner=people.hunter1)
    assert (second.outcome, second.company_id) == ("conflict", philips.pk)
    assert 85 <= second.score < 100
    assert "similar name “Koninklijke Philips Electronics N.V.”" in shown(second.reason)
    assert (third.outcome, fourth.outcome, fourth.same_as_row) == ("new", "duplicate", 3)
    assert (
        shown(fourth.reason)
        == f"same company as row 3 (similar name “Unilever N.V.”, {fourth.score}%)"
    )

    companies_import(
        data=data,
        filename="list.csv",
        rows=[second, third, fourth],
        acting_user=people.hunter1,
        owner=people.hunter1,
        source=None,
    )
    assert ImportRow.objects.get(number=2).score == second.score
    unilever = Company.objects.get(legal_name="Unilever", legal_form="N.V.")
    assert ImportRow.objects.get(number=4).company_id == unilever.pk
    assert Company.objects.filter(name_key__startswith="unil").count() == 1


def test_a_new_company_is_found_by_similar_name_in_the_next_list(people):
    data = csv_bytes("ООО «Вектор-Сервис»;;;;")
    companies_import(
        data=data,
        filename="a.csv",
        rows=plan(data),
        acting_user=people.head,
        owner=None,
        source=None,
    )
    (row,) = plan(csv_bytes("Vektr Servis LLC;;;;"))  # a typo: no exact key
    assert "similar name" in shown(row.reason)
    assert (row.outcome, row.company_id) == (
        "duplicate",
        Company.objects.get(legal_form="ООО", legal_name="Вектор-Сервис").pk,
    )


def test_a_value_too_long_for_its_field_rejects_the_row_naming_the_field(people):
    (row,) = plan(csv_bytes(f"Длинная;;;{'x' * 201}.ru;"))
    assert (row.outcome, shown(row.reason)) == ("rejected", "website is longer than 200 characters")
