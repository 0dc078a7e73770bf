"""The head downloads the company's standard from Settings, uploads a copy with a limit changed,
reads what it would change and applies it."""

from pathlib import Path

import pytest

from otdel.algorithm.models import RuleSettings

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_head_downloads_compares_and_applies_the_standard(page, demo, tmp_path):
    log_in(page, demo, "head")
    page.goto(f"{demo}/settings/")
    page.get_by_test_id("standard-link").click()
    assert page.locator("h1").inner_text() == "Стандарт"

    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать стандарт").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("otdel_standard: 1\nversion: 1\n")
    changed = tmp_path / "standard.yaml"
    changed.write_text(
        # The limits' own line (4 spaces in), not the same figure in a version's snapshot.
        text.replace("\n    working_list_cap: 90\n", "\n    working_list_cap: 70\n", 1),
        encoding="utf-8",
    )

    page.get_by_label("Файл стандарта (YAML)").set_input_files(str(changed))
    page.get_by_role("button", name="Сравнить с этой системой").click()
    diff = page.get_by_test_id("diff")
    assert diff.inner_text().splitlines() == [
        "[rules]",
        "  ~ settings",
        "      working_list_cap: 90 → 70",
    ]
    assert RuleSettings.load().working_list_cap == 90
    shoot(page, "head-standard-preview-ru")

    with page.expect_navigation():
        page.get_by_test_id("apply").click()
    assert "Стандарт версии 1 применён." in page.locator("main").inner_text()
    assert RuleSettings.load().working_list_cap == 70
