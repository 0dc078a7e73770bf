"""Each stay keeps its company's owner, so that the funnel reads the stays without the companies:
the column, filled from the companies in one statement (the same SQL on SQLite and PostgreSQL;
run again, it writes the same), before its indexes are built."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILL = """
    UPDATE base_companystay SET owner_id = c.owner_id
    FROM base_company c
    WHERE c.id = base_companystay.company_id AND c.owner_id IS NOT NULL
"""


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0021_company_stay_backfill"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="companystay", name="stay_entered"),
        migrations.AddField(
            model_name="companystay",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="companystay",
            index=models.Index(
                fields=["entered_at"],
                include=("owner", "company", "state", "left_at", "next_state", "reason"),
                name="stay_entered",
            ),
        ),
        migrations.AddIndex(
            model_name="companystay",
            index=models.Index(fields=["owner", "entered_at"], name="stay_owner"),
        ),
    ]
