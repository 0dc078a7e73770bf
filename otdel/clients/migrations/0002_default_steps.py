"""The default client cycle, where a new installation starts (otdel/clients/defaults.py)."""

from django.db import migrations


def load_steps(apps, schema_editor):
    from otdel.clients.defaults import install_steps

    install_steps(apps.get_model("clients", "ClientStep"))


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_client_algorithm")]

    operations = [migrations.RunPython(load_steps, migrations.RunPython.noop)]
