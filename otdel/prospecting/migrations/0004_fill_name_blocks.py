from django.db import migrations


def fill(apps, schema_editor):
    from otdel.base.matching import name_blocks

    Company = apps.get_model("base", "Company")
    NameBlock = apps.get_model("prospecting", "NameBlock")
    batch = []
    for pk, key in Company.objects.values_list("pk", "name_key").iterator(chunk_size=5000):
        batch += [NameBlock(company_id=pk, block=block) for block in name_blocks(key)]
        if len(batch) >= 5000:
            NameBlock.objects.bulk_create(batch)
            batch = []
    NameBlock.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("prospecting", "0003_name_blocks_and_scores")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
