"""Bringing an amoCRM and a Bitrix24 export in (issue 18, item 1): exports made from their
documented columns, several hundred rows, Russian headers, Windows-1251, UTF-8 and XLSX, import
with the counts the generator kept while writing them; broken rows are reported with their row
and column, a broken file is refused, and nothing is ever half-written."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from otdel.algorithm.models import Activity
from otdel.base.models import Company, CompanyEvent, Contact
from otdel.base.normalise import name_key
from otdel.crmimport.models import CrmImport, Export, StageMapping
from otdel.crmimport.samples import export_bytes, make_export
from otdel.crmimport.services import export_import, stage_mappings_save
from otdel.deals.models import Deal, DealEvent, DealStatus
from otdel.org.models import SettingsChange, User
from otdel.prospecting.files import FileRejected
from otdel.recorded import shown
from otdel.stages.models import StageKind

ROWS = 360


def _run(tmp_path, source, data, *extra, by="owner"):
    path = tmp_path / ("export.xlsx" if data[:2] == b"PK" else "export.csv")
    path.write_bytes(data)
    out = StringIO()
    call_command(
        "import-crm", str(path), "--format", source, "--json", "--by", by, *extra, stdout=out
    )
    return json.loads(out.getvalue())


def _expected_counts(expected):
    deals = expected.deals
    return {
        "rows": expected.rows,
        "taken": expected.rows - len(expected.broken),
        "not_taken": len(expected.broken),
        "companies_new": len(expected.companies),
        "companies_existing": 0,
        "contacts": len(expected.contacts),
        "deals": sum(deals.get(k, 0) for k in ("deal", "support", "client", "refusal")),
        "deals_won": deals.get(StageKind.CLIENT, 0),
        "deals_lost": deals.get(StageKind.REFUSAL, 0),
        "deals_present": 0,
        "tasks_present": 0,
        "leads": deals.get(StageKind.NEW, 0) + deals.get(StageKind.CONTACT, 0),
        "tasks": expected.tasks,
        "users_matched": 0,
        "users_created": len(expected.managers),
    }


@pytest.mark.parametrize(
    ("source", "encoding"),
    [
        (Export.AMOCRM, "cp1251"),
        (Export.AMOCRM, "utf-8"),
        (Export.AMOCRM, "xlsx"),
        (Export.BITRIX24, "cp1251"),
        (Export.BITRIX24, "utf-8"),
    ],
)
def test_an_export_imports_with_the_counts_it_was_made_with(people, tmp_path, source, encoding):
    headers, rows, expected = make_export(source, rows=ROWS)
    result = _run(tmp_path, source, export_bytes(headers, rows, encoding))
    assert result["counts"] == _expected_counts(expected)
    assert result["not_taken"] == []
    # What the counts say is what the base holds.
    assert Company.objects.count() == len(expected.companies)
    assert set(Company.objects.values_list("name_key", flat=True)) == {
        name_key(name) for name in expected.companies
    }
    assert Deal.objects.count() == result["counts"]["deals"]
    assert Deal.objects.filter(status=DealStatus.WON).count() == result["counts"]["deals_won"]
    assert Deal.objects.filter(status=DealStatus.LOST).count() == result["counts"]["deals_lost"]
    assert Activity.objects.count() == expected.tasks
    assert Contact.objects.count() == len(expected.contacts)
    created = User.objects.filter(username__startswith="crm-")
    assert {str(u) for u in created} == {" ".join(reversed(m.split())) for m in expected.managers}
    assert not created.filter(is_active=True).exists()
    # Every deal and every company has its history.
    assert DealEvent.objects.filter(kind="created").count() == Deal.objects.count()
    assert CompanyEvent.objects.filter(kind="created", rule="crm_import").count() == len(
        expected.companies
    )


def test_a_company_stands_at_its_furthest_deal_in_the_working_list_of_its_manager(people, tmp_path):
    headers, rows, _expected = make_export(Export.AMOCRM, rows=60)
    _run(tmp_path, Export.AMOCRM, export_bytes(headers, rows, "utf-8"))
    for company in Company.objects.all():
        deals = Deal.objects.filter(company=company)
        if deals.filter(status=DealStatus.WON).exists():
            assert company.state == "client"
        assert company.owner is not None and company.section == ""
        assert CompanyEvent.objects.filter(
            company=company, kind="owner", rule="crm_import"
        ).exists()


def test_broken_rows_are_reported_with_row_and_column_and_the_rest_is_taken(people, tmp_path):
    headers, rows, expected = make_export(
        Export.BITRIX24, rows=ROWS, broken=("amount", "stage", "date", "manager")
    )
    result = _run(tmp_path, Export.BITRIX24, export_bytes(headers, rows, "cp1251"))
    assert result["counts"] == _expected_counts(expected)
    reasons = {line["row"]: line["reason"] for line in result["not_taken"]}
    where = {what: row for row, what in expected.broken.items()}
    assert reasons == {
        where["amount"]: "column “Сумма”: “12 тыс” is not an amount",
        where["stage"]: "column “Стадия сделки”: stage “Пауза до весны” is mapped to no stage",
        where["date"]: "column “Дата создания”: “31.02.2025” is not a date",
        where["manager"]: "the deal has no responsible manager",
    }
    # Rows in = rows out.
    assert result["counts"]["taken"] + result["counts"]["not_taken"] == ROWS


def test_a_task_export_brings_tasks_onto_the_companies_of_the_base(people, base, tmp_path):
    data = (
        "Компания;Тип задачи;Текст задачи;Срок исполнения;Ответственный;Выполнена\n"
        f"{base.of_hunter1.legal_name};Звонок;Уточнить объём;10.03.2025 11:00;hunter1;Да\n"
        f"{base.of_hunter1.legal_name};Встреча;Показать образцы;12.03.2025;hunter1;\n"
    ).encode()
    result = _run(tmp_path, Export.AMOCRM, data)
    assert (result["counts"]["tasks"], result["counts"]["deals"]) == (2, 0)
    done, planned = Activity.objects.filter(company=base.of_hunter1, author=people.owner).order_by(
        "due_at"
    )
    assert (done.kind, done.subject, done.assignee) == ("call", "Уточнить объём", people.hunter1)
    assert done.done_at is not None and planned.done_at is None
    assert planned.kind == "meeting"


def test_a_dry_run_writes_nothing(people, tmp_path):
    headers, rows, expected = make_export(Export.AMOCRM, rows=120)
    result = _run(tmp_path, Export.AMOCRM, export_bytes(headers, rows, "utf-8"), "--dry-run")
    assert result["dry_run"] is True
    assert result["counts"] == _expected_counts(expected)
    assert not Company.objects.exists() and not Deal.objects.exists()
    assert not CrmImport.objects.exists()
    assert not User.objects.filter(username__startswith="crm-").exists()


def test_a_failure_midway_leaves_nothing_written(people, monkeypatch):
    headers, rows, _expected = make_export(Export.AMOCRM, rows=120)

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("otdel.crmimport.services.deals_import", broken)
    with pytest.raises(RuntimeError):
        export_import(
            data=export_bytes(headers, rows, "utf-8"),
            filename="amo.csv",
            source=Export.AMOCRM,
            acting_user=people.owner,
            dry_run=False,
        )
    assert not Company.objects.exists()
    assert not User.objects.filter(username__startswith="crm-").exists()
    assert not CompanyEvent.objects.exists()


def test_a_nul_byte_refuses_the_file(people, tmp_path):
    headers, rows, _expected = make_export(Export.AMOCRM, rows=20)
    data = export_bytes(headers, rows, "utf-8")
    data = data[:200] + b"\x00" + data[200:]
    with pytest.raises(CommandError, match="Row 1 of export.csv holds a NUL character"):
        _run(tmp_path, Export.AMOCRM, data)
    assert not Company.objects.exists()


def test_a_file_without_company_or_contact_columns_is_refused(people):
    with pytest.raises(FileRejected, match="No column for the company"):
        export_import(
            data="Сделка;Бюджет\nПоставка;100\n".encode(),
            filename="x.csv",
            source=Export.GENERIC,
            acting_user=people.owner,
            dry_run=True,
        )


def test_a_stage_mapped_once_is_remembered_for_the_source(people, tmp_path):
    headers, rows, _expected = make_export(Export.AMOCRM, rows=40, broken=("stage",))
    data = export_bytes(headers, rows, "utf-8")
    assert _run(tmp_path, Export.AMOCRM, data, "--dry-run")["counts"]["not_taken"] == 1
    stage_mappings_save(
        source=Export.AMOCRM,
        stages={"Пауза до весны": "strategic_reserve"},
        acting_user=people.owner,
    )
    assert StageMapping.objects.get().stage == "пауза до весны"
    result = _run(tmp_path, Export.AMOCRM, data, "--dry-run")
    assert result["counts"]["not_taken"] == 0
    # Files of another source are not read with it.
    assert _run(tmp_path, Export.GENERIC, data, "--dry-run")["counts"]["not_taken"] == 1


def test_managers_are_found_by_name_or_e_mail_and_the_others_created_inactive(people, tmp_path):
    people.hunter1.first_name, people.hunter1.last_name = "Аристарх", "Кукушкин"
    people.hunter1.save()
    people.hunter2.email = "anna@firm.ru"
    people.hunter2.save()
    data = (
        "Компания;Этап сделки;Бюджет;Ответственный\n"
        "ООО Альфа 1;Переговоры;100;кукушкин аристарх\n"
        "ООО Бета 2;Согласование договора;200;anna@firm.ru\n"
        "ООО Гамма 3;Успешно реализовано;300;Затейников Евлампий\n"
    ).encode()
    plan = export_import(
        data=data, filename="a.csv", source=Export.AMOCRM, acting_user=people.owner, dry_run=False
    )
    counts = plan.counts()
    assert (counts["users_matched"], counts["users_created"]) == (2, 1)
    assert Company.objects.get(legal_name__contains="Альфа").owner == people.hunter1
    assert Deal.objects.get(company__legal_name__contains="Бета").owner == people.hunter2
    new = User.objects.get(username__startswith="crm-")
    assert (new.last_name, new.first_name, new.is_active) == ("Затейников", "Евлампий", False)
    assert new.department is None


def test_a_department_head_imports_into_his_departments_only(people, tmp_path):
    data = (
        "Компания;Этап сделки;Бюджет;Ответственный\n"
        f"ООО Альфа 1;Переговоры;100;{people.hunter1.username}\n"
        f"ООО Бета 2;Переговоры;200;{people.farmer1.username}\n"
        "ООО Гамма 3;Переговоры;300;Затейников Евлампий\n"
    ).encode()
    result = _run(tmp_path, Export.AMOCRM, data, by="hunters_lead")
    assert result["counts"]["taken"] == 2
    assert result["not_taken"] == [
        {"row": 3, "reason": f"{people.farmer1} works outside your departments"}
    ]
    assert User.objects.get(username__startswith="crm-").department == people.hunter1.department


def test_a_department_head_brings_nothing_onto_another_departments_company(people, base, tmp_path):
    data = (
        "Компания;Этап сделки;Бюджет;Ответственный\n"
        f"{base.of_farmer1_north.legal_name};Переговоры;100;{people.hunter1.username}\n"
        f"{base.of_hunter1.legal_name};Согласование договора;200;{people.hunter1.username}\n"
    ).encode()
    result = _run(tmp_path, Export.AMOCRM, data, by="hunters_lead")
    assert [line["row"] for line in result["not_taken"]] == [2]
    assert str(people.farmer1) in result["not_taken"][0]["reason"]
    assert Deal.objects.get().company == base.of_hunter1


def test_managers_may_not_import_a_crm(people, tmp_path):
    with pytest.raises(CommandError, match="Only the owner and the department heads"):
        _run(tmp_path, Export.AMOCRM, "Компания\nООО Альфа\n".encode(), by="hunter1")


def test_an_export_imported_again_finds_its_companies_in_the_base(people, tmp_path):
    headers, rows, expected = make_export(Export.AMOCRM, rows=90)
    data = export_bytes(headers, rows, "utf-8")
    _run(tmp_path, Export.AMOCRM, data)
    again = _run(tmp_path, Export.AMOCRM, data, "--dry-run")["counts"]
    assert again["companies_new"] == 0
    assert again["companies_existing"] == len(expected.companies)
    assert again["users_matched"] == len(expected.managers)


def test_an_export_imported_again_creates_no_deal_and_names_each_as_in_the_base(people, tmp_path):
    headers, rows, expected = make_export(Export.AMOCRM, rows=90)
    data = export_bytes(headers, rows, "utf-8")
    first = _run(tmp_path, Export.AMOCRM, data)["counts"]
    deals, tasks = Deal.objects.count(), Activity.objects.count()
    assert deals == first["deals"] > 0
    again = _run(tmp_path, Export.AMOCRM, data)
    counts = again["counts"]
    assert (Deal.objects.count(), Activity.objects.count()) == (deals, tasks)
    assert (counts["deals"], counts["deals_present"]) == (0, deals)
    assert (counts["tasks"], counts["tasks_present"]) == (0, tasks)
    assert counts["rows"] == counts["taken"] + counts["not_taken"] == first["rows"]
    assert len(again["present"]) >= deals
    reasons = [line["reason"] for line in again["present"]]
    assert sum("the deal" in r for r in reasons) == deals
    assert all("is already in the base" in r for r in reasons)
    kept = CrmImport.objects.order_by("pk").last()
    assert len(kept.result["present"]) == len(again["present"])


def test_a_changed_export_creates_only_its_new_deals(people, tmp_path):
    head = "Компания;Название сделки;Этап сделки;Бюджет;Ответственный;Дата создания\n"
    old = "ООО Альфа 1;Поставка;Согласование договора;100;Затейников Евлампий;01.03.2026\n"
    _run(tmp_path, Export.AMOCRM, (head + old).encode())
    changed = (
        head
        + old
        + "ООО Альфа 1;Поставка;Согласование договора;250;Затейников Евлампий;01.03.2026\n"
        + "ООО Альфа 1;Монтаж;Согласование договора;100;Затейников Евлампий;01.03.2026\n"
        + "ООО Альфа 1;Поставка;Согласование договора;100;Затейников Евлампий;02.03.2026\n"
    )
    result = _run(tmp_path, Export.AMOCRM, changed.encode())
    assert [line["row"] for line in result["present"]] == [2]
    assert (result["counts"]["deals"], result["counts"]["deals_present"]) == (3, 1)
    assert sorted(Deal.objects.values_list("title", "amount")) == [
        ("Монтаж", 100),
        ("Поставка", 100),
        ("Поставка", 100),
        ("Поставка", 250),
    ]


def test_created_managers_are_logged_once_each_readable_and_without_a_password(people, tmp_path):
    data = "Компания;Этап сделки;Ответственный\nООО Альфа 1;Переговоры;Кабанихин Порфирий\n"
    _run(tmp_path, Export.AMOCRM, data.encode())
    change = SettingsChange.objects.get()
    assert shown(change.subject) == "from the CRM: Кабанихин Порфирий"
    assert "password" not in change.changes
    assert not any(new.startswith("!") for _old, new in change.changes.values())


def test_reasons_are_kept_to_be_read_in_either_language(people):
    headers, rows, _expected = make_export(Export.AMOCRM, rows=10, broken=("amount",))
    plan = export_import(
        data=export_bytes(headers, rows, "utf-8"),
        filename="a.csv",
        source=Export.AMOCRM,
        acting_user=people.owner,
        dry_run=True,
    )
    reason = plan.not_taken()[0]["reason"]
    with translation.override("ru"):
        assert shown(reason) == "столбец «Бюджет»: «12 тыс» — не сумма"
    with translation.override("en"):
        assert shown(reason) == "column “Бюджет”: “12 тыс” is not an amount"
