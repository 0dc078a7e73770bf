"""The algorithm's write paths: claim, assign, triage, move along the states, record activities
and log a call (all of them at once).

Each takes the manager's row lock before counting his working list, so two claims at his last
free place cannot both pass (on PostgreSQL the second waits for the first; SQLite writes one at a
time anyway). Every change of owner, section or state is written by base.services, with history.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from otdel.base import services as base_services
from otdel.base.models import Company, Section
from otdel.base.selectors import editable_companies, visible_companies
from otdel.days import day
from otdel.org.models import SettingsSection, User
from otdel.org.rules import sells
from otdel.org.selectors import task_assignees
from otdel.org.services import settings_change_record, settings_row_save
from otdel.refusal import RuleRefused
from otdel.stages import config
from otdel.stages.models import Stage, StageKind, Transition

from . import rules, selectors
from .models import (
    Activity,
    ActivityKind,
    AlgorithmVersion,
    PlaybookStep,
    ReclaimBlock,
    RefusalReason,
    RuleSettings,
    StageChecklist,
)


@dataclass(frozen=True)
class DealPapers:
    """How the deal stages read a company's deals (METHOD 3). The deals app, a layer above,
    hands them in from its AppConfig.ready(), so the algorithm names no app above it."""

    under_way: Callable[[int], bool]  # an invoice issued on an open deal
    at_the_deal_stage: Callable[[Company], bool]  # as Settings → Rules of the method say
    deal_stage_condition: Callable[[], str]  # that condition in words
    won: Callable[[Company], bool]


_deal_papers: list[DealPapers] = []


def register_deal_papers(papers: DealPapers) -> None:
    _deal_papers[:] = [papers]


class Outcome:
    """Where an expired company goes (METHOD 4): archive, follow-up, non-core, or the deal
    stage when a deal is under way (an invoice issued on an open deal)."""

    STRATEGIC_ARCHIVE = "strategic_archive"
    FOLLOW_UP = "follow_up"
    NON_CORE = "non_core"
    WON = "won"
    ALL = (STRATEGIC_ARCHIVE, FOLLOW_UP, NON_CORE, WON)


@dataclass(frozen=True)
class _Target:
    section: str
    stage_kind: str


_OUTCOME_TARGETS = {
    Outcome.STRATEGIC_ARCHIVE: _Target(Section.STRATEGIC_ARCHIVE, StageKind.RESERVE),
    Outcome.FOLLOW_UP: _Target(Section.REFUSAL_FOLLOW_UP, StageKind.REFUSAL),
    Outcome.NON_CORE: _Target(Section.HARD_REFUSAL, StageKind.REFUSAL),
    Outcome.WON: _Target("", StageKind.DEAL),
}

_OUTCOME_OF_SECTION: dict[str, str] = {
    Section.STRATEGIC_ARCHIVE: Outcome.STRATEGIC_ARCHIVE,
    Section.REFUSAL_FOLLOW_UP: Outcome.FOLLOW_UP,
    Section.HARD_REFUSAL: Outcome.NON_CORE,
}

_CLOCKS_CLEARED = {
    "claimed_at": None,
    "work_deadline": None,
    "deadline_warned_on": None,
    "triage_since": None,
    "reassign_due_since": None,
    "call_round_since": None,
}


def _today() -> date:
    return timezone.localdate()


def _lock_manager(manager: User) -> User:
    return (
        User.objects.select_related("department").select_for_update(of=("self",)).get(pk=manager.pk)
    )


def _check_cap(manager: User, settings: RuleSettings) -> None:
    size = selectors.working_list_size(manager)
    cap = selectors.cap_of(manager, settings)
    if rules.cap_reached(size, cap):
        raise RuleRefused(
            _("%(manager)s's working list is full: %(size)s of %(cap)s companies.")
            % {"manager": manager, "size": size, "cap": cap}
        )


def _check_cooldown(company: Company, manager: User, today: date) -> None:
    until = selectors.reclaim_blocked_until(company, manager, today)
    if until:
        raise RuleRefused(
            _("This company was taken from %(manager)s; he may take it back after %(date)s.")
            % {"manager": manager, "date": day(until)}
        )


def _deadline_for(company: Company, claimed_on: date, settings: RuleSettings) -> date:
    category_days = company.category.work_days if company.category else None
    return rules.work_deadline(claimed_on, category_days or settings.work_days)


def _start_work(
    company: Company,
    manager: User,
    settings: RuleSettings,
    *,
    acting_user: User | None,
    reason: str,
    rule: str,
) -> Company:
    """Put a locked company into the manager's working list with a fresh deadline, with the
    steps its previous owner left undone: the working list shows the company's next step, which
    the new owner must be able to do or move."""
    now = timezone.now()
    previous = company.owner_id
    owner_changes = previous != manager.pk
    base_services.company_reassign(
        company=company, new_owner=manager, acting_user=acting_user, reason=reason, rule=rule
    )
    if owner_changes and previous is not None:
        open_steps_hand_over(company, previous, manager)
    base_services.company_move_to_section(
        company=company, section="", acting_user=acting_user, reason=reason, rule=rule
    )
    updates: dict[str, Any] = {
        **_CLOCKS_CLEARED,
        "claimed_at": now,
        "work_deadline": _deadline_for(company, timezone.localdate(now), settings),
    }
    if owner_changes or company.owned_since is None:
        updates["owned_since"] = now
    Company.objects.filter(pk=company.pk).update(**updates)
    company.refresh_from_db()
    return company


def open_steps_hand_over(company: Company, previous_id: int, owner: User) -> int:
    """The steps the company's previous owner planned with it and did not do become its new
    owner's (a reassignment, a client handed to a farmer). Returns how many."""
    return Activity.objects.filter(company=company, assignee_id=previous_id, done_at=None).update(
        assignee=owner
    )


@transaction.atomic
def company_claim(*, company: Company | int, manager: User) -> Company:
    """A manager takes a company from "to call" (or his department's call-round) into work."""
    settings = RuleSettings.load()
    today = _today()
    manager = _lock_manager(manager)
    locked = base_services.lock_company(company, "owner", "category")
    if not selectors.claimable_by(locked, manager):
        raise RuleRefused(_("This company is not free to take: it is already in someone's work."))
    blocked_since = selectors.blocks_claims_since(manager, today, settings)
    if blocked_since:
        raise RuleRefused(
            _("First triage the companies whose time ran out (waiting since %(date)s).")
            % {"date": day(blocked_since)}
        )
    _check_cooldown(locked, manager, today)
    _check_cap(manager, settings)
    return _start_work(locked, manager, settings, acting_user=manager, reason="", rule="claim")


@transaction.atomic
def company_assign(
    *, company: Company | int, manager: User, acting_user: User, reason: str = ""
) -> Company:
    """The head gives a company to a manager; the cap holds here too.

    When the company sits in the reassignment queue (the three-month rule), the previous
    owner may not take it back for the cool-down days.
    """
    settings = RuleSettings.load()
    today = _today()
    manager = _lock_manager(manager)
    locked = base_services.lock_company(company, "owner", "category")
    previous = locked.owner
    if previous is not None and previous.pk == manager.pk:
        raise RuleRefused(_("%(manager)s already owns this company.") % {"manager": manager})
    _check_cooldown(locked, manager, today)
    _check_cap(manager, settings)
    three_month_rule = locked.reassign_due_since is not None
    _start_work(
        locked,
        manager,
        settings,
        acting_user=acting_user,
        reason=reason,
        rule="three_month_rule" if three_month_rule else "",
    )
    if three_month_rule and previous is not None:
        ReclaimBlock.objects.update_or_create(
            company=locked,
            user=previous,
            defaults={"until": rules.cooldown_until(today, settings.reclaim_cooldown_days)},
        )
    return locked


class Placed:
    WORKING_LIST = "working_list"
    TO_CALL = "to_call"
    ALL = (WORKING_LIST, TO_CALL)


@dataclass(frozen=True)
class Placement:
    """Where a company made by hand went, and why not into work when it did not."""

    company: Company
    placed: str
    note: str = ""


@transaction.atomic
def company_create_by_hand(
    *,
    company: Company,
    acting_user: User,
    owner: User | None = None,
    phones: Sequence[str] = (),
    emails: Sequence[str] = (),
    product_groups: Iterable[Any] | None = None,
) -> Placement:
    """A company typed in by hand enters like any claim (METHOD 4): into the working list of the
    manager who made it while his cap allows, with its deadline and ownership date; a head's
    choice of owner goes through assignment. Otherwise, and for those who do not sell, it is
    saved into "to call" with nobody's name, and the placement says why."""
    company.owner = None
    company.section = Section.TO_CALL
    company.state = config.current().first(StageKind.NEW)
    base_services.company_create(
        company=company,
        acting_user=acting_user,
        phones=phones,
        emails=emails,
        product_groups=product_groups,
    )
    if owner is None and not sells(acting_user.position):
        return Placement(company, Placed.TO_CALL)
    try:
        if owner is None or owner.pk == acting_user.pk:
            company_claim(company=company, manager=acting_user)
        else:
            company_assign(company=company, manager=owner, acting_user=acting_user)
    except RuleRefused as error:
        return Placement(company, Placed.TO_CALL, str(error))
    company.refresh_from_db()
    return Placement(company, Placed.WORKING_LIST)


@transaction.atomic
def company_triage(
    *,
    company: Company | int,
    outcome: str,
    acting_user: User,
    reason: str = "",
    reactivation_date: date | None = None,
    refusal_reason: RefusalReason | None = None,
) -> Company:
    """Move an expired (or any working) company out of active work, or mark it won.

    A refusal reason decides the section (METHOD 3: non-core -> hard refusal; no money,
    crisis -> refusal with follow-up) and is written into the history.
    """
    if refusal_reason is not None:
        outcome = _OUTCOME_OF_SECTION[refusal_reason.section]
        reason = f"{refusal_reason.name}: {reason}" if reason.strip() else refusal_reason.name
    if outcome not in Outcome.ALL:
        raise RuleRefused(_("Unknown triage outcome."), field="outcome")
    if not reason.strip():
        raise RuleRefused(
            _("Write the reason: every triage keeps why the company went there."), field="reason"
        )
    today = _today()
    if outcome == Outcome.FOLLOW_UP and (reactivation_date is None or reactivation_date <= today):
        raise RuleRefused(
            _("A refusal with follow-up needs a reactivation date in the future."),
            field="reactivation_date",
        )
    locked = base_services.lock_company(company)
    if locked.owner_id is None:
        raise RuleRefused(_("Nobody works this company: take it into work first."))
    # METHOD 4 lets triage keep a company whose deal is under way: an invoice is issued, even
    # where the rules of the method start the deal stage only on the payment.
    if outcome == Outcome.WON and not _deal_papers[0].under_way(locked.pk):
        raise RuleRefused(
            _("“A deal is under way” needs an invoice issued on an open deal of the company."),
            field="outcome",
        )
    target = _OUTCOME_TARGETS[outcome]
    state = config.current().first(target.stage_kind)
    base_services.company_set_state(
        company=locked, state=state, acting_user=acting_user, reason=reason, rule="triage"
    )
    base_services.company_move_to_section(
        company=locked,
        section=target.section,
        acting_user=acting_user,
        reason=reason,
        rule="triage",
    )
    updates: dict[str, Any] = {"triage_since": None, "deadline_warned_on": None}
    if outcome != Outcome.WON:
        updates = {**_CLOCKS_CLEARED, "reactivation_date": reactivation_date}
    Company.objects.filter(pk=locked.pk).update(**updates)
    locked.refresh_from_db()
    return locked


@dataclass(frozen=True)
class RowResult:
    """One ticked row of a bulk action: done, or refused with the rule's own message."""

    company_id: int
    name: str
    done: bool
    message: str = ""


@transaction.atomic
def companies_bulk(
    *,
    action: str,
    companies: Sequence[int],
    acting_user: User,
    manager: User | None = None,
    triage: dict[str, Any] | None = None,
) -> list[RowResult]:
    """Claim, assign or move to a section each ticked company, in the order given, through the
    very service of the one-by-one action (company_claim, company_assign, company_triage), each
    in its own savepoint: a refused row changes nothing and the others go on. A claim over the
    working-list cap takes companies up to the cap and reports the rest with the cap's message.
    """
    if action not in selectors.bulk_actions_for(acting_user):
        raise RuleRefused(_("Your position does not allow this action."))
    triage = triage or {}
    act: Callable[..., Company]
    if action == selectors.BulkAction.CLAIM:
        act = partial(company_claim, manager=acting_user)
    elif action == selectors.BulkAction.ASSIGN:
        if manager is None:
            raise RuleRefused(_("Choose the manager to assign the companies to."))
        reason = triage.get("reason", "")
        act = partial(company_assign, manager=manager, acting_user=acting_user, reason=reason)
    else:
        act = partial(company_triage, acting_user=acting_user, **triage)
    # A claim takes what the user sees (a free company is nobody's); the others change it.
    reachable = visible_companies if action == selectors.BulkAction.CLAIM else editable_companies
    found = reachable(acting_user).in_bulk(list(companies))
    results = []
    for pk in dict.fromkeys(companies):
        company = found.get(pk)
        if company is None:
            refusal = _("No such company that you may change.")
            results.append(RowResult(pk, f"#{pk}", False, refusal))
            continue
        try:
            with transaction.atomic():
                act(company=company)
        except RuleRefused as error:
            results.append(RowResult(pk, company.display_name, False, str(error)))
        else:
            results.append(RowResult(pk, company.display_name, True))
    return results


def papers_missing(company: Company, kind: str | None) -> str | None:
    """Why the company may not move to a stage of this kind by hand, or None. The deal stages
    are reached by the deal's papers (METHOD 3): the deal stage and deal support by the
    invoice, contract or payment the rules of the method name; client by a deal closed with its
    closing documents signed."""
    if kind in (StageKind.DEAL, StageKind.SUPPORT):
        if not _deal_papers[0].at_the_deal_stage(company):
            return _(
                "A company reaches the deal stage when %(condition)s (Settings → Rules of the "
                "method): issue it from the company's deal."
            ) % {"condition": _deal_papers[0].deal_stage_condition()}
    elif kind == StageKind.CLIENT and not _deal_papers[0].won(company):
        return _(
            "A company becomes a client when its deal closes: paid, and the act or transfer "
            "document signed."
        )
    return None


@transaction.atomic
def company_move(*, company: Company | int, state: str, acting_user: User) -> Company:
    """A move along the algorithm (the kanban): only to an allowed next state, of a company
    someone works (a company in "to call" is claimed first)."""
    locked = base_services.lock_company(company)
    if locked.owner_id is None:
        raise RuleRefused(_("Nobody works this company: take it into work first."))
    algorithm = config.current()
    allowed = algorithm.moves.get(locked.state, ())
    if state != locked.state and state not in allowed:
        names = ", ".join(algorithm.label(s) for s in allowed) or "—"
        raise RuleRefused(
            _("From “%(state)s” a company can only move to: %(allowed)s.")
            % {"state": algorithm.label(locked.state), "allowed": names},
            field="state",
        )
    missing = papers_missing(locked, algorithm.kind_of(state))
    if missing:
        raise RuleRefused(missing, field="state")
    if state != locked.state:
        _stage_left(locked)
    base_services.company_set_state(company=locked, state=state, acting_user=acting_user)
    if state in algorithm.codes(StageKind.CLIENT):
        # A client leaves the working list and the clocks (METHOD 3, step 10).
        Company.objects.filter(pk=locked.pk).update(**_CLOCKS_CLEARED)
    elif state in algorithm.deal:
        Company.objects.filter(pk=locked.pk).update(triage_since=None, reassign_due_since=None)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def activity_plan(
    *,
    company: Company,
    kind: str,
    subject: str,
    due_at: datetime | None,
    assignee: User | None,
    acting_user: User,
) -> Activity:
    """Plan an activity with a company. A task goes only to those the user may set tasks for
    (METHOD 1: his own people, a matrix leader's managers); by default to the company's owner
    when he is one of them, else to the user himself. The company is locked first, as a
    reassignment locks it: the owner read here is not one it has just left."""
    company = base_services.lock_company(company, "owner")
    if not selectors.may_plan_activities(acting_user, company):
        raise RuleRefused(_("This company is read-only for you."))
    allowed = task_assignees(acting_user, company_owner_id=company.owner_id)
    if assignee is None:
        owner = company.owner
        assignee = owner if owner and allowed.filter(pk=owner.pk).exists() else acting_user
    elif not allowed.filter(pk=assignee.pk).exists():
        raise RuleRefused(_("You may not set tasks for %(user)s.") % {"user": assignee})
    return Activity.objects.create(
        company=company,
        kind=kind,
        subject=subject,
        due_at=due_at,
        assignee=assignee,
        author=acting_user,
    )


@transaction.atomic
def activity_complete(
    *,
    activity: Activity,
    result: str,
    acting_user: User,
    next_step: Activity | None,
    when: datetime | None = None,
) -> Activity:
    """Close an activity with its result; a company in active work must get its next step,
    which is its owner's (the user's, when nobody owns it)."""
    if not result.strip():
        raise RuleRefused(_("Write the result."), field="result")
    # The company first, as a reassignment locks it: its owner read here is the one the next
    # step goes to, not one it has just left.
    company = base_services.lock_company(activity.company_id, "owner")
    # Done once: closing it again would move its date into another month's activity KPI.
    if Activity.objects.select_for_update().filter(pk=activity.pk, done_at__isnull=False).exists():
        raise RuleRefused(_("This activity is done already."))
    in_work = company.owner is not None and (
        selectors.working_list(company.owner).filter(pk=company.pk).exists()
    )
    others_open = company.activities.filter(done_at__isnull=True).exclude(pk=activity.pk)
    if in_work and next_step is None and not others_open.exists():
        raise RuleRefused(
            _("A company in active work needs a next step with a date."), field="next_step"
        )
    done_at = when or timezone.now()
    settings = RuleSettings.load()
    if (
        activity.kind == ActivityKind.FIRST_MEETING
        and next_step is not None
        and next_step.kind == ActivityKind.REPEAT_MEETING
        and next_step.due_at is not None
        and not rules.repeat_meeting_in_time(
            done_at, next_step.due_at, settings.repeat_meeting_days
        )
    ):
        raise RuleRefused(
            _("The repeat meeting should be at most %(days)s days after the first (METHOD 3).")
            % {"days": settings.repeat_meeting_days},
            field="next_step",
        )
    activity.result = result
    activity.done_at = done_at
    activity.save(update_fields=["result", "done_at"])
    if next_step is not None:
        next_step.company = company
        next_step.author = acting_user
        next_step.assignee = company.owner or acting_user
        next_step.save()
    return activity


def moves_open(company: Company) -> list[config.StageInfo]:
    """The next stages the company may move to now: allowed by the algorithm, and for the deal
    stages with the papers they need (what the card and the call form offer)."""
    algorithm = config.current()
    return [
        stage
        for stage in (algorithm.stage(code) for code in algorithm.moves.get(company.state, ()))
        if stage and papers_missing(company, stage.kind) is None
    ]


def may_win(company: Company) -> bool:
    """Whether triage may put the company at the deal stage: it is not there yet and a deal is
    under way (an invoice issued on an open deal, METHOD 4)."""
    return company.state not in config.current().deal and _deal_papers[0].under_way(company.pk)


@dataclass(frozen=True)
class NextStep:
    kind: str
    subject: str
    due_at: datetime


@contextmanager
def _refusal_about(argument: str) -> Iterator[None]:
    """A composed service's refusal names the call's argument it is about, unless it names one
    of its own (they share the names: state, outcome, reactivation_date, result, next_step)."""
    try:
        yield
    except RuleRefused as error:
        error.field = error.field or argument
        raise


def _short(text: str, length: int) -> str:
    return Truncator(" ".join(text.split())).chars(length)


@transaction.atomic
def call_log(
    *,
    company: Company | int,
    result: str,
    acting_user: User,
    state: str = "",
    outcome: str = "",
    refusal_reason: RefusalReason | None = None,
    reactivation_date: date | None = None,
    next_step: NextStep | None = None,
    planned: Activity | None = None,
) -> Activity:
    """A call with a company in one step: its result, where the company goes (it stays at its
    stage, moves to an allowed next one, or leaves active work by triage: won or refused with
    a reason), and the next step, which a company still in work must have (METHOD 3, 4).

    Each part goes through its own service, so each refuses what it refuses alone; a refusal
    anywhere undoes the whole call. `planned` is the open call this one carries out; without
    it the call is recorded as a new activity. The call's result is the triage's reason."""
    if not result.strip():
        raise RuleRefused(_("Write the result."), field="result")
    if state and (outcome or refusal_reason):
        raise RuleRefused(_("Choose one outcome: a next stage or leaving work."), field="outcome")
    locked = base_services.lock_company(company, "owner")
    if locked.owner is None:
        raise RuleRefused(_("Nobody works this company: take it into work first."))
    if planned is not None and (
        planned.company_id != locked.pk or planned.kind != ActivityKind.CALL
    ):
        raise RuleRefused(_("Choose one of this company's planned calls."), field="planned")
    if state and state != locked.state:
        with _refusal_about("state"):
            company_move(company=locked, state=state, acting_user=acting_user)
    elif outcome or refusal_reason:
        with _refusal_about("outcome"):
            company_triage(
                company=locked,
                outcome=outcome,
                acting_user=acting_user,
                reason=_short(result, 300),
                reactivation_date=reactivation_date,
                refusal_reason=refusal_reason,
            )
    call = planned or Activity.objects.create(
        company=locked,
        kind=ActivityKind.CALL,
        subject=_short(result, 100),
        assignee=acting_user,
        author=acting_user,
    )
    step = None
    if next_step is not None:
        step = Activity(
            kind=next_step.kind,
            subject=next_step.subject,
            due_at=next_step.due_at,
        )
    with _refusal_about("next_step"):
        return activity_complete(
            activity=call, result=result, acting_user=acting_user, next_step=step
        )


def algorithm_snapshot(*, acting_user: User | None) -> AlgorithmVersion:
    """Keep the playbook, refusal reasons and limits as they are now, as a new version."""
    settings = RuleSettings.load()
    snapshot = {
        "playbook": list(
            PlaybookStep.objects.order_by("state").values(
                "state", "actions", "materials", "checklist", "script", "objections"
            )
        ),
        "refusal_reasons": list(
            RefusalReason.objects.order_by("name").values("name", "section", "active")
        ),
        "rules": {
            field.name: getattr(settings, field.name)
            for field in RuleSettings._meta.concrete_fields
            if field.name != "id"
        },
        "stages": list(Stage.objects.values("code", "kind", "name", "name_en", "position")),
        "moves": list(Transition.objects.values_list("source__code", "target__code")),
    }
    config.forget()
    with transaction.atomic():
        last = AlgorithmVersion.objects.select_for_update().order_by("-number").first()
        return AlgorithmVersion.objects.create(
            number=(last.number + 1) if last else 1, snapshot=snapshot, author=acting_user
        )


@transaction.atomic
def algorithm_apply_preset(*, name: str, acting_user: User | None) -> dict[str, int]:
    """Replace the stages and moves with a built-in template (METHOD 3's ten stages or the
    14-stage active-sales process). Companies in a stage the template lacks move to its first
    stage of the same kind, with history. Returns how many companies moved from each code."""
    from otdel.base.models import CompanyEvent

    from .presets import STAGE_PRESETS, install_stages

    if name not in STAGE_PRESETS:
        raise RuleRefused(_("Unknown template: %(name)s.") % {"name": name})
    old_kinds = dict(Stage.objects.values_list("code", "kind"))
    Transition.objects.all().delete()
    Stage.objects.all().delete()
    stages = install_stages(Stage, Transition, name)
    config.forget()
    algorithm = config.current()
    moved: dict[str, int] = {}
    for code, kind in old_kinds.items():
        if code in stages:
            continue
        kind_codes = algorithm.codes(kind)
        target = kind_codes[0] if kind_codes else algorithm.first(StageKind.NEW)
        moved[code] = base_services.record_and_update(
            Company.objects.filter(state=code),
            kind=CompanyEvent.Kind.STATE,
            rule="algorithm_template",
            acting_user=acting_user,
            old_value=F("state"),
            new_value=Value(target),
            updates={"state": target},
        )
    algorithm_snapshot(acting_user=acting_user)
    return moved


def _checklist_of(state: str) -> list[str]:
    step = PlaybookStep.objects.filter(state=state).first()
    return step.checklist_items if step else []


def _stage_left(company: Company) -> None:
    """The company leaves its stage: the checklist items not ticked are kept for the head's
    review (METHOD 8). The move itself is never refused for them."""
    checklist = _checklist_of(company.state)
    if not checklist:
        return
    row, _created = StageChecklist.objects.get_or_create(company=company, state=company.state)
    row.missing = rules.missing_items(row.done, checklist)
    row.left_at, row.left_owner_id = timezone.now(), company.owner_id
    row.save(update_fields=["missing", "left_at", "left_owner"])


@transaction.atomic
def stage_checklist_tick(
    *, company: Company | int, done_items: list[str], acting_user: User
) -> StageChecklist:
    """Tick the playbook checklist of the company's current stage; only items of that checklist
    are kept, in its order. Those who may change the company tick it."""
    company_id = company if isinstance(company, int) else company.pk
    if not editable_companies(acting_user).filter(pk=company_id).exists():
        raise RuleRefused(_("This company is read-only for you."))
    locked = base_services.lock_company(company_id)
    checklist = _checklist_of(locked.state)
    row, _created = StageChecklist.objects.get_or_create(company=locked, state=locked.state)
    ticked = set(done_items)
    row.done = [item for item in checklist if item in ticked]
    # Back in a stage it left before, the company works its checklist anew.
    row.missing, row.left_at, row.left_owner = [], None, None
    row.ticked_by, row.ticked_at = acting_user, timezone.now()
    row.save()
    return row


def activity_hand_over(duplicate_id: int, survivor_id: int) -> None:
    """A merged duplicate's activities, done and planned, continue on the survivor (called by
    base/services.py: company_merge, which holds both companies locked)."""
    Activity.objects.filter(company_id=duplicate_id).update(company_id=survivor_id)


def activity_prepare(*, activity: Activity, done_items: list[str]) -> Activity:
    """Tick the meeting preparation checklist; only items of the checklist are kept."""
    done = set(done_items)
    activity.prepared = [i for i in RuleSettings.load().meeting_checklist_items if i in done]
    activity.save(update_fields=["prepared"])
    return activity


def algorithm_install_defaults() -> None:
    """Make sure the method's stages, playbook and refusal reasons exist (a new or emptied
    database starts from METHOD's defaults)."""
    from .presets import install_playbook, install_stages

    install_stages(Stage, Transition)
    install_playbook(PlaybookStep, RefusalReason)
    config.forget()


@transaction.atomic
def rule_settings_update(*, changes: dict[str, Any], acting_user: User) -> RuleSettings:
    """The method's limits (METHOD 4), kept as a new version of the algorithm too."""
    settings = settings_row_save(
        row=RuleSettings.load(),
        changes=changes,
        section=SettingsSection.RULES,
        acting_user=acting_user,
    )
    algorithm_snapshot(acting_user=acting_user)
    return settings


@transaction.atomic
def stage_save(
    *,
    stage: Stage | None,
    changes: dict[str, Any],
    moves_to: Iterable[Stage],
    acting_user: User,
) -> Stage:
    """Create a stage or rename, reorder or re-kind it, and set where it may move. The code of
    an existing stage is what companies store: it never changes. The algorithm keeps a stage
    of every kind the services move companies into."""
    if stage is not None:
        changes = {name: value for name, value in changes.items() if name != "code"}

    def keeps_kinds(row: Stage) -> None:
        kinds = [*Stage.objects.exclude(pk=row.pk).values_list("kind", flat=True), row.kind]
        missing = rules.missing_items(kinds, config.REQUIRED_KINDS)
        if missing:
            raise ValidationError(
                {
                    "kind": _("The algorithm needs a stage of the kind “%(kind)s”.")
                    % {"kind": StageKind(missing[0]).label}
                }
            )

    saved = settings_row_save(
        row=stage or Stage(),
        changes=changes,
        section=SettingsSection.ALGORITHM,
        acting_user=acting_user,
        check=keeps_kinds,
    )
    targets = {target.pk: target for target in moves_to if target.pk != saved.pk}
    before = set(saved.moves_out.values_list("target_id", flat=True))
    if set(targets) != before:
        names = dict(Stage.objects.values_list("pk", "name"))
        saved.moves_out.exclude(target_id__in=targets).delete()
        Transition.objects.bulk_create(
            Transition(source=saved, target=targets[pk]) for pk in set(targets) - before
        )
        settings_change_record(
            section=SettingsSection.ALGORITHM,
            subject=str(saved),
            changes={
                str(_("moves to")): (
                    ", ".join(sorted(names[pk] for pk in before)),
                    ", ".join(sorted(names[pk] for pk in targets)),
                )
            },
            acting_user=acting_user,
        )
    algorithm_snapshot(acting_user=acting_user)
    return saved


@transaction.atomic
def playbook_update(*, stage: Stage, changes: dict[str, Any], acting_user: User) -> PlaybookStep:
    """What the company writes down for a stage (METHOD 3): actions, materials, checklist,
    script, objections."""
    step = PlaybookStep.objects.filter(state=stage.code).first() or PlaybookStep(state=stage.code)
    step = settings_row_save(
        row=step, changes=changes, section=SettingsSection.ALGORITHM, acting_user=acting_user
    )
    algorithm_snapshot(acting_user=acting_user)
    return step


@transaction.atomic
def refusal_reason_save(
    *, reason: RefusalReason | None, changes: dict[str, Any], acting_user: User
) -> RefusalReason:
    """A reason of refusal and the section it sends the company to (METHOD 3, step 5); one no
    longer used is switched off, never deleted (companies refused for it keep it)."""
    saved = settings_row_save(
        row=reason or RefusalReason(),
        changes=changes,
        section=SettingsSection.ALGORITHM,
        acting_user=acting_user,
    )
    algorithm_snapshot(acting_user=acting_user)
    return saved
