"""NameBlock, taken over from prospecting with its table (prospecting_nameblock) and rows as they
are: a state-only move, nothing is rebuilt. Its content type follows, as stages 0001 does."""

import django.db.models.deletion
from django.db import migrations, models


def relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    # A database migrated in part may already have the new type: then the old one is stale.
    if not ContentType.objects.using(db).filter(app_label=new, model="nameblock").exists():
        ContentType.objects.using(db).filter(app_label=old, model="nameblock").update(app_label=new)


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "prospecting", "base")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "base", "prospecting")


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0016_saved_filters"),
        ("prospecting", "0007_name_blocks_move_to_base"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NameBlock",
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('block', models.CharField(max_length=40)),
                        ('company', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='base.company')),
                    ],
                    options={
                        'db_table': 'prospecting_nameblock',
                        'constraints': [models.UniqueConstraint(fields=('block', 'company'), name='name_block_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
