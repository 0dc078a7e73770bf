"""The legal form typed into a company's name is kept apart from it ("ООО «Альфа»" becomes
"ООО" + "Альфа"), so that the name sorts by itself; back, the form returns into the name.
The matching keys do not change: they were made without the form already."""

from django.db import migrations

BATCH = 2000


def _save(Company, batch):
    Company.objects.bulk_update(batch, ["legal_form", "legal_name", "search_name"])


def split(apps, schema_editor):
    from otdel.base.rules import fold_name, split_typed_name

    Company = apps.get_model("base", "Company")
    batch = []
    rows = Company.objects.only("pk", "legal_name", "legal_form", "short_name").order_by("pk")
    for company in rows.iterator(chunk_size=BATCH):
        form, name = split_typed_name(company.legal_name, company.legal_form)
        if (form, name) == (company.legal_form, company.legal_name):
            continue
        company.legal_form, company.legal_name = form, name
        company.search_name = fold_name(f"{company.short_name} {name}")
        batch.append(company)
        if len(batch) == BATCH:
            _save(Company, batch)
            batch = []
    _save(Company, batch)


def join(apps, schema_editor):
    from otdel.base.rules import fold_name, legal_name_display

    Company = apps.get_model("base", "Company")
    batch = []
    rows = Company.objects.exclude(legal_form="").only(
        "pk", "legal_name", "legal_form", "short_name"
    )
    for company in rows.order_by("pk").iterator(chunk_size=BATCH):
        company.legal_name = legal_name_display(company.legal_form, company.legal_name)
        company.legal_form = ""
        company.search_name = fold_name(f"{company.short_name} {company.legal_name}")
        batch.append(company)
        if len(batch) == BATCH:
            _save(Company, batch)
            batch = []
    _save(Company, batch)


class Migration(migrations.Migration):
    dependencies = [("base", "0013_contact_archive_and_field_history")]

    operations = [migrations.RunPython(split, join)]
