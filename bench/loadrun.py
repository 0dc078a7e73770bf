"""`make load`: the working day of bench/load.py against the bench base through gunicorn, at
10, 50 and 100 concurrent users; prints p50/p95/p99 per page and the errors at each level, and
the level where it stops meeting the goal (p95 under 300 ms, no error, at 50 users).

    python -m bench.loadrun [--size 10k|100k|1M] [--users 10,50,100] [--seconds 60]
                            [--workers 4] [--threads 4]

PostgreSQL: set DATABASE_URL (the goal is measured there); SQLite otherwise. The hourly rules
run beside the load, every --rules-every seconds, as the job consumer would run them."""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.setup import open_bench_database

GOAL_P95_MS = 300
GOAL_USERS = 50
PASSWORD = "load-password-1"  # noqa: S105 - the bench base's own


def _prepare(size: str) -> int:
    """The bench base, with every bench person able to log in and products to sell (the bench
    generator makes none: an administrator's catalog, set up before the day); returns the
    managers' count."""
    open_bench_database(size)
    from django.contrib.auth.hashers import make_password

    from otdel.catalog.models import Product
    from otdel.org.models import User

    people = User.objects.filter(username__startswith="bench")
    people.update(password=make_password(PASSWORD), is_active=True)
    if not Product.objects.filter(is_active=True).exists():
        Product.objects.bulk_create(
            Product(code=f"LOAD-{n}", name=f"Товар нагрузки {n}", unit="шт.") for n in range(20)
        )
    # A running department has had its rules applied every hour: the generated base has not,
    # and the first run's backlog (a third of the base) is not a working day's.
    from otdel.algorithm.enforcement import enforce_rules

    started = time.perf_counter()
    done = enforce_rules()
    print(f"rules brought up to date before the day: {done}, {time.perf_counter() - started:.0f} s")
    from django.db import connection

    if connection.vendor == "postgresql" and any(done.values()):
        # The catch-up changes a tenth of the base: the planner's statistics as autovacuum
        # keeps them in a running department (stale, a manager's list read 100k rows).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return people.exclude(username="bench_head").count()


def _serve(port: int, workers: int, threads: int) -> subprocess.Popen:
    """gunicorn through the production conf (otdel/gunicorn_conf.py), so that the load meets
    what production runs (keep-alive, worker recycling, preloading); only the size of the pool
    and the address are the bench's. gunicorn's defaults (a 2 s keep-alive) reset the
    connections of users who paused longer between two pages."""
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "python:otdel.gunicorn_conf", "otdel.wsgi"],
        env={
            **os.environ,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "WEB_BIND": f"127.0.0.1:{port}",
            "WEB_WORKERS": str(workers),
            "WEB_THREADS": str(threads),
            "WEB_TIMEOUT": "120",
            "WEB_LOG_LEVEL": "warning",
        },
        # The access log is written, as in production, but not into the figures' output.
        stdout=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(1)
    server.terminate()
    sys.exit("gunicorn did not answer on /login/")


def _swarm(port: int, users: int, seconds: int, managers: int, out: Path) -> list[dict]:
    prefix = out / f"u{users}"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(Path(__file__).with_name("load.py")),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 10)),
            # load.py restarts the stats once every user is in (logins, PBKDF2 by design, are
            # the morning's, not every minute's) and ends the run `seconds` later; this is a
            # cap in case some user never gets in.
            "--run-time",
            f"{seconds + 600}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={
            **os.environ,
            "LOAD_PASSWORD": PASSWORD,
            "LOAD_MANAGERS": str(managers),
            "LOAD_SECONDS": str(seconds),
        },
        check=False,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        return list(csv.DictReader(f))


def _rules(every: int) -> subprocess.Popen:
    loop = (
        "import time, django; django.setup()\n"
        "from otdel.algorithm.enforcement import enforce_rules\n"
        f"while True:\n    enforce_rules()\n    time.sleep({every})\n"
    )
    return subprocess.Popen([sys.executable, "-c", loop], env=dict(os.environ))  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.loadrun")
    parser.add_argument("--size", choices=["10k", "100k", "1M"], default="10k")
    parser.add_argument("--users", default="10,50,100")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--rules-every", type=int, default=60)
    args = parser.parse_args()
    managers = _prepare(args.size)
    from django.db import connection

    vendor = connection.vendor
    connection.close()
    server = _serve(args.port, args.workers, args.threads)
    rules = _rules(args.rules_every)
    stops = None
    try:
        with tempfile.TemporaryDirectory() as out:
            for users in [int(u) for u in args.users.split(",")]:
                rows = _swarm(args.port, users, args.seconds, managers, Path(out))
                print(
                    f"\n{vendor} {args.size}  {users} users, {args.seconds} s, "
                    f"gunicorn {args.workers}x{args.threads}"
                )
                print(f"{'page':36} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}")
                for row in rows:
                    print(
                        f"{row['Name'][:36]:36} {row['Request Count']:>8} "
                        f"{row['Failure Count']:>6} {row['50%']:>6} {row['95%']:>6} "
                        f"{row['99%']:>6}"
                    )
                total = next(r for r in rows if r["Name"] == "Aggregated")
                p95, errors = float(total["95%"]), int(total["Failure Count"])
                met = p95 < GOAL_P95_MS and errors == 0
                print(
                    f"all pages: p95 {p95:.0f} ms, errors {errors}  "
                    f"(goal p95 < {GOAL_P95_MS} ms, 0 errors): {'met' if met else 'MISSED'}"
                )
                if not met and stops is None:
                    stops = users
    finally:
        rules.terminate()
        server.terminate()
        server.wait(30)
    print(
        f"\nstops meeting the goal at {stops} users" if stops else "\nthe goal held at every level"
    )


if __name__ == "__main__":
    main()
