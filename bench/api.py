"""The API's company list paged by a cursor beside the same list paged by number with a count
of the whole visible base (as until issue 15), on the same base, requests taken in turn so that
the noise of a shared machine falls on both alike.

Printed by `python -m bench` after the pages.

For each caller it prints the first page and a page in the middle of the list: by number
(`?page=`, OFFSET, plus COUNT) and by cursor (the `next` link that leads there).
"""

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from django.test import Client
from rest_framework.pagination import Cursor, PageNumberPagination

from bench.report import page_goal
from otdel.algorithm.api import CompanyViewSet
from otdel.apiutils import KeysetPagination
from otdel.base.selectors import visible_companies
from otdel.org.models import User

URL = "/api/v1/companies/"


@contextmanager
def paged_by_number() -> Iterator[None]:
    """The company endpoint as it was: page numbers, a COUNT, the list's own order by name."""
    CompanyViewSet.pagination_class = PageNumberPagination
    try:
        yield
    finally:
        CompanyViewSet.pagination_class = KeysetPagination


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _percentiles(times: list[float]) -> str:
    return f"p50 {statistics.median(times):7.1f} ms  p95 {_p95(times):7.1f} ms"


def _get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def _middle_cursor(user: User) -> str:
    """The `next` link that leads to the middle of the caller's list: "after this id"."""
    visible = visible_companies(user).order_by("id").values_list("id", flat=True)
    before_middle = visible[visible.count() // 2 - 1]
    pagination = KeysetPagination()
    pagination.base_url = f"http://testserver{URL}"
    return pagination.encode_cursor(Cursor(offset=0, reverse=False, position=str(before_middle)))


def measure_api(*, runs: int) -> Iterator[str]:
    head = User.objects.get(username="bench_head")
    manager = User.objects.filter(username__startswith="bench").exclude(pk=head.pk).first()
    for who, user in (("head", head), ("manager", manager)):
        client = Client()
        client.force_login(user)
        middle_page = visible_companies(user).count() // 2 // 50
        cases = {
            "first page": (URL, URL),
            "middle page": (f"{URL}?{urlencode({'page': middle_page})}", _middle_cursor(user)),
        }
        for name, (by_number, by_cursor) in cases.items():
            numbered, cursored = [], []
            for run in range(runs + 1):
                with paged_by_number():
                    took_numbered = _get(client, by_number)
                took_cursor = _get(client, by_cursor)
                if run:  # the first of each warms caches and connections
                    numbered.append(took_numbered)
                    cursored.append(took_cursor)
            yield f"{who:8} {URL} {name:11} by number + count  {_percentiles(numbered)}"
            yield (
                f"{who:8} {URL} {name:11} by cursor          {_percentiles(cursored)}  "
                + page_goal(URL, _p95(cursored))
            )
