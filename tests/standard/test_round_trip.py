"""Done when (issue 19, item 7): the demo's standard exported, imported into an empty
installation (a fresh migrate, no demo) and exported again is the same file byte for byte; and
the diff of a copy with a cap and a playbook text changed shows exactly those two."""

from importlib import import_module
from io import StringIO

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from otdel.algorithm.models import AlgorithmVersion
from otdel.algorithm.presets import install_stages
from otdel.base.models import Company
from otdel.clients.defaults import install_steps
from otdel.clients.models import ClientStep
from otdel.org.models import SettingsChange
from otdel.stages.models import Stage, Transition
from otdel.standard.selectors import standard_text
from otdel.standard.services import standard_import


def _empty_installation() -> None:
    """Every table emptied in the test's transaction, then what `otdel migrate` puts in an
    empty database besides the schema (its data migrations: the method's playbook, refusal
    reasons and version 1, its ten stages, the client cycle)."""
    # PostgreSQL truncates no table with foreign-key checks still deferred in the transaction.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    import_module("otdel.algorithm.migrations.0003_default_playbook").load_defaults(apps, None)
    install_stages(Stage, Transition)
    install_steps(ClientStep)


def test_the_demo_standard_goes_through_an_empty_installation_unchanged(db, tmp_path):
    call_command("demo", stdout=StringIO())
    exported = standard_text()
    # The demo's library and playbook travel too: the stages' materials (without their files)
    # and the objections with their answers and third-party cases.
    loaded = yaml.safe_load(exported)
    assert len(loaded["materials"]["index"]) >= 3
    assert any(item["states"] for item in loaded["materials"]["index"].values())
    assert any("орого" in words for words in loaded["playbook"]["objections"])
    assert all(item["answers"] for item in loaded["playbook"]["objections"].values())
    assert loaded["playbook"]["cold_call"]["text"] and loaded["playbook"]["scripts"]

    _empty_installation()
    assert not Company.objects.exists()
    assert standard_text() != exported  # the empty installation is another system

    report = standard_import(text=exported, acting_user=None)
    assert report.changed
    # Each material of the index comes without its file, and the import says so by name.
    assert all(
        any(title in note for note in report.notes) for title in loaded["materials"]["index"]
    )
    assert report.new_algorithm_version is None  # the demo's last version is its configuration
    assert SettingsChange.objects.exists()  # written through the services, logged
    assert standard_text() == exported
    assert AlgorithmVersion.objects.order_by("-number").first().number == max(
        yaml.safe_load(exported)["algorithm"]["versions"]
    )

    # The diff of a copy with a cap and a playbook text changed names exactly those.
    doc = yaml.safe_load(exported)
    doc["rules"]["settings"]["working_list_cap"] = 70
    doc["algorithm"]["playbook"]["new"]["script"] = "Здравствуйте! Новый скрипт."
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(exported, encoding="utf-8")
    b.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("standard", "diff", str(a), str(b), stdout=out)
    assert exit_code.value.code == 1
    lines = out.getvalue().splitlines()
    old_script = yaml.safe_load(exported)["algorithm"]["playbook"]["new"]["script"]
    assert lines[2].startswith(f"      script: {old_script[:40]}")
    assert lines[2].endswith(" → Здравствуйте! Новый скрипт.")
    assert lines[:2] + lines[3:] == [
        "[algorithm]",
        "  ~ playbook › new",
        "[rules]",
        "  ~ settings",
        "      working_list_cap: 90 → 70",
    ]
    same = StringIO()
    call_command("standard", "diff", str(a), str(a), stdout=same)
    assert same.getvalue().strip() == "same"
