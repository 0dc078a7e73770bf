"""Working lists, queues and caps: the reads behind the algorithm's pages, API and rules."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery

from otdel.base.models import Company, Section
from otdel.base.selectors import can_edit_company, visible_companies
from otdel.org.models import User
from otdel.org.rules import Scope, may_assign_owners, sells
from otdel.org.selectors import scope_of_user
from otdel.stages import config

from . import rules
from .models import Activity, ReclaimBlock, RuleSettings

ARCHIVE_SECTIONS = (Section.REFUSAL_FOLLOW_UP, Section.STRATEGIC_ARCHIVE)


def claimable_by(company: Company, manager: User) -> bool:
    """Whether the company is free for this manager to take (rules.claimable)."""
    in_call_round = company.call_round_since is not None and company.section in ARCHIVE_SECTIONS
    # The owner's department is read only for the call-round list (the card's one query less).
    owner = company.owner if in_call_round else None
    return rules.claimable(
        to_call=company.section == Section.TO_CALL,
        in_call_round=in_call_round,
        owner_id=company.owner_id,
        owner_department_id=owner.department_id if owner else None,
        manager_id=manager.pk,
        manager_department_id=manager.department_id,
    )


def reclaim_blocked_until(company: Company, manager: User, today: date) -> date | None:
    """The day until which the manager may not take the company back (after it was taken from
    him by the three-month rule), if that day has not passed."""
    block = ReclaimBlock.objects.filter(company=company, user=manager, until__gte=today).first()
    return block.until if block else None


def cap_range() -> tuple[int, int]:
    """The lowest and highest working-list cap a department or person may set (METHOD 4)."""
    settings = RuleSettings.load()
    return settings.cap_min, settings.cap_max


COMPANY_LANGUAGE_KEY = "otdel:company-language"


def company_language() -> str:
    """The language the company works in, read by every page: kept in the cache for a minute,
    dropped at once when the rules are saved in this process (see apps.py)."""
    language = cache.get(COMPANY_LANGUAGE_KEY)
    if language is None:
        # Read, not made: a page view writes nothing (a company without rules yet: the default).
        rules = RuleSettings.objects.filter(pk=1).values_list("language", flat=True)
        language = rules.first() or django_settings.LANGUAGE_CODE
        cache.set(COMPANY_LANGUAGE_KEY, language, config.CACHE_SECONDS)
    return language


def forget_company_language(**_kwargs: object) -> None:
    cache.delete(COMPANY_LANGUAGE_KEY)


def in_work() -> Q:
    """Companies someone works now: owned, out of the sections, not yet clients (METHOD 4)."""
    return Q(section="", state__in=config.current().working, owner__isnull=False)


def clock_running() -> Q:
    """Companies in work whose days are counted: a deal stops the clock."""
    return in_work() & ~Q(state__in=config.current().deal)


def working_list(user: User) -> QuerySet[Company]:
    """A manager's companies in active work that are not yet clients (METHOD 4)."""
    return Company.objects.filter(in_work(), owner=user)


def working_list_size(user: User) -> int:
    return working_list(user).count()


def cap_of(user: User, settings: RuleSettings) -> int:
    department_cap = user.department.working_list_cap if user.department else None
    return rules.effective_cap(
        person_cap=user.working_list_cap,
        department_cap=department_cap,
        default_cap=settings.working_list_cap,
    )


def next_step_subquery(field: str = "due_at") -> Subquery:
    """The company's earliest open activity: its next step."""
    return Subquery(
        Activity.objects.filter(company=OuterRef("pk"), done_at__isnull=True)
        .order_by("due_at", "pk")
        .values(field)[:1]
    )


def with_next_step(companies: QuerySet[Company]) -> QuerySet[Company]:
    return companies.annotate(
        next_step_due=next_step_subquery("due_at"), next_step_subject=next_step_subquery("subject")
    )


def triage_queue(user: User) -> QuerySet[Company]:
    """The manager's expired companies he must move or win."""
    return working_list(user).filter(triage_since__isnull=False)


def blocks_claims_since(user: User, today: date, settings: RuleSettings) -> date | None:
    """The oldest untriaged expiry that blocks the manager's claims, if any."""
    oldest = triage_queue(user).aggregate(oldest=Min("triage_since"))["oldest"]
    if oldest and rules.triage_blocks_claims(oldest, today, settings.triage_grace_days):
        return oldest
    return None


def blocked_managers(today: date, settings: RuleSettings) -> QuerySet[User]:
    cutoff = rules.triage_block_date(today, settings.triage_grace_days)
    return (
        User.objects.filter(
            companies__section="",
            companies__state__in=config.current().working,
            companies__triage_since__lt=cutoff,
        )
        .annotate(untriaged=Count("companies"))
        .select_related("department")
        .order_by("username")
    )


def awaiting_triage(viewer: User) -> QuerySet[Company]:
    """Expired companies their owners have not yet moved or won, oldest first: the head's view
    of every manager's triage queue."""
    return (
        visible_companies(viewer)
        .filter(in_work(), triage_since__isnull=False)
        .select_related("owner")
        .order_by("triage_since", "pk")
    )


def reassignment_queue(viewer: User) -> QuerySet[Company]:
    """Prospects owned too long without a deal, for the head to hand to someone else."""
    return (
        visible_companies(viewer)
        .filter(reassign_due_since__isnull=False)
        .filter(in_work())
        .select_related("owner", "owner__department")
        .order_by("reassign_due_since", "pk")
    )


def call_round_list(viewer: User) -> QuerySet[Company]:
    """Refused-with-follow-up and archived companies whose reactivation date has come."""
    return (
        visible_companies(viewer)
        .filter(section__in=ARCHIVE_SECTIONS, call_round_since__isnull=False)
        .select_related("owner", "owner__department", "category")
        .order_by("reactivation_date", "pk")
    )


def open_activities(user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(assignee=user, done_at__isnull=True)
        .select_related("company")
        .order_by("due_at", "pk")
    )


def overdue_activities(now, *, users: Iterable[User] | None = None) -> QuerySet[Activity]:
    activities = Activity.objects.filter(done_at__isnull=True, due_at__lt=now)
    if users is not None:
        activities = activities.filter(assignee__in=users)
    return activities.select_related("company", "assignee").order_by("due_at", "pk")


def may_plan_activities(user: User, company: Company) -> bool:
    """Who may set the company's owner a task: those who may edit it, and the product or
    territory managers who see it (METHOD 1: matrix leaders set tasks across departments)."""
    if can_edit_company(user, company):
        return True
    return (
        scope_of_user(user) is Scope.MATRIX
        and visible_companies(user).filter(pk=company.pk).exists()
    )


class BulkAction:
    """What the company list does to the ticked rows at once (issue 14): each row through the
    same service as one by one (services.companies_bulk)."""

    CLAIM = "claim"
    ASSIGN = "assign"
    MOVE = "move"


def bulk_actions_for(user: User) -> tuple[str, ...]:
    """The bulk actions the user's position allows: those who sell claim, those who lead
    people assign, whoever changes companies moves them to a section."""
    actions = [BulkAction.CLAIM] if sells(user.position) else []
    if may_assign_owners(scope_of_user(user)):
        actions.append(BulkAction.ASSIGN)
    return (*actions, BulkAction.MOVE)
