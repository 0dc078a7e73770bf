"""The stages and moves, taken over from the algorithm app with their tables (algorithm_stage,
algorithm_transition) and rows as they are: a state-only move, nothing is rebuilt. The content
types follow, so permissions and the admin's log keep pointing at the same models."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("stage", "transition")


def relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        # A database migrated in part may already have the new type: then the old one is stale.
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "algorithm", "stages")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "stages", "algorithm")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("algorithm", "0009_stages_move_beneath_base"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Stage",
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=20, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('name_en', models.CharField(max_length=100, verbose_name='name in English')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('kind', models.CharField(choices=[('preparation', 'Preparation (department, not a company state)'), ('new', 'New, not yet worked'), ('contact', 'Contact: warming up, proposal, persuading'), ('deal', 'Deal: contract, invoice, payment'), ('support', 'Deal support: shipping, documents'), ('client', 'Client'), ('refusal', 'Refusal'), ('reserve', 'Strategic reserve'), ('call_round', 'Call-round')], max_length=20, verbose_name='kind')),
                    ],
                    options={
                        'verbose_name': 'stage',
                        'verbose_name_plural': 'stages',
                        'db_table': 'algorithm_stage',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Transition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='moves_out', to='stages.stage', verbose_name='from')),
                        ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='moves_in', to='stages.stage', verbose_name='to')),
                    ],
                    options={
                        'verbose_name': 'allowed move',
                        'verbose_name_plural': 'allowed moves',
                        'db_table': 'algorithm_transition',
                        'ordering': ['source__position', 'target__position'],
                        'constraints': [models.UniqueConstraint(fields=('source', 'target'), name='transition_unique'), models.CheckConstraint(condition=models.Q(('source', models.F('target')), _negated=True), name='transition_moves')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
