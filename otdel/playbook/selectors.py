"""Reads of the playbook: the scripts of a stage, the objection search (one selector for the
library page and the company panel), who sees which answer uses and drills, and the report of
which answers win."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils import timezone

from otdel.algorithm.models import Activity, ActivityKind
from otdel.base.models import Company
from otdel.base.selectors import can_edit_company
from otdel.org.models import Department, User
from otdel.org.rules import Scope
from otdel.org.selectors import led_departments, scope_of_user
from otdel.stages import config
from otdel.stages.models import StageKind
from otdel.web import PagePart

from . import rules
from .models import Answer, AnswerUse, CallStandard, Drill, Objection, Script, Worked

PANEL_OBJECTIONS = 5
SEARCH_LIMIT = 20


def call_standard() -> CallStandard:
    return CallStandard.objects.filter(pk=1).first() or CallStandard(pk=1)


def scripts_of_stage(state: str) -> QuerySet[Script]:
    return Script.objects.filter(state=state).order_by("call_kind")


def search_objections(query: str, *, state: str = "") -> QuerySet[Objection]:
    """The objections whose words match the query by the rule of rules.py (all of them when
    nothing is typed, none when nothing searchable is), those that come up at `state` first,
    each with its answers in their order."""
    objections = Objection.objects.all()
    stems = rules.search_stems(query)
    if query.strip() and not stems:
        return objections.none()
    if stems:
        if connection.vendor == "postgresql":
            # The expression of the GIN index of the initial migration, so that the index answers.
            objections = objections.alias(
                vector=SearchVector("search_text", config="simple")
            ).filter(vector=SearchQuery(rules.tsquery(stems), search_type="raw", config="simple"))
        else:
            for found in stems:
                objections = objections.filter(search_text__contains=f" {found}")
    # The stage's own first, then those of any stage, then those of other stages.
    own = (
        Case(
            When(states__contains=f",{state},", then=Value(0)),
            When(states="", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        if state
        else Value(1, output_field=IntegerField())
    )
    return (
        objections.annotate(own=own)
        .order_by("own", "words", "pk")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("position", "pk")))
    )


def panel_part(user: User, company: Company) -> dict[str, Any]:
    """What the company panel shows beside the call form: the scripts of the company's stage,
    the cold-call standard for a company not yet reached, the stage's own objections, and
    whether the reader may mark an answer he used."""
    return {
        "company": company,
        "scripts": list(scripts_of_stage(company.state)),
        "standard": call_standard()
        if config.current().kind_of(company.state) == StageKind.NEW
        else None,
        "objections": list(search_objections("", state=company.state)[:PANEL_OBJECTIONS]),
        "can_mark": can_edit_company(user, company),
        "worked_choices": Worked.choices,
    }


def call_to_link(user: User, company: Company, now: datetime) -> Activity | None:
    """The call an answer marked now was used in: the reader's latest call with the company
    logged today, if any (the panel's mark is made right after logging it)."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Activity.objects.filter(
            company=company,
            kind=ActivityKind.CALL,
            assignee=user,
            done_at__gte=start,
            done_at__lte=now,
        )
        .order_by("-done_at", "-pk")
        .first()
    )


def visible_uses(user: User) -> QuerySet[AnswerUse]:
    """Whose answer uses the user reads: everyone's for the whole base's leaders, a department
    head his departments' and his own, anyone else his own."""
    uses = AnswerUse.objects.all()
    if not user.is_authenticated or not user.is_active:
        return uses.none()
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return uses
    if scope is Scope.DEPARTMENT:
        return uses.filter(Q(user__department__in=led_departments(user)) | Q(user=user))
    return uses.filter(user=user)


@dataclass(frozen=True)
class AnswerFigures:
    uses: int
    worked: int
    not_worked: int

    @property
    def share(self) -> Decimal | None:
        return rules.share_worked(self.worked, self.not_worked)

    @property
    def known(self) -> int:
        """The uses whose outcome is known: those the share is of."""
        return self.worked + self.not_worked

    @property
    def rank(self) -> float | None:
        return rules.rank_worked(self.worked, self.not_worked)


def _counted(uses: QuerySet[AnswerUse], *group: str) -> QuerySet:
    return uses.values(*group).annotate(
        total=Count("pk"),
        yes=Count("pk", filter=Q(worked=Worked.YES)),
        no=Count("pk", filter=Q(worked=Worked.NO)),
    )


def answer_figures(user: User, answers: list[Answer]) -> dict[int, AnswerFigures]:
    """The uses of each answer the user may read of, in one query."""
    rows = _counted(visible_uses(user).filter(answer__in=[a.pk for a in answers]), "answer")
    return {r["answer"]: AnswerFigures(r["total"], r["yes"], r["no"]) for r in rows}


@dataclass
class ReportRow:
    answer: Answer
    figures: AnswerFigures
    departments: list[tuple[str, AnswerFigures]]


def answers_report(user: User) -> list[ReportRow]:
    """Which answers win: each used answer with its uses and the share that worked, the best
    first (by the share it surely reaches for so many known uses, rules.rank_worked: one lucky
    use does not rank above many good ones), and for those who lead people the same by the department of the manager who used
    it. Three queries whatever the data."""
    counted = list(_counted(visible_uses(user), "answer", "user__department"))
    answers = Answer.objects.select_related("objection").in_bulk({r["answer"] for r in counted})
    departments = dict(Department.objects.values_list("pk", "name"))
    totals: dict[int, list[int]] = {}
    by_department: dict[int, list[tuple[str, AnswerFigures]]] = {}
    for r in counted:
        total = totals.setdefault(r["answer"], [0, 0, 0])
        total[0] += r["total"]
        total[1] += r["yes"]
        total[2] += r["no"]
        name = departments.get(r["user__department"], "—")
        by_department.setdefault(r["answer"], []).append(
            (name, AnswerFigures(r["total"], r["yes"], r["no"]))
        )
    rows = [
        ReportRow(
            answer=answers[pk],
            figures=AnswerFigures(*total),
            departments=sorted(by_department[pk]) if user.leads_people else [],
        )
        for pk, total in totals.items()
    ]
    rows.sort(
        key=lambda row: (
            -(row.figures.rank if row.figures.rank is not None else -1.0),
            -row.figures.uses,
            row.answer.pk,
        )
    )
    return rows


def work_part(request: HttpRequest) -> PagePart | None:
    """The drills given to him and not answered yet, on My work."""
    assert isinstance(request.user, User)  # My work is behind the login
    waiting = Drill.objects.filter(manager=request.user, answered_at__isnull=True).select_related(
        "objection"
    )[:20]
    return PagePart("playbook/_work_part.html", {"drills": waiting}) if waiting else None


def visible_drills(user: User) -> QuerySet[Drill]:
    """A manager sees his own drills; a department head his departments' people's; the whole
    base's leaders everyone's."""
    drills = Drill.objects.select_related("objection", "manager", "trainer", "scored_by")
    if not user.is_authenticated or not user.is_active:
        return drills.none()
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return drills
    if scope is Scope.DEPARTMENT:
        return drills.filter(Q(manager__department__in=led_departments(user)) | Q(manager=user))
    return drills.filter(manager=user)


def access_drill(user: User, pk: int) -> Drill:
    drill = visible_drills(user).filter(pk=pk).first()
    if drill is None:
        raise Http404("No such drill")
    return drill


def trains(user: User, manager: User) -> bool:
    """Whether the user drills and scores this manager: a leader of the whole base, or the head
    of the manager's department; never the manager himself."""
    if manager.pk == user.pk:
        return False
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return True
    return (
        scope is Scope.DEPARTMENT
        and manager.department_id is not None
        and led_departments(user).filter(pk=manager.department_id).exists()
    )


def drilled_managers(user: User) -> QuerySet[User]:
    """The managers the user may give a drill to."""
    users = User.objects.filter(is_active=True).exclude(pk=user.pk).select_related("department")
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return users.filter(department__isnull=False)
    if scope is Scope.DEPARTMENT:
        return users.filter(department__in=led_departments(user))
    return users.none()


@dataclass(frozen=True)
class TrainingRecord:
    manager: User
    drills: list[Drill]
    average: Decimal | None


def training_record(user: User, manager: User) -> TrainingRecord:
    """The manager's scored drills, as the user may see them, and their average."""
    drills = list(
        visible_drills(user)
        .filter(manager=manager, score__isnull=False)
        .order_by("-scored_at", "-pk")
    )
    return TrainingRecord(manager, drills, rules.average_score(d.score or 0 for d in drills))


def record_part(person: User) -> dict[str, Any]:
    """The person's scored drills on his training record (the record's page decides who reads
    it)."""
    drills = list(
        Drill.objects.filter(manager=person, score__isnull=False)
        .select_related("objection", "trainer")
        .order_by("-scored_at", "-pk")[:20]
    )
    return {"drills": drills, "average": rules.average_score(d.score or 0 for d in drills)}
