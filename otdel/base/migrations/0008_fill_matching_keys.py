"""Matching keys for the companies already in the base."""

from django.db import migrations


def fill(apps, schema_editor):
    from otdel.base.normalise import name_key, website_domain

    Company = apps.get_model("base", "Company")
    batch = []
    for company in Company.objects.only("pk", "legal_name", "website").iterator(chunk_size=2000):
        company.name_key = name_key(company.legal_name)
        company.website_domain = website_domain(company.website)
        batch.append(company)
        if len(batch) == 2000:
            Company.objects.bulk_update(batch, ["name_key", "website_domain"])
            batch = []
    Company.objects.bulk_update(batch, ["name_key", "website_domain"])


class Migration(migrations.Migration):
    dependencies = [("base", "0007_matching_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
