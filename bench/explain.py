"""The plan of each list and search query as its page runs it (issue 15, item 7): the page is
asked for once, its list query (the one that reads a page of companies) taken from the queries
it made, and EXPLAIN (ANALYZE, BUFFERS) printed for it. PostgreSQL only: SQLite's plans do not
say what the goals depend on."""

from collections.abc import Iterator

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from otdel.org.models import User


def _list_query(sqls: list[str]) -> str:
    """The query that reads the page's companies: from the company table, with a LIMIT; the
    costliest looking of them (the longest) when a page makes several."""
    listing = [s for s in sqls if 'FROM "base_company"' in s and " LIMIT " in s]
    return max(listing or sqls, key=len)


def explain_pages(cases: list[tuple[str, User, str]]) -> Iterator[str]:
    """For each (who, user, url): a heading, then the plan of its list query, line by line."""
    for who, user, url in cases:
        client = Client()
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = _list_query([q["sql"] for q in queries.captured_queries])
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        yield f"explain  {who} {url}"
        yield from (f"    {line}" for line in plan)
