"""Importing a CRM through the pages: upload, preview with the stages and the managers, the
columns of a generic table, the import; who may."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdel.base.models import Company
from otdel.crmimport.models import CrmImport, Export, StageMapping
from otdel.crmimport.samples import export_bytes, make_export
from otdel.deals.models import Deal
from tests.conftest import client_for


def upload(client, data: bytes, source: str = Export.AMOCRM, name: str = "amo.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("crmimport:upload"), {"file": file, "source": source})


def test_preview_map_a_stage_then_import(people):
    headers, rows, expected = make_export(Export.AMOCRM, rows=150, broken=("stage", "amount"))
    client = client_for(people.head)
    response = upload(client, export_bytes(headers, rows, "cp1251"))
    crm_import = CrmImport.objects.get()
    assert response.url == reverse("crmimport:detail", args=[crm_import.pk])
    page = client.get(response.url)
    html = page.content.decode()
    assert not Company.objects.exists()  # a preview writes nothing
    assert "Пауза до весны" in html  # a stage to map
    assert "будет создан, неактивен" in html  # managers Otdel lacks
    assert "столбец «Бюджет»: «12 тыс» — не сумма" in html
    client.post(
        response.url,
        {
            "action": "stages",
            **{
                name: "strategic_reserve" if stage == "Пауза до весны" else code
                for name, stage, code in (
                    (f"stage_{n}", stage, page.context["stages_form"].fields[f"stage_{n}"].initial)
                    for n, stage in enumerate(page.context["stages_form"].stage_of_field.values())
                )
            },
        },
    )
    assert StageMapping.objects.filter(source="amocrm", stage="пауза до весны").exists()
    crm_import.refresh_from_db()
    assert crm_import.result["counts"]["not_taken"] == 1
    client.post(reverse("crmimport:commit", args=[crm_import.pk]))
    crm_import.refresh_from_db()
    assert crm_import.committed and bytes(crm_import.content) == b""
    report = client.get(reverse("crmimport:report_csv", args=[crm_import.pk]))
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Строка,Причина"
    assert len(lines) == 2 and "«12 тыс» — не сумма" in lines[1]
    assert Company.objects.count() == len(expected.companies)
    assert Deal.objects.exists()
    result = client.get(response.url).content.decode()
    assert 'data-testid="imported"' in result and 'data-testid="commit"' not in result
    again = client.post(reverse("crmimport:commit", args=[crm_import.pk]), follow=True)
    assert "уже импортирован" in again.content.decode()
    assert Company.objects.count() == len(expected.companies)


def test_a_generic_table_gets_its_columns_on_the_page(people):
    client = client_for(people.owner)
    data = "Клиент фирма;Сколько;Кто ведёт;Где сейчас\nООО Альфа 1;100;Затейников Евлампий;Переговоры\n"
    url = upload(client, data.encode(), source=Export.GENERIC).url
    html = client.get(url).content.decode()
    assert "Нет столбца для компании или контакта" in html
    assert 'data-testid="commit"' not in html
    client.post(
        url,
        {
            "action": "columns",
            "name": "Клиент фирма",
            "amount": "Сколько",
            "manager": "Кто ведёт",
            "stage": "Где сейчас",
        },
    )
    crm_import = CrmImport.objects.get()
    assert crm_import.columns["name"] == "Клиент фирма"
    assert crm_import.result["counts"]["taken"] == 1
    client.post(reverse("crmimport:commit", args=[crm_import.pk]))
    assert Company.objects.get().owner.last_name == "Затейников"


def test_managers_see_no_import_page(people):
    client = client_for(people.hunter1)
    assert client.get(reverse("crmimport:upload")).status_code == 403
    assert client.get(reverse("crmimport:sample")).status_code == 403


def test_the_sample_export_is_an_amocrm_export_to_try(people):
    response = client_for(people.hunters_lead).get(reverse("crmimport:sample"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("ID,Название сделки,Бюджет")


def test_settings_link_to_the_import(people):
    html = client_for(people.owner).get(reverse("setup:hub")).content.decode()
    assert reverse("crmimport:upload") in html


def test_the_same_file_again_is_warned_of_and_its_deals_listed_as_in_the_base(people):
    headers, rows, _expected = make_export(Export.AMOCRM, rows=60)
    data = export_bytes(headers, rows, "utf-8")
    client = client_for(people.owner)
    first = upload(client, data)
    assert 'data-testid="same-file"' not in client.get(first.url).content.decode()
    client.post(reverse("crmimport:commit", args=[CrmImport.objects.get().pk]))
    deals = Deal.objects.count()
    second = upload(client, data, name="amo-again.csv")
    page = client.get(second.url)
    html = page.content.decode()
    assert 'data-testid="same-file"' in html and "уже импортирован" in html
    assert len(page.context["present"]) >= deals > 0
    assert "уже есть в базе" in html
    assert ("Сделки", 0) in page.context["counts"]
    client.post(reverse("crmimport:commit", args=[CrmImport.objects.latest("pk").pk]))
    assert Deal.objects.count() == deals
    changed = upload(client, data + "ООО Новая 1;Переговоры\n".encode(), name="amo-3.csv")
    assert 'data-testid="same-file"' not in client.get(changed.url).content.decode()
