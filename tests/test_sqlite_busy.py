"""The embedded default serves a small team (issue 20, item 6): on SQLite a write waits for a
long one before it (an import, a nightly rule) instead of failing with "database is locked"."""

import threading
import time

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's own locking",
)
# Longer than SQLite's and Django's default wait of 5 seconds, which failed such writes.
HELD = 6


def test_a_write_waits_for_a_long_write_instead_of_failing(tmp_path, django_db_blocker):
    # A database of its own in a file: two real connections, not the test database.
    with django_db_blocker.unblock():
        _two_writers(tmp_path)


def _two_writers(tmp_path) -> None:
    handler = ConnectionHandler(
        {"default": {**settings.DATABASES["default"], "NAME": str(tmp_path / "busy.sqlite3")}}
    )
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE edits (who TEXT)")
    holding = threading.Event()

    def long_write() -> None:
        connection = handler["default"]  # this thread's own connection
        with connection.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("INSERT INTO edits VALUES ('import')")
            holding.set()
            time.sleep(HELD)
            cursor.execute("COMMIT")
        connection.close()

    writer = threading.Thread(target=long_write)
    writer.start()
    assert holding.wait(10)
    with handler["default"].cursor() as cursor:
        cursor.execute("INSERT INTO edits VALUES ('manager')")
        cursor.execute("SELECT who FROM edits ORDER BY rowid")
        rows = [row[0] for row in cursor.fetchall()]
    writer.join()
    handler.close_all()
    assert rows == ["import", "manager"]
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] > HELD
