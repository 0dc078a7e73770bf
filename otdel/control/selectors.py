"""The reads behind home, My work, the board, the call-round, Control and plan against fact.

Each page asks a fixed number of queries whatever the number of companies and managers."""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from otdel.algorithm import rules
from otdel.algorithm.models import Activity, RuleSettings
from otdel.algorithm.selectors import cap_of, reassignment_queue, with_next_step, working_list
from otdel.base.models import Company
from otdel.org.models import Position, User
from otdel.org.selectors import assignable_owners
from otdel.stages import config
from otdel.stages.config import StageInfo


class ManagerLoad(NamedTuple):
    """One row of Control's table of working lists."""

    manager: User
    in_work: int
    cap: int
    to_triage: int
    blocked: bool
    no_next_step: int


def working_rows(user: User, today: date) -> list[Company]:
    """The working list with days left and next step; at most the cap in rows, one query."""
    companies = list(
        with_next_step(working_list(user))
        .select_related("category")
        .order_by("work_deadline", "pk")
    )
    algorithm = config.current()
    for company in companies:
        company.days_left = rules.work_days_left(  # type: ignore[attr-defined]
            company.work_deadline, today, deal_stopped=company.state in algorithm.deal
        )
    return companies


def board_columns(
    companies: QuerySet[Company], state: str = ""
) -> list[tuple[StageInfo | None, list[Company]]]:
    """The board's companies (control.filtersets.BoardFilter) by its states, in the
    algorithm's order; one column when a state is chosen."""
    algorithm = config.current()
    states = (state,) if state in algorithm.board else algorithm.board
    companies = companies.order_by("work_deadline", "pk").only(
        "pk", "legal_name", "legal_form", "short_name", "state", "work_deadline", "triage_since"
    )
    columns: dict[str, list[Company]] = {s: [] for s in states}
    for company in companies:
        if company.state in columns:
            columns[company.state].append(company)
    return [(algorithm.stage(s), columns[s]) for s in states]


def controlled_managers(viewer: User) -> list[User]:
    """The managers whose working lists the viewer controls, by department and name."""
    return list(
        assignable_owners(viewer)
        .filter(department__isnull=False)
        .exclude(position__in=[Position.OWNER, Position.HEAD_OF_SALES, Position.DEPARTMENT_HEAD])
        .order_by("department__name", "last_name", "pk")
    )


def managers_load(managers: list[User], today: date, settings: RuleSettings) -> list[ManagerLoad]:
    """Each manager's working list against his cap, what waits for triage, what has no next step."""
    # One grouped query over the companies in work (a small part of the base), not a join of
    # every manager with every company he ever owned.
    stats = {
        row["owner"]: row
        for row in Company.objects.filter(
            section="", state__in=config.current().working, owner__in=managers
        )
        .values("owner")
        .annotate(
            in_work=Count("pk"),
            to_triage=Count("pk", filter=Q(triage_since__isnull=False)),
            oldest_triage=Min("triage_since"),
            no_next_step=Count(
                "pk",
                filter=~Q(
                    Exists(Activity.objects.filter(company=OuterRef("pk"), done_at__isnull=True))
                ),
            ),
        )
    }
    blocked_cutoff = rules.triage_block_date(today, settings.triage_grace_days)
    load = []
    for manager in managers:
        row: Mapping[str, Any] = stats.get(manager.pk, {})
        oldest = row.get("oldest_triage")
        load.append(
            ManagerLoad(
                manager=manager,
                in_work=row.get("in_work", 0),
                cap=cap_of(manager, settings),
                to_triage=row.get("to_triage", 0),
                blocked=oldest is not None and oldest < blocked_cutoff,
                no_next_step=row.get("no_next_step", 0),
            )
        )
    return load


def reassignment_with_suggestions(viewer: User, load: list[ManagerLoad]) -> list[Company]:
    """The companies waiting for a new owner, each with the most free manager of its department
    (`suggested_id`, METHOD: reassignment)."""
    candidates = [
        rules.Candidate(
            user_id=row.manager.pk,
            department_id=row.manager.department_id,
            working_list_size=row.in_work,
            cap=row.cap,
        )
        for row in load
    ]
    queue = list(reassignment_queue(viewer)[:200])
    for company in queue:
        # The queue holds companies in work, which always have an owner.
        company.suggested_id = rules.suggest_new_owner(  # type: ignore[attr-defined]
            candidates,
            department_id=company.owner.department_id,  # type: ignore[union-attr]
            excluded_user_ids=[company.owner_id],  # type: ignore[list-item]
        )
    return queue


def companies_by_state(user_ids: list[int] | None) -> list[tuple[str, int]]:
    """Companies in work by the algorithm's states, in its order (METHOD 2): the funnel."""
    algorithm = config.current()
    companies = Company.objects.filter(state__in=algorithm.board)
    if user_ids is not None:
        companies = companies.filter(owner__in=user_ids)
    counts = dict(companies.values_list("state").annotate(n=Count("pk")).order_by())
    return [(algorithm.label(state), counts.get(state, 0)) for state in algorithm.board]


def due_soon(activities: QuerySet[Activity], now: datetime) -> QuerySet[Activity]:
    """The activities without a date or due before this time tomorrow."""
    return activities.filter(Q(due_at__isnull=True) | Q(due_at__lt=now + timedelta(days=1)))
