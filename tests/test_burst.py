"""A burst of requests on the production web server keeps PostgreSQL's connections bounded
(issue 20, item 6: a burst of 100 requests had exhausted the server's 100 connections).

The real server runs as a subprocess, as `make prod` starts it: gunicorn with
`otdel/gunicorn_conf.py` and the production profile, here 2 workers × 4 threads on a free port,
against the test's own database. 100 requests arrive at once (the login page and an API list
read with a token); every answer is 200 and the server never holds more connections to the
database than DEPLOY.md promises: one per gunicorn thread, workers × threads."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from otdel.algorithm.services import algorithm_install_defaults

from .api.tokens import api_headers

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the bound is on PostgreSQL's connections; SQLite has no server to exhaust",
)

PROJECT = Path(__file__).resolve().parent.parent
WORKERS, THREADS = 2, 4
BURST = 100


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(db: dict) -> str:
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


def get(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        client.request("GET", path, headers=headers or {})
        response = client.getresponse()
        response.read()
        return response.status
    finally:
        client.close()


@pytest.fixture
def server(tmp_path):
    """gunicorn as in production on the test's database; stopped whatever the test does."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "otdel.settings",
        "OTDEL_ENV_FILE": str(tmp_path / "no.env"),  # not a developer's own .env
        "OTDEL_VAR_DIR": str(tmp_path / "var"),
        "OTDEL_STATIC_ROOT": str(tmp_path / "static"),
        "OTDEL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(connection.settings_dict),
        # Plain HTTP on 127.0.0.1, as deploy/prod-local.sh (`make prod`) runs it.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": str(WORKERS),
        "WEB_THREADS": str(THREADS),
        "WEB_ACCESS_LOG": "-",  # into the log below
        "WEB_LOG_LEVEL": "warning",
    }
    (tmp_path / "var").mkdir()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "gunicorn", "-c", "python:otdel.gunicorn_conf", "otdel.wsgi"],
        env=env,
        cwd=PROJECT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        began = time.monotonic()
        deadline = began + 60
        while True:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                if get(port, "/login/") == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
        print(f"gunicorn answered after {time.monotonic() - began:.1f} s")
        yield port
    finally:
        stopping = time.monotonic()
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        print(f"gunicorn stopped in {time.monotonic() - stopping:.1f} s")
        log.close()


def server_connections(db: dict, own_pid: int) -> int:
    """Connections to the test's database other than the test's own."""
    with psycopg.connect(
        dbname="postgres",
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as watcher:
        row = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            [db["NAME"], own_pid],
        ).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_requests_keeps_the_connections_bounded(people, server):
    # An earlier test of a whole transaction may have flushed what the migrations install.
    algorithm_install_defaults()
    token = api_headers(people.hunter1)
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    assert server_connections(db, own_pid) <= WORKERS * THREADS  # after the start-up requests

    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(server_connections(db, own_pid))
            time.sleep(0.02)

    start = threading.Barrier(BURST)

    def request(number: int) -> int:
        start.wait(30)
        if number % 2:
            return get(server, "/api/v1/companies/", token)
        return get(server, "/login/")

    watcher = threading.Thread(target=watch)
    began = time.monotonic()
    watcher.start()
    try:
        with ThreadPoolExecutor(BURST) as pool:
            statuses = list(pool.map(request, range(BURST)))
        time.sleep(0.5)  # what is left open once the burst is answered
    finally:
        done.set()
        watcher.join(30)
    seconds = time.monotonic() - began
    print(
        f"burst of {BURST}: {seconds:.1f} s, at most {max(seen, default=0)} connections in {len(seen)} looks"
    )

    assert statuses == [200] * BURST, {status: statuses.count(status) for status in set(statuses)}
    assert len(seen) >= 3  # the watcher looked during the burst, not only after it
    assert max(seen) <= WORKERS * THREADS, seen
