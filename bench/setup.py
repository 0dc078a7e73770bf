"""Open (and build once) the bench database of a given size: SQLite in var/, or DATABASE_URL."""

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
    elif have != total:
        sys.exit(f"the bench database holds {have} companies, not {total}: delete it first")
