"""The reports of METHOD 7: classes and their movement, time spent on D clients, the portrait
of A clients. Each is a fixed number of queries."""

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from otdel.algorithm.models import Activity
from otdel.base.models import Company, SizeTag

from .models import ClientSegment, SegmentationRun


def last_two_runs() -> tuple[SegmentationRun | None, SegmentationRun | None]:
    runs = list(SegmentationRun.objects.order_by("-created_at", "-pk")[:2])
    return (runs[0] if runs else None, runs[1] if len(runs) > 1 else None)


def movement(current: SegmentationRun, previous: SegmentationRun) -> dict[tuple[str, str], int]:
    """(class before, class now) -> clients; "" where the client was not in that run."""
    before = dict(ClientSegment.objects.filter(run=previous).values_list("company_id", "abc_class"))
    now = dict(ClientSegment.objects.filter(run=current).values_list("company_id", "abc_class"))
    moves: dict[tuple[str, str], int] = {}
    for company in before.keys() | now.keys():
        key = (before.get(company, ""), now.get(company, ""))
        moves[key] = moves.get(key, 0) + 1
    return moves


def activities_on_d(since: datetime, people: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per manager: activities done since the date, and how many of them were on D clients
    (METHOD 7: time spent on clients not worth it)."""
    rows = (
        Activity.objects.filter(done_at__gte=since, assignee__in=people)
        .values("assignee", "assignee__first_name", "assignee__last_name")
        .annotate(total=Count("pk"), on_d=Count("pk", filter=Q(company__abc_class="D")))
        .order_by("-on_d", "assignee__last_name")
    )
    return [{**row, "share": row["on_d"] / row["total"] if row["total"] else 0.0} for row in rows]


PORTRAIT = (("category__name", "category"), ("segment__name", "segment"),
            ("source__name", "source"), ("size_tag", "size"))  # fmt: skip


def portrait_of_a(companies: QuerySet[Company]) -> dict[str, list[tuple[str, int]]]:
    """What the A clients are like, to aim prospecting at more of them (METHOD 7)."""
    a_clients = companies.filter(abc_class="A").order_by()
    sizes = dict(SizeTag.choices)
    return {
        label: [(str(sizes.get(row[field], row[field])) if field == "size_tag" else row[field] or "—",
                 row["n"]) for row in a_clients.values(field).annotate(n=Count("pk")).order_by("-n")[:8]]
        for field, label in PORTRAIT
    }  # fmt: skip
