"""NameBlock leaves prospecting for base (a company's name keys are filed where companies are);
only Django's picture of the model changes: base 0014 takes over the table and its rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("prospecting", "0006_import_jobs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NameBlock")],
            database_operations=[],
        ),
    ]
