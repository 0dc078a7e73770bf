"""Server time of the pages that read the base, as a user's browser would ask for them."""

import gc
import statistics
import time
from collections.abc import Iterator
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.report import page_goal
from otdel.base.models import Company, Section
from otdel.org.models import User


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def _time(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm caches and connections
    # As the production server does before it forks its workers (otdel/gunicorn_conf.py): what is
    # loaded is left out of the garbage collections, which otherwise stop one page in ten.
    gc.freeze()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), _percentile(times, 0.95), len(queries)


def page_cases() -> list[tuple[str, User, str]]:
    """(who, user, url) of the list, search and API pages the goals are about."""
    head = User.objects.get(username="bench_head")
    manager = User.objects.filter(username__startswith="bench").exclude(pk=head.pk).first()
    sample = Company.objects.filter(owner=manager).order_by("pk").first()
    phone = sample.phones.first().number
    return [
        ("head", head, "/companies/"),
        ("head", head, "/companies/?page=50"),
        ("head", head, f"/companies/?section={Section.REFUSAL_FOLLOW_UP}"),
        ("head", head, f"/companies/?q={sample.legal_name.split()[0]}"),
        ("head", head, f"/companies/?q={phone[-7:]}"),
        ("head", head, f"/companies/?q={sample.tax_id}"),
        ("manager", manager, "/companies/"),
        ("manager", manager, "/companies/?section=in_work"),
        ("manager", manager, f"/companies/{sample.pk}/"),
        ("head", head, "/api/v1/companies/"),
        ("manager", manager, "/api/v1/companies/"),
    ]


def measure_pages(*, runs: int) -> Iterator[str]:
    for who, user, url in page_cases():
        client = Client()
        client.force_login(user)
        p50, p95, queries = _time(client, url, runs)
        yield (
            f"{who:8} {url:45} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries  "
            + page_goal(url.split("?")[0], p95)
        )


def measure_work_pages(*, runs: int) -> Iterator[str]:
    """The manager's working list and board: bounded by his cap whatever the base size."""
    busiest = (
        User.objects.filter(username__startswith="bench")
        .exclude(username="bench_head")
        .order_by("pk")
        .first()
    )
    client = Client()
    client.force_login(busiest)
    for url in ("/work/", "/work/board/", "/api/v1/working-list/"):
        p50, p95, queries = _time(client, url, runs)
        yield (
            f"manager  {url:45} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries  "
            + page_goal(url, p95)
        )
    head = User.objects.get(username="bench_head")
    client.force_login(head)
    today = timezone.localdate()
    quarter = f"/reports/?first={today - timedelta(days=91):%Y-%m-%d}&last={today:%Y-%m-%d}"
    # Control and the funnel of a quarter (issue 16: under 300 ms on PostgreSQL at 1M).
    for url in ("/control/", quarter):
        p50, p95, queries = _time(client, url, runs)
        yield (
            f"head     {url:45} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries  "
            + page_goal(url.split("?")[0], p95)
        )
