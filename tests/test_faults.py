"""Faults (issue 20, item 7): a job consumer killed in the middle of an import or of the
segmentation leaves nothing half-written, and the work can be done again.

Each case runs real processes against a database of their own (a file on SQLite, a database
on PostgreSQL; the test database is in memory on SQLite and inside a transaction on both), and
kills the worker with SIGKILL at a chosen point of its work: after the companies of an import
are written, after the segmentation's class rows are written, each before its transaction
commits."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
COMPANIES = 300


def _python(env: dict[str, str], code: str, *, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).resolve().parent.parent,
    )


SETUP = """
    import os, django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdel.settings")
    django.setup()
"""

# Replaces `module.name` with a function that does its work and then kills the process.
DIE_AFTER = """
    import importlib, signal
    _module = importlib.import_module({module!r})
    _original = getattr(_module, {name!r})
    def _dying(*args, **kwargs):
        result = _original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(_module, {name!r}, _dying)
"""


@pytest.fixture(scope="module")
def own_database(tmp_path_factory):
    """Environment variables for processes sharing a migrated database of their own."""
    var = tmp_path_factory.mktemp("faults")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "otdel.settings",
        "OTDEL_VAR_DIR": str(var),
        "DEBUG": "0",
        "HUEY_IMMEDIATE": "0",
    }
    env.pop("DATABASE_URL", None)
    name = ""
    if POSTGRES:
        name = f"otdel_faults_{uuid.uuid4().hex[:8]}"
        server = settings.DATABASES["default"]
        admin = f"host={server['HOST']} port={server['PORT']} user={server['USER']} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = (
            f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}/{name}"
        )
    done = _python(
        env,
        SETUP
        + "\n    from django.core.management import call_command\n    call_command('migrate', verbosity=0)\n",
    )
    assert done.returncode == 0, done.stderr
    yield env
    if POSTGRES:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _figures(env) -> dict:
    done = _python(
        env,
        SETUP
        + """
    import json
    from otdel.base.models import Company, CompanyEvent
    from otdel.prospecting.models import ImportBatch
    from otdel.segments.models import ClientSegment, SegmentationRun
    print(json.dumps({
        "companies": Company.objects.count(),
        "events": CompanyEvent.objects.count(),
        "classes": sorted(Company.objects.exclude(abc_class="").values_list("abc_class", flat=True)),
        "runs": SegmentationRun.objects.count(),
        "segment_rows": ClientSegment.objects.count(),
        "batches": list(ImportBatch.objects.values_list("job", "committed")),
    }))
""",
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_consumer_killed_mid_import_writes_nothing_and_the_import_runs_again(
    own_database, tmp_path
):
    env = own_database
    rows = ["Наименование;ИНН"] + [f"ООО Компания {n};" for n in range(COMPANIES)]
    (tmp_path / "list.csv").write_text("\n".join(rows), encoding="utf-8")
    queued = _python(
        env,
        SETUP
        + f"""
    from django.db import transaction
    from otdel.org.models import User
    from otdel.prospecting import services
    user = User.objects.create_superuser("importer", password="x" * 12)
    data = open({str(tmp_path / "list.csv")!r}, "rb").read()
    batch = services.batch_preview(data=data, filename="list.csv", acting_user=user, owner=None, source=None)
    services.SYNC_ROWS = 0  # the import goes to the job consumer
    with transaction.atomic():
        services.batch_start_commit(batch=batch, acting_user=user)
""",
    )
    assert queued.returncode == 0, queued.stderr
    before = _figures(env)
    assert before["batches"] == [["importing", False]]

    consumer = _python(
        env,
        SETUP
        + DIE_AFTER.format(module="otdel.base.services", name="contacts_add")
        + """
    from django.core.management import call_command
    call_command("run_huey", workers=1, worker_type="thread", periodic=False)
""",
    )
    assert consumer.returncode == -signal.SIGKILL, consumer.stderr

    after = _figures(env)
    # The companies were written, then the process died before its commit: none is left.
    assert (after["companies"], after["events"]) == (0, before["events"])
    assert after["batches"] == [["importing", False]]

    redone = _python(
        env,
        SETUP
        + """
    import time
    from django.conf import settings
    from django.db import transaction
    from otdel.org.models import User
    from otdel.prospecting import services, tasks
    from otdel.prospecting.models import ImportBatch
    batch = ImportBatch.objects.get()
    settings.OTDEL_JOB_STALE_SECONDS = 0
    time.sleep(0.1)
    with transaction.atomic():
        assert tasks.job_resume_if_interrupted(batch)
    batch.refresh_from_db()
    assert batch.job == "" and not batch.committed, batch.job
    services.batch_start_commit(batch=batch, acting_user=User.objects.get())
""",
    )
    assert redone.returncode == 0, redone.stderr
    final = _figures(env)
    assert final["companies"] == COMPANIES
    assert final["batches"] == [["", True]]


def test_a_segmentation_killed_mid_way_changes_no_class_and_runs_again(own_database):
    env = own_database
    made = _python(
        env,
        SETUP
        + """
    from datetime import timedelta
    from decimal import Decimal
    from django.utils import timezone
    from otdel.base.models import Company
    from otdel.orders.models import Order, OrderLine
    from otdel.catalog.models import Product
    product = Product.objects.get_or_create(code="F1", defaults={"name": "Fault"})[0]
    now = timezone.now() - timedelta(days=3)
    for n in range(20):
        company = Company.objects.create(legal_name=f"Клиент {n}", section="clients")
        order = Order.objects.create(company=company, number=f"F{n}", ordered_at=now)
        OrderLine.objects.create(order=order, product=product, quantity=1, unit_price=Decimal(100 * (n + 1) ** 2))
""",
    )
    assert made.returncode == 0, made.stderr
    before = _figures(env)

    killed = _python(
        env,
        SETUP
        + DIE_AFTER.format(module="otdel.segments.services", name="insert_rows")
        + """
    from django.core.management import call_command
    call_command("segment")
""",
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = _figures(env)
    assert (after["classes"], after["runs"], after["segment_rows"], after["events"]) == (
        before["classes"],
        before["runs"],
        before["segment_rows"],
        before["events"],
    )

    redone = _python(
        env,
        SETUP
        + "\n    from django.core.management import call_command\n    call_command('segment')\n",
    )
    assert redone.returncode == 0, redone.stderr
    final = _figures(env)
    assert final["runs"] == before["runs"] + 1 and final["segment_rows"] == 20
    assert final["classes"].count("A") >= 1 and len(final["classes"]) == 20


def _cut_connection() -> None:
    """The database server drops this request's connection, as a restart or a network fault
    would (on SQLite, which has no server, the driver's error for a file it cannot reach)."""
    from django.db import OperationalError, connection

    if not POSTGRES:
        raise OperationalError("disk I/O error")
    pid = connection.connection.info.backend_pid
    server = settings.DATABASES["default"]
    with psycopg.connect(
        host=server["HOST"],
        port=server["PORT"],
        user=server["USER"],
        dbname=server["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_in_a_request_answers_503_and_changes_no_row(people, base, monkeypatch):
    from django.urls import reverse

    from otdel.algorithm.services import algorithm_install_defaults
    from otdel.base import services
    from otdel.base.models import Company, CompanyEvent
    from tests.conftest import client_for

    # An earlier test of a whole transaction may have flushed what the migrations install.
    algorithm_install_defaults()
    company = base.of_hunter1
    events = CompanyEvent.objects.filter(company=company).count()
    file_name_blocks = services.file_name_blocks

    def lost(companies):
        _cut_connection()
        file_name_blocks(companies)  # the next statement finds the connection gone

    monkeypatch.setattr(services, "file_name_blocks", lost)
    client = client_for(people.hunter1)
    client.raise_request_exception = False
    edit = {"legal_name": "Переименована", "tax_id_kind": "ru_inn", "section": "", "state": "new"}
    response = client.post(reverse("base:company_edit", args=[company.pk]), edit)
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "ничего не сохранено" in response.content.decode()
    api = client.patch(
        f"/api/v1/companies/{company.pk}/",
        {"legal_name": "Тоже нет"},
        content_type="application/json",
    )
    assert api.status_code == 503 and "ничего не сохранено" in api.json()["detail"]

    # The row is as it was, with no history of the change; the next request works.
    company.refresh_from_db()
    assert company.legal_name != "Переименована" and company.legal_name != "Тоже нет"
    assert CompanyEvent.objects.filter(company=company).count() == events
    monkeypatch.setattr(services, "file_name_blocks", file_name_blocks)
    assert client.post(reverse("base:company_edit", args=[company.pk]), edit).status_code == 302
    assert Company.objects.get(pk=company.pk).legal_name == "Переименована"
