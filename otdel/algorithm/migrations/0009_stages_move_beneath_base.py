"""Stage and Transition leave the algorithm app for otdel.stages (beneath base); only Django's
picture of the models changes: the tables and their rows stay where they are (stages 0001 takes
them over under their old names)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("algorithm", "0008_deal_stage_and_payment_rights"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Transition"),
                migrations.DeleteModel(name="Stage"),
            ],
            database_operations=[],
        ),
    ]
