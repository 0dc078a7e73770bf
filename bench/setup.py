"""Open (and build once) the bench database of a given size, or a benchmark's own database:
SQLite in var/, or DATABASE_URL."""

import os
import sys
from pathlib import Path


def open_bench_database(size: str) -> None:
    if not os.environ.get("DATABASE_URL"):
        Path("var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{Path('var').resolve()}/bench-{size}.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdel.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import SIZES, generate
    from otdel.base.models import Company

    call_command("migrate", verbosity=0)
    total = SIZES[size]
    have = Company.objects.count()
    if have == 0:
        seconds = generate(total)
        print(f"generate  {connection.vendor}  {total} companies  {seconds:.1f} s")
        if connection.vendor == "postgresql":  # the planner's statistics of the new rows
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    elif have != total:
        sys.exit(f"the bench database holds {have} companies, not {total}: delete it first")


def open_own_database(name: str, *, fresh: bool) -> None:
    """A benchmark's own database: SQLite var/bench-<name>.sqlite3 (emptied first when `fresh`),
    or DATABASE_URL as set; migrated."""
    if not os.environ.get("DATABASE_URL"):
        database = Path("var").resolve() / f"bench-{name}.sqlite3"
        database.parent.mkdir(exist_ok=True)
        if fresh:
            database.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdel.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
