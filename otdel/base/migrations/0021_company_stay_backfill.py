"""The stays of every company cut from the state history written before the stays were kept:
the first move of each company ends the stay it had since its creation, each move begins a
stay that the next one ends. Set-based, the same SQL on SQLite and PostgreSQL; run again, it
writes the same rows (`otdel rebuild-stays` does the same with today's code)."""

from django.db import migrations

STATEMENTS = [
    "DELETE FROM base_companystay",
    """
    INSERT INTO base_companystay (company_id, state, entered_at, left_at, next_state, reason)
    SELECT company_id, old_value, created_at, at, new_value, reason FROM (
        SELECT e.company_id, e.old_value, c.created_at, e.at, e.new_value, e.reason,
               ROW_NUMBER() OVER (PARTITION BY e.company_id ORDER BY e.at, e.id) AS n
        FROM base_companyevent e JOIN base_company c ON c.id = e.company_id
        WHERE e.kind = 'state'
    ) first_moves
    WHERE n = 1
    """,
    """
    INSERT INTO base_companystay (company_id, state, entered_at, left_at, next_state, reason)
    SELECT company_id, new_value, at, LEAD(at) OVER later,
           COALESCE(LEAD(new_value) OVER later, ''), COALESCE(LEAD(reason) OVER later, '')
    FROM base_companyevent
    WHERE kind = 'state'
    WINDOW later AS (PARTITION BY company_id ORDER BY at, id)
    """,
]


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in STATEMENTS:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("base", "0020_company_stay")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
