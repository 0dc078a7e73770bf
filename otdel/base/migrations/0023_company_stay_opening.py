"""Every company has a stay from its creation, moved or not, so that the funnel counts the
companies that have not moved as the others: the stays of those that have none yet (they never
moved), in one statement (the same SQL on SQLite and PostgreSQL; run again, it writes nothing)."""

from django.db import migrations

FILL = """
    INSERT INTO base_companystay (company_id, owner_id, state, entered_at, next_state, reason)
    SELECT c.id, c.owner_id, c.state, c.created_at, '', ''
    FROM base_company c
    WHERE c.merged_into_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM base_companystay s WHERE s.company_id = c.id)
"""


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [("base", "0022_company_stay_owner")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
