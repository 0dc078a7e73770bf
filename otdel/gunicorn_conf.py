"""gunicorn's settings, from the environment (`.env.example` documents each):

    gunicorn -c python:otdel.gunicorn_conf otdel.wsgi

Web processes are stateless (sessions in the database, files in the storage, jobs in Redis), so
any number of them on any number of machines may sit behind one load balancer."""

import gc
import multiprocessing
import os
from pathlib import Path

from otdel import envfile

envfile.load(
    Path(os.environ.get("OTDEL_ENV_FILE", Path(__file__).resolve().parent.parent / ".env"))
)


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = [item.strip() for item in os.environ.get("WEB_BIND", "127.0.0.1:8000").split(",")]
# Two processes per core, each with a few threads: most of a request is waiting on PostgreSQL.
# Each thread keeps at most one connection to PostgreSQL: workers × threads is this machine's
# share of max_connections, however many requests arrive at once (DEPLOY.md, tests/test_burst.py).
workers = _int("WEB_WORKERS", 2 * multiprocessing.cpu_count())
threads = _int("WEB_THREADS", 4)
# A request running longer than this is killed and its worker restarted (exports of the whole
# base run as jobs, not in a request).
timeout = _int("WEB_TIMEOUT", 60)
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _int("WEB_KEEPALIVE", 5)
# Recycle a worker after this many requests (with jitter) so that slow leaks never pile up.
max_requests = _int("WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The load balancer is the only client: trust its X-Forwarded-* from these addresses.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
proc_name = "otdel-web"
# Load the application in the master and fork: faster start, less memory per worker.
preload_app = True
# No `gunicornc` control socket: one path per user would be shared by every gunicorn on a machine.
control_socket_disable = True


def pre_fork(server, worker) -> None:
    """The application loaded in the master lives as long as the worker: frozen, its objects are
    left out of the worker's garbage collections. A full collection scanned them all, about
    100 ms at a time, one page in ten of the 1M benchmark (bench/pages.py does the same)."""
    gc.freeze()
