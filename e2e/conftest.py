"""Browser tests: Playwright driving Debian's chromium against a live Django server."""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from otdel.base.models import CompanyName

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("OTDEL_E2E_REQUIRED"):
        raise pytest.UsageError(f"OTDEL_E2E_REQUIRED is set but {CHROMIUM} is not installed")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (make chromium)")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shoot(page, name: str) -> None:
    """A full-page photograph to look at. The pages look the same whatever the database, so they
    are taken on the embedded default only: the run on PostgreSQL saves their time."""
    if connection.vendor != "sqlite":
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


class DemoSnapshot:
    """The demo department built once and copied back before each browser test.

    Building it takes seconds, and every browser test starts from an emptied database; a copy
    of each table kept beside it (tables Django does not know, so the flush between tests leaves
    them) is put back in a fraction of that. The demo is written relative to now, so a copy
    older than a few minutes, or of another day in the department's time zone, is built anew.
    """

    MAX_AGE = 600  # seconds

    def __init__(self) -> None:
        self.tables: list[str] = []
        self.taken_at = 0.0
        self.day = None

    def fresh(self) -> bool:
        young = time.monotonic() - self.taken_at < self.MAX_AGE
        return bool(self.tables) and young and self.day == timezone.localdate()

    def take(self) -> None:
        quote = connection.ops.quote_name
        tables = connection.introspection.django_table_names(only_existing=True)
        # The companies' names are the database's own (base.CompanyName): its triggers write
        # them again as the companies are put back.
        self.tables = sorted(set(tables) - {CompanyName._meta.db_table})
        with connection.cursor() as cursor:
            for n, table in enumerate(self.tables):
                cursor.execute(f"DROP TABLE IF EXISTS e2e_demo_{n}")
                cursor.execute(f"CREATE TABLE e2e_demo_{n} AS SELECT * FROM {quote(table)}")  # noqa: S608
        self.taken_at, self.day = time.monotonic(), timezone.localdate()

    def restore(self) -> None:
        quote = connection.ops.quote_name
        # DELETE, not the flush's TRUNCATE: the tables hold only what post_migrate wrote, and
        # PostgreSQL truncates a hundred tables in seconds. The foreign keys are checked at commit.
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
            for n, table in enumerate(self.tables):
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM e2e_demo_{n}")  # noqa: S608
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


_snapshot = DemoSnapshot()


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """Where the demo's files (recordings, materials) and those the walks upload are kept: one
    place for the session, so that the rows put back from the snapshot find their files."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def demo(live_server, settings, demo_media):
    """The demo department behind a live server; its address."""
    settings.MEDIA_ROOT = demo_media
    if _snapshot.fresh():
        _snapshot.restore()
    else:
        call_command("demo", verbosity=0)
        _snapshot.take()
    return live_server.url
