"""Import of a standard: all or nothing, refusals naming the place, the dry run writing
nothing, writes through the owning apps' services with their history."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from otdel.algorithm.models import AlgorithmVersion, PlaybookStep, RuleSettings
from otdel.base.models import State
from otdel.org.models import SettingsChange
from otdel.pay.models import PayScheme
from otdel.stages.models import Stage
from otdel.standard.models import StandardState
from otdel.standard.sections import StandardRefused
from otdel.standard.selectors import standard_text
from otdel.standard.services import standard_import
from tests.factories import CompanyFactory


def _scheme() -> PayScheme:
    return PayScheme.objects.create(
        name="Охотники",
        base_salary=40000,
        new_percent=10,
        repeat_percent=3,
        bonus_steps=[[100, 15000], [120, 30000]],
    )


@pytest.fixture
def standard(db) -> dict:
    """This installation's standard as data, after one import of its own (which keeps its
    configuration as an algorithm version: the defaults of a fresh database are not one)."""
    _scheme()
    standard_import(text=standard_text(), acting_user=None)
    return yaml.safe_load(standard_text())


def _text(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _written() -> tuple:
    """What an import could have written, to show that nothing was."""
    return (
        standard_text(),
        SettingsChange.objects.count(),
        AlgorithmVersion.objects.count(),
        StandardState.load().version,
    )


def test_importing_the_installations_own_standard_changes_nothing(standard):
    before = _written()
    report = standard_import(text=standard_text(), acting_user=None)
    assert not report.changed
    assert report.new_algorithm_version is None
    assert _written() == before


def test_a_changed_playbook_and_cap_are_saved_through_the_services_as_one_version(standard, people):
    standard["version"] = 4
    standard["algorithm"]["playbook"][State.NEW]["script"] = "Новый скрипт"
    standard["rules"]["settings"]["working_list_cap"] = 70
    last = AlgorithmVersion.objects.order_by("-number").first().number

    report = standard_import(text=_text(standard), acting_user=people.head)

    assert PlaybookStep.objects.get(state=State.NEW).script == "Новый скрипт"
    assert RuleSettings.load().working_list_cap == 70
    assert report.new_algorithm_version == last + 1
    assert AlgorithmVersion.objects.get(number=last + 1).snapshot["rules"]["working_list_cap"] == 70
    assert AlgorithmVersion.objects.count() == last + 1  # one version, not one a row
    logged = SettingsChange.objects.filter(author=people.head)
    changes = [pair for change in logged for pair in change.changes.values()]
    assert ["90", "70"] in changes
    assert any(new == "Новый скрипт" for _old, new in changes)
    assert StandardState.load().version == 4
    assert yaml.safe_load(standard_text())["version"] == 4


def test_items_the_standard_lacks_are_removed_and_new_ones_created(standard):
    del standard["pay"]["schemes"]["Охотники"]
    standard["pay"]["schemes"]["Фермеры"] = {
        "base_salary": "50000",
        "new_percent": "5",
        "repeat_percent": "5",
        "hunter_share_percent": "0",
        "penalty_below_percent": None,
        "penalty": "0",
        "kpi_floor_percent": None,
        "kpi_multiplier": "1",
        "handoff_share_months": 3,
        "bonus_steps": [["100", "10000.5"]],
        "group_rates": {},
    }
    standard_import(text=_text(standard), acting_user=None)
    assert list(PayScheme.objects.values_list("name", flat=True)) == ["Фермеры"]
    assert PayScheme.objects.get().bonus_steps == [[100, 10000.5]]
    assert yaml.safe_load(standard_text())["pay"] == standard["pay"]


@pytest.mark.parametrize(
    ("broken", "place"),
    [
        (lambda doc: "otdel_standard: 1\nversion: [1\n", "not a YAML file (line 3, column 1)"),
        (lambda doc: _text({**doc, "training": {}}), "training: unknown section"),
        (lambda doc: _text({**doc, "otdel_standard": 2}), "otdel_standard: not an Otdel"),
        (lambda doc: _text({**doc, "version": "первая"}), "version: must be a whole number"),
        (
            lambda doc: _text(doc) if doc["rules"]["settings"].pop("work_days") else "",
            "rules › settings › work_days: the field is missing",
        ),
        (
            lambda doc: (
                _text(doc)
                if doc["algorithm"]["stages"][State.NEW].update(position="первый") is None
                else ""
            ),
            "algorithm › stages › new › position: must be a whole number",
        ),
        (
            lambda doc: (
                _text(doc)
                if doc["care"]["settings"].update(big_fish_min_revenue="много") is None
                else ""
            ),
            "care › settings › big_fish_min_revenue: must be a number",
        ),
        (
            lambda doc: (
                _text(doc) if doc["pay"]["schemes"]["Охотники"].update(colour="red") is None else ""
            ),
            "pay › schemes › Охотники › colour: unknown field",
        ),
        (lambda doc: _text({k: v for k, v in doc.items() if k != "version"}), "version:"),
    ],
    ids=[
        "bad-yaml",
        "unknown-section",
        "wrong-format",
        "version-not-a-number",
        "missing-field",
        "wrong-type",
        "not-a-decimal",
        "unknown-field",
        "no-version",
    ],
)
def test_a_broken_file_is_refused_naming_the_place_and_nothing_is_written(standard, broken, place):
    before = _written()
    with pytest.raises(StandardRefused) as refused:
        standard_import(text=broken(standard), acting_user=None)
    assert str(refused.value).startswith(place)
    assert _written() == before


def test_a_refusal_of_a_later_section_rolls_back_the_earlier_ones(standard, english):
    """The service's own check (a percentage within 0-100) refuses the pay scheme after the
    limits were already saved in the transaction: neither stays."""
    standard["rules"]["settings"]["working_list_cap"] = 70
    standard["pay"]["schemes"]["Охотники"]["new_percent"] = "140"
    before = _written()
    with pytest.raises(StandardRefused) as refused:
        standard_import(text=_text(standard), acting_user=None)
    assert (
        str(refused.value) == "pay › schemes › Охотники › new_percent: A percentage from 0 to 100."
    )
    assert RuleSettings.load().working_list_cap == 90
    assert _written() == before


def test_a_cap_out_of_the_range_is_refused_on_its_field(standard):
    standard["rules"]["settings"]["working_list_cap"] = 200
    with pytest.raises(StandardRefused) as refused:
        standard_import(text=_text(standard), acting_user=None)
    assert refused.value.place == ("rules", "settings", "working_list_cap")


def test_an_unknown_position_to_register_payments_is_refused(standard):
    standard["rules"]["settings"]["payment_positions"] = ["accountant", "cashier"]
    with pytest.raises(StandardRefused) as refused:
        standard_import(text=_text(standard), acting_user=None)
    assert refused.value.place == ("rules", "settings", "payment_positions")
    assert "cashier" in refused.value.message


def test_a_stage_with_companies_is_not_removed(standard):
    CompanyFactory(state=State.CONTACT_3)
    del standard["algorithm"]["stages"][State.CONTACT_3]
    for stage in standard["algorithm"]["stages"].values():
        stage["moves_to"] = [code for code in stage["moves_to"] if code != State.CONTACT_3]
    with pytest.raises(StandardRefused) as refused:
        standard_import(text=_text(standard), acting_user=None)
    assert refused.value.place == ("algorithm", "stages", State.CONTACT_3)
    assert Stage.objects.filter(code=State.CONTACT_3).exists()


def test_a_move_to_a_stage_not_in_the_standard_is_refused(standard):
    standard["algorithm"]["stages"][State.NEW]["moves_to"].append("nowhere")
    with pytest.raises(StandardRefused) as refused:
        standard_import(text=_text(standard), acting_user=None)
    assert refused.value.place == ("algorithm", "stages", State.NEW, "moves_to")


def test_the_dry_run_shows_the_changes_and_writes_nothing(standard):
    standard["rules"]["settings"]["working_list_cap"] = 70
    standard["algorithm"]["playbook"][State.NEW]["script"] = "Новый скрипт"
    del standard["pay"]["schemes"]["Охотники"]
    before = _written()

    report = standard_import(text=_text(standard), acting_user=None, dry_run=True)

    assert report.dry_run and report.new_algorithm_version is not None
    changes = {(d.section, c.group, c.key, c.kind) for d in report.diffs for c in d.changes}
    assert changes == {
        ("algorithm", "playbook", State.NEW, "changed"),
        ("rules", "settings", "", "changed"),
        ("pay", "schemes", "Охотники", "removed"),
    }
    assert _written() == before


def test_a_section_left_out_of_the_file_is_left_as_it_is(standard):
    del standard["pay"]
    PayScheme.objects.create(name="Ещё одна", base_salary=1, new_percent=1, repeat_percent=1)
    standard_import(text=_text(standard), acting_user=None)
    assert PayScheme.objects.count() == 2


def test_the_commands_export_import_and_diff(standard, tmp_path):
    mine = tmp_path / "mine.yaml"
    call_command("standard", "export", str(mine), "--version", "7")
    assert yaml.safe_load(mine.read_text(encoding="utf-8"))["version"] == 7
    standard["rules"]["settings"]["working_list_cap"] = 70
    changed = tmp_path / "changed.yaml"
    changed.write_text(_text(standard), encoding="utf-8")

    out = StringIO()
    call_command("standard", "import", str(changed), "--dry-run", stdout=out)
    assert "dry run, nothing written" in out.getvalue()
    assert "working_list_cap: 90 → 70" in out.getvalue()
    assert RuleSettings.load().working_list_cap == 90

    diff = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("standard", "diff", str(mine), str(changed), stdout=diff)
    assert exit_code.value.code == 1
    assert "working_list_cap: 90 → 70" in diff.getvalue()

    call_command("standard", "import", str(changed), stdout=StringIO())
    assert RuleSettings.load().working_list_cap == 70

    broken = tmp_path / "broken.yaml"
    broken.write_text("otdel_standard: 1\nversion: 1\nplans: {}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="plans: unknown section. Nothing was changed."):
        call_command("standard", "import", str(broken), stdout=StringIO())
