"""The reads behind home, My work, the board, the call-round, Control and plan against fact.

Each page asks a fixed number of queries whatever the number of companies and managers."""

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otdel.algorithm import rules as algorithm_rules
from otdel.algorithm.models import (
    MEETING_KINDS,
    Activity,
    ActivityKind,
    RuleSettings,
    StageChecklist,
)
from otdel.algorithm.selectors import cap_of, in_work, with_next_step, working_list
from otdel.base.models import Company, Contact, Phone
from otdel.billing.selectors import OUTSTANDING, overdue_invoices
from otdel.deals.models import Deal
from otdel.deals.selectors import AWAITING, with_paper_facts
from otdel.org.models import Position, User
from otdel.org.selectors import assignable_owners
from otdel.plans.models import Metric
from otdel.plans.selectors import current_progress
from otdel.stages import config
from otdel.stages.config import StageInfo

from . import rules
from .models import WorkingListReview


def working_rows(user: User, today: date) -> list[Company]:
    """The working list with days left and next step; at most the cap in rows, one query."""
    companies = list(
        with_next_step(working_list(user))
        .select_related("category")
        .order_by("work_deadline", "pk")
    )
    deal = config.current().deal
    for company in companies:
        company.days_left = algorithm_rules.work_days_left(  # type: ignore[attr-defined]
            company.work_deadline, today, deal_stopped=company.state in deal
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


# The companies of a working list that need the head (issue 16), each the list behind one
# figure of Control: base's company list filters by them (`attention`, registered in apps.py).
def _open_step(**due: Any) -> Exists:
    return Exists(Activity.objects.filter(company=OuterRef("pk"), done_at__isnull=True, **due))


def has_decision_maker() -> Exists:
    return Exists(
        Contact.objects.filter(
            company=OuterRef("pk"), is_decision_maker=True, archived_at__isnull=True
        )
    )


def _has_phone() -> Exists:
    return Exists(Phone.objects.filter(company=OuterRef("pk")))


def data_facts() -> dict[str, Any]:
    """Which of rules.DATA_FIELDS a company has, as annotations named after them."""
    return {
        "tax_id": ~Q(tax_id=""),
        "phone": _has_phone(),
        "decision_maker": has_decision_maker(),
        "category": Q(category__isnull=False),
        "segment": Q(segment__isnull=False),
        "size": ~Q(size_tag=""),
    }


def attention() -> dict[str, tuple[object, Callable[[], Q]]]:
    """name -> (label, the condition on a company): the lists behind Control's figures."""
    return {
        "working_list": (_("in the working list"), in_work),
        "untriaged": (
            _("time is up, not triaged"),
            lambda: in_work() & Q(triage_since__isnull=False),
        ),
        "overdue_step": (
            _("next step overdue"),
            lambda: in_work() & Q(_open_step(due_at__lt=timezone.now())),
        ),
        "no_next_step": (_("no next step"), lambda: in_work() & ~Q(_open_step())),
        "no_decision_maker": (_("no decision maker"), lambda: in_work() & ~Q(has_decision_maker())),
        "incomplete": (_("data incomplete"), _incomplete),
    }


def _incomplete() -> Q:
    facts = (fact if isinstance(fact, Q) else Q(fact) for fact in data_facts().values())
    return in_work() & ~Q(*facts)


class ControlRow(NamedTuple):
    """One manager's line on Control: his figures, which of them call for the head, what his
    clients owe overdue by currency, his plan line, his last working-list review."""

    manager: User
    figures: rules.Figures
    alerts: list[str]
    blocked: bool
    owed: list[tuple[str, Decimal]]
    plan_line: tuple[int, int] | None  # (plan, line) of the plan in force today
    last_review: datetime | None


def control_rows(viewer: User, managers: list[User], today: date) -> list[ControlRow]:
    """Each manager's figures, worst first (rules.severity); a fixed number of queries."""
    settings = RuleSettings.load()
    companies = _company_figures(managers)
    deals = {
        row["owner"]: row
        for row in with_paper_facts(Deal.objects.filter(owner__in=managers))
        .values("owner")
        .annotate(
            awaiting_invoice=Count("pk", filter=AWAITING["invoice"]),
            awaiting_payment=Count("pk", filter=AWAITING["payment"]),
        )
        .order_by()
    }
    overdue: dict[int, list[tuple[str, Decimal]]] = {}
    overdue_count: dict[int, int] = {}
    for row in (
        overdue_invoices(viewer, today)
        .filter(deal__owner__in=managers)
        .order_by()
        .values("deal__owner", "currency")
        .annotate(n=Count("pk"), owed=Sum(OUTSTANDING))
        .order_by("currency")
    ):
        owner = row["deal__owner"]
        overdue.setdefault(owner, []).append((row["currency"], row["owed"]))
        overdue_count[owner] = overdue_count.get(owner, 0) + row["n"]
    # The pace is of the managers' own lines, in money only: a year plan's every line and
    # metric would cost seconds (bench/plans.py), and Control shows just this.
    plan, lines = current_progress(viewer, today, metrics=(Metric.REVENUE,), managers_only=True)
    pace = {line.line.user_id: line for line in lines if line.metrics[Metric.REVENUE].plan > 0}
    reviews = dict(
        WorkingListReview.objects.filter(manager__in=managers)
        .values("manager")
        .annotate(last=Max("done_at"))
        .values_list("manager", "last")
    )
    blocked_cutoff = algorithm_rules.triage_block_date(today, settings.triage_grace_days)
    rows = []
    for manager in managers:
        counts: Mapping[str, Any] = companies.get(manager.pk, {})
        deal_counts: Mapping[str, Any] = deals.get(manager.pk, {})
        progress = pace.get(manager.pk)
        figures = rules.Figures(
            in_work=counts.get("in_work", 0),
            cap=cap_of(manager, settings),
            untriaged=counts.get("untriaged", 0),
            overdue_steps=counts.get("overdue_step", 0),
            no_next_step=counts.get("no_next_step", 0),
            awaiting_invoice=deal_counts.get("awaiting_invoice", 0),
            awaiting_payment=deal_counts.get("awaiting_payment", 0),
            overdue_invoices=overdue_count.get(manager.pk, 0),
            pace=progress.metrics[Metric.REVENUE].percent_of_pace if progress else None,
        )
        oldest = counts.get("oldest_triage")
        rows.append(
            ControlRow(
                manager=manager,
                figures=figures,
                alerts=rules.alerts(figures),
                blocked=oldest is not None and oldest < blocked_cutoff,
                owed=overdue.get(manager.pk, []),
                plan_line=(plan.pk, progress.line.pk) if plan and progress else None,
                last_review=reviews.get(manager.pk),
            )
        )
    rows.sort(key=lambda row: (str(row.manager.department), row.manager.last_name))
    rows.sort(key=lambda row: rules.severity(row.figures), reverse=True)
    return rows


def _company_figures(managers: list[User]) -> dict[int, Mapping[str, Any]]:
    """Per manager, the number of his companies in each list of `attention` but the incomplete
    (the review's): one grouped query over the companies in work, a small part of the base."""
    conditions = attention()
    return {
        row["owner"]: row
        for row in Company.objects.filter(conditions["working_list"][1](), owner__in=managers)
        .values("owner")
        .annotate(
            in_work=Count("pk"),
            oldest_triage=Min("triage_since"),
            **{
                name: Count("pk", filter=conditions[name][1]())
                for name in ("untriaged", "overdue_step", "no_next_step")
            },
        )
        .order_by()
    }


def reassignment_with_suggestions(
    viewer: User, rows: list[ControlRow], page: Sequence[Company]
) -> Sequence[Company]:
    """A page of the companies waiting for a new owner (algorithm.selectors.reassignment_queue),
    each with the most free manager of its department (`suggested_id`, METHOD: reassignment)."""
    candidates = [
        algorithm_rules.Candidate(
            user_id=row.manager.pk,
            department_id=row.manager.department_id,
            working_list_size=row.figures.in_work,
            cap=row.figures.cap,
        )
        for row in rows
    ]
    for company in page:
        # The queue holds companies in work, which always have an owner.
        company.suggested_id = algorithm_rules.suggest_new_owner(  # type: ignore[attr-defined]
            candidates,
            department_id=company.owner.department_id,  # type: ignore[union-attr]
            excluded_user_ids=[company.owner_id],  # type: ignore[list-item]
        )
    return page


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


# Meetings held this many days back are checked for their preparation.
REVIEW_DAYS = 30


class Review(NamedTuple):
    """What the head reads to review a manager's working list (METHOD 8): the companies whose
    data is incomplete with the fields they lack, the completeness score of the whole list,
    and where the algorithm was not followed."""

    manager: User
    incomplete: list[tuple[Company, list[str]]]
    completeness: int
    no_decision_maker: int
    late_repeats: Sequence[Company]
    unprepared: list[tuple[Activity, list[str]]]
    skipped_checklists: list[tuple[StageChecklist, list[str]]]
    history: QuerySet[WorkingListReview]

    @property
    def findings(self) -> dict[str, int]:
        return {
            "incomplete": len(self.incomplete),
            "no_decision_maker": self.no_decision_maker,
            "late_repeats": len(self.late_repeats),
            "unprepared": len(self.unprepared),
            "skipped_checklists": len(self.skipped_checklists),
        }


def reviewable_managers(viewer: User) -> QuerySet[User]:
    """The managers whose working lists the viewer reviews: his own team's (none for a
    manager)."""
    if not viewer.leads_people:
        return User.objects.none()
    return assignable_owners(viewer)


def access_review(viewer: User, manager_id: int) -> tuple[User, bool]:
    """The manager whose review the viewer opens, and whether he may mark it done: the head
    of the manager's team may; the manager himself only reads it; to anyone else it does not
    exist (404)."""
    if manager_id == viewer.pk and not viewer.leads_people:
        return viewer, False
    manager = reviewable_managers(viewer).filter(pk=manager_id).first()
    if manager is None:
        raise Http404("No such manager")
    return manager, True


def _meeting_at(kind: str, field: str) -> Subquery:
    return Subquery(
        Activity.objects.filter(company=OuterRef("pk"), kind=kind)
        .exclude(**{f"{field}__isnull": True})
        .order_by(field, "pk")
        .values(field)[:1]
    )


def review_of(manager: User, today: date) -> Review:
    """The review of the manager's working list; five queries whatever its size (a working list
    is bounded by the cap, so its companies are read whole)."""
    companies = list(
        Company.objects.filter(in_work(), owner=manager)
        .annotate(
            **{f"has_{name}": fact for name, fact in data_facts().items()},
            first_held=_meeting_at(ActivityKind.FIRST_MEETING, "done_at"),
            repeat_held=_meeting_at(ActivityKind.REPEAT_MEETING, "done_at"),
            repeat_due=_meeting_at(ActivityKind.REPEAT_MEETING, "due_at"),
        )
        .order_by("search_name", "pk")
    )
    labels = rules.DATA_FIELDS
    missing = {
        company.pk: rules.missing_data(
            {name: getattr(company, f"has_{name}") for name in rules.DATA_FIELDS}
        )
        for company in companies
    }
    late = [
        company
        for company in companies
        if company.first_held
        and rules.repeat_meeting_late(
            company.first_held, company.repeat_held or company.repeat_due, today
        )
    ]
    checklist = RuleSettings.load().meeting_checklist_items
    since = timezone.now() - timedelta(days=REVIEW_DAYS)
    meetings = (
        Activity.objects.filter(
            assignee=manager, kind__in=MEETING_KINDS, done_at__gte=since, company__owner=manager
        )
        .select_related("company")
        .order_by("-done_at", "-pk")[:200]
    )
    unprepared = [
        (meeting, skipped)
        for meeting in meetings
        if (skipped := rules.preparation_skipped(meeting.prepared, checklist))
    ]
    left = StageChecklist.objects.filter(left_owner=manager, left_at__gte=since).select_related(
        "company"
    )
    return Review(
        manager=manager,
        incomplete=[
            (company, [str(labels[name]) for name in missing[company.pk]])
            for company in companies
            if missing[company.pk]
        ],
        completeness=rules.completeness(missing.values()),
        no_decision_maker=sum("decision_maker" in m for m in missing.values()),
        late_repeats=late,
        unprepared=unprepared,
        skipped_checklists=rules.checklists_skipped(
            ((row, row.left_at, row.missing) for row in left), since
        ),
        history=WorkingListReview.objects.filter(manager=manager).select_related("reviewer"),
    )
