"""base.CompanyName: the narrow table the whole base's name search reads (issue 15), kept by
the database on every path that writes a company: triggers, then the existing companies."""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    # New companies, a statement at a time: a COPY of a million rows runs it once. A row may
    # be there already: a dump's rows are loaded in any order (loaddata, a test's database
    # restored between tests).
    """CREATE FUNCTION base_company_names_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO base_companyname (company_id, search_name, live)
        SELECT id, search_name, merged_into_id IS NULL FROM new_companies
        ON CONFLICT (company_id) DO UPDATE
        SET search_name = EXCLUDED.search_name, live = EXCLUDED.live;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER base_company_names_insert AFTER INSERT ON base_company
    REFERENCING NEW TABLE AS new_companies
    FOR EACH STATEMENT EXECUTE FUNCTION base_company_names_insert()""",
    # A renamed or merged company, a row at a time: the condition spares every other update
    # (a class, an owner, a state of thousands of companies) any work at all.
    """CREATE FUNCTION base_company_name_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO base_companyname (company_id, search_name, live)
        VALUES (NEW.id, NEW.search_name, NEW.merged_into_id IS NULL)
        ON CONFLICT (company_id) DO UPDATE
        SET search_name = EXCLUDED.search_name, live = EXCLUDED.live;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER base_company_name_update AFTER UPDATE OF search_name, merged_into_id
    ON base_company FOR EACH ROW
    WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name
          OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id)
    EXECUTE FUNCTION base_company_name_update()""",
    "CREATE INDEX company_name_trgm ON base_companyname USING gin (search_name gin_trgm_ops)",
]
SQLITE = [
    """CREATE TRIGGER base_company_names_insert AFTER INSERT ON base_company BEGIN
        INSERT OR REPLACE INTO base_companyname (company_id, search_name, live)
        VALUES (NEW.id, NEW.search_name, NEW.merged_into_id IS NULL);
    END""",
    """CREATE TRIGGER base_company_name_update AFTER UPDATE OF search_name, merged_into_id
    ON base_company
    WHEN OLD.search_name IS NOT NEW.search_name OR OLD.merged_into_id IS NOT NEW.merged_into_id
    BEGIN
        INSERT OR REPLACE INTO base_companyname (company_id, search_name, live)
        VALUES (NEW.id, NEW.search_name, NEW.merged_into_id IS NULL);
    END""",
]
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS base_company_names_insert ON base_company",
        "DROP TRIGGER IF EXISTS base_company_name_update ON base_company",
        "DROP FUNCTION IF EXISTS base_company_names_insert()",
        "DROP FUNCTION IF EXISTS base_company_name_update()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS base_company_names_insert",
        "DROP TRIGGER IF EXISTS base_company_name_update",
    ],
}


def keep(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in POSTGRESQL if vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)
    schema_editor.execute(
        "INSERT INTO base_companyname (company_id, search_name, live) "
        "SELECT id, search_name, merged_into_id IS NULL FROM base_company"
    )


def stop(apps, schema_editor):
    for sql in DROP[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("base", "0025_company_fewer_indexes")]

    operations = [
        migrations.CreateModel(
            name="CompanyName",
            fields=[
                (
                    "company",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="base.company",
                    ),
                ),
                ("search_name", models.CharField(max_length=600)),
                ("live", models.BooleanField()),
            ],
        ),
        migrations.RunPython(keep, stop),
    ]
