"""The method's default playbook and refusal reasons, and version 1 of the algorithm."""

from django.db import migrations


def load_defaults(apps, schema_editor):
    from otdel.algorithm.presets import PLAYBOOK, REFUSAL_REASONS, install_playbook

    AlgorithmVersion = apps.get_model("algorithm", "AlgorithmVersion")
    install_playbook(
        apps.get_model("algorithm", "PlaybookStep"), apps.get_model("algorithm", "RefusalReason")
    )
    if not AlgorithmVersion.objects.exists():
        AlgorithmVersion.objects.create(
            number=1,
            snapshot={
                "playbook": [{"state": str(s), **t} for s, t in PLAYBOOK.items()],
                "refusal_reasons": [{"name": n, "section": str(s), "active": True}
                                    for n, s in REFUSAL_REASONS],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("algorithm", "0002_playbook_and_refusal_reasons")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
