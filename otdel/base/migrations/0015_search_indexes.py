"""Indexes that let the search answer at a million companies (issue 15) on PostgreSQL: trigrams
for a part of a name, pattern-ops B-trees for the beginning of a tax id or a phone, and the
reversed phone for its tail (base.selectors.search_companies). SQLite keeps its plain scans."""

from django.db import migrations

INDEXES = {
    "company_search_name_trgm": (
        "base_company USING gin (search_name gin_trgm_ops)"
    ),
    "contact_full_name_trgm": "base_contact USING gin (UPPER(full_name::text) gin_trgm_ops)",
    "company_tax_id_prefix": "base_company (tax_id varchar_pattern_ops)",
    "phone_number_tail": "base_phone (REVERSE(number::text) text_pattern_ops)",
    "email_address_upper": "base_email (UPPER(address::text))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Not TrigramExtension: its reverse asks pg_extension on SQLite too. The extension stays
    # when the indexes go (something else may use it).
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("base", "0014_legal_form_apart")]

    operations = [migrations.RunPython(create, drop)]
