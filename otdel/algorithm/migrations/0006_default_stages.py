"""The method's ten stages and their moves (METHOD 3), where a new installation starts."""

from django.db import migrations


def load_stages(apps, schema_editor):
    from otdel.algorithm.presets import STAGE_PRESETS

    Stage = apps.get_model("algorithm", "Stage")
    Transition = apps.get_model("algorithm", "Transition")
    if Stage.objects.exists():
        return
    preset = STAGE_PRESETS["method_10"]
    stages = {}
    for position, (code, kind, name, name_en) in enumerate(preset["stages"], start=1):
        stages[str(code)] = Stage.objects.create(
            code=str(code), kind=kind, name=name, name_en=name_en, position=position * 10
        )
    for source, target in preset["moves"]:
        Transition.objects.create(source=stages[str(source)], target=stages[str(target)])


class Migration(migrations.Migration):
    dependencies = [("algorithm", "0005_stages_and_moves")]

    operations = [migrations.RunPython(load_stages, migrations.RunPython.noop)]
