"""The method's ten stages and their moves (METHOD 3), where a new installation starts."""

from django.db import migrations


def load_stages(apps, schema_editor):
    from otdel.algorithm.presets import install_stages

    install_stages(apps.get_model("algorithm", "Stage"), apps.get_model("algorithm", "Transition"))


class Migration(migrations.Migration):
    dependencies = [("algorithm", "0005_stages_and_moves")]

    operations = [migrations.RunPython(load_stages, migrations.RunPython.noop)]
