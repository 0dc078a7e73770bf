"""The client department's writes: a step of the client algorithm done with its next step, and
the nightly watch over the client base (next steps for all, the rhythm's alerts, escalation)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from otdel.algorithm.models import Activity
from otdel.base import services as base_services
from otdel.base.models import Company
from otdel.base.selectors import can_edit_company
from otdel.org.language import language_of
from otdel.org.models import Position, SettingsSection, User
from otdel.org.services import settings_row_save
from otdel.refusal import RuleRefused
from otdel.stages import config
from otdel.stages.models import StageKind

from . import rules, selectors
from .defaults import install_steps
from .models import AlertKind, ClientAlert, ClientPlan, ClientStep

# A dormant client of these classes is the head's business too (METHOD 7: the A and B clients
# bring most of the money; a base left alone "уходит к конкуренту").
ESCALATED_CLASSES = ("A", "B")


@transaction.atomic
def client_step_done(
    *,
    company: Company | int,
    result: str,
    next_step: ClientStep,
    due_on: date,
    acting_user: User,
) -> ClientPlan:
    """The farmer did the client's step (a service call, a reorder reminder, a review meeting,
    a proposal): its result is kept as a done activity and the client gets his next step, so
    that he always has one (METHOD 5)."""
    if not result.strip():
        raise RuleRefused(_("Write the result."), field="result")
    locked = base_services.lock_company(company)
    if locked.section or config.current().kind_of(locked.state) != StageKind.CLIENT:
        raise RuleRefused(_("The client algorithm is for clients: this company is not one."))
    if not can_edit_company(acting_user, locked):
        raise RuleRefused(_("This company is read-only for you."))
    today = timezone.localdate()
    if due_on < today:
        raise RuleRefused(_("The next step cannot be in the past."), field="due_on")
    plan = ClientPlan.objects.select_for_update().select_related("step").filter(company=locked)
    current = plan.first()
    # A client with no step planned yet (handed over since the last night) starts the cycle.
    first = ClientStep.objects.order_by("position", "pk").first()
    done = current.step if current else (first or next_step)
    Activity.objects.create(
        company=locked,
        kind=done.kind,
        subject=done.name[:300],
        result=result,
        done_at=timezone.now(),
        assignee=acting_user,
        author=acting_user,
    )
    saved, _created = ClientPlan.objects.update_or_create(
        company=locked, defaults={"step": next_step, "due_on": due_on}
    )
    return saved


@dataclass
class WatchReport:
    clients: int = 0
    regular: int = 0
    due: list[str] = field(default_factory=list)
    dormant: list[str] = field(default_factory=list)
    dropping: list[str] = field(default_factory=list)
    scheduled: int = 0
    escalated: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "clients": self.clients,
            "regular": self.regular,
            "due": self.due,
            "dormant": self.dormant,
            "dropping": self.dropping,
        }


@transaction.atomic
def client_watch(*, as_of: date) -> WatchReport:
    """Every client's rhythm as of the day, kept as alerts (due, dormant, dropping); a client
    going dormant of class A or B is escalated to the head of his farmer's department once,
    by e-mail after commit; every owned client without a next step gets the first step of the
    cycle, due that day. Safe to run twice."""
    report = WatchReport()
    report.scheduled = _schedule_missing(as_of)
    base = list(selectors.clients().values_list("pk", "customer_code", "abc_class", "owner_id"))
    histories = selectors.order_history(as_of)
    windows = rules.dropping_windows(as_of)
    previous = {
        (company, kind): (raised_on, escalated)
        for company, kind, raised_on, escalated in ClientAlert.objects.values_list(
            "company_id", "kind", "raised_on", "escalated"
        )
    }
    alerts: list[ClientAlert] = []
    newly_escalated: list[int] = []
    report.clients = len(base)
    for pk, code, abc_class, owner_id in base:
        history = histories.get(pk)
        if history is None:
            continue
        code = code or str(pk)
        rhythm, kinds = selectors.rhythm_and_alerts(history, as_of, windows)
        report.regular += rhythm is not None
        for kind in kinds:
            getattr(report, kind).append(code)  # the report's lists are named as the kinds
            raised_on, escalated = previous.get((pk, kind), (as_of, False))
            if (
                kind == AlertKind.DORMANT
                and not escalated
                and abc_class in ESCALATED_CLASSES
                and owner_id is not None
            ):
                escalated = True
                newly_escalated.append(pk)
                report.escalated.append(code)
            alerts.append(
                ClientAlert(
                    company_id=pk,
                    kind=kind,
                    raised_on=raised_on,
                    escalated=escalated,
                    last_order=rhythm.last_order if rhythm else None,
                    days_since=rhythm.days_since if rhythm else None,
                    interval_days=rhythm.interval_days if rhythm else None,
                    usual_volume=rhythm.usual_volume if rhythm else None,
                )
            )
    ClientAlert.objects.all().delete()
    ClientAlert.objects.bulk_create(alerts, batch_size=2000)
    for key in ("due", "dormant", "dropping"):
        getattr(report, key).sort(key=rules.code_order)
    _escalate(newly_escalated)
    return report


def _schedule_first(among: Any, due_on: Callable[[ClientStep], date]) -> int:
    """The first step of the cycle for every owned client among these without a next step."""
    first = ClientStep.objects.order_by("position", "pk").first()
    if first is None:
        return 0
    missing = (
        among.exclude(owner=None).filter(client_plan__isnull=True).values_list("pk", flat=True)
    )
    day = due_on(first)
    created = ClientPlan.objects.bulk_create(
        [ClientPlan(company_id=pk, step=first, due_on=day) for pk in missing],
        batch_size=2000,
    )
    return len(created)


def _schedule_missing(today: date) -> int:
    # Overdue already: the client should have had a step since he became one.
    return _schedule_first(selectors.clients(), lambda first: today)


def client_cycle_start(company_ids: list[int]) -> int:
    """Clients just handed to a farmer start the cycle at once, in the hand-off's transaction:
    the first step, due after its days (the service call a few days after the delivery). A
    client who has a next step keeps it. A fixed number of queries however many clients."""
    today = timezone.localdate()
    return _schedule_first(
        selectors.clients().filter(pk__in=company_ids),
        lambda first: today + timedelta(days=first.interval_days),
    )


def _heads_of(owner: User) -> list[User]:
    """Who hears of a farmer's dormant client: the head of his department, else the heads of
    sales and the owner."""
    head = owner.department.head if owner.department else None
    if head is not None and head.email:
        return [head]
    return list(
        User.objects.filter(
            Q(position__in=(Position.OWNER, Position.HEAD_OF_SALES)), is_active=True
        ).exclude(email="")
    )


def _escalate(company_ids: list[int]) -> None:
    """One e-mail per head with the dormant A and B clients escalated to him today."""
    if not company_ids:
        return
    by_head: dict[User, list[Company]] = {}
    for company in (
        Company.objects.filter(pk__in=company_ids)
        .select_related("owner__department__head")
        .order_by("pk")
    ):
        for head in _heads_of(company.owner):  # type: ignore[arg-type]
            by_head.setdefault(head, []).append(company)
    for head, companies in by_head.items():
        with translation.override(language_of(head)):
            lines = [
                _("%(client)s (class %(abc)s), farmer %(farmer)s")
                % {"client": c.display_name, "abc": c.abc_class, "farmer": c.owner}
                for c in companies
            ]
            email = EmailMessage(
                _("Dormant clients escalated to you: %(count)s") % {"count": len(companies)},
                _("These A and B clients stopped ordering (twice their usual interval):")
                + "\n"
                + "\n".join(lines),
                to=[head.email],
            )
        transaction.on_commit(email.send)


@transaction.atomic
def client_step_save(
    *, step: ClientStep | None, changes: dict[str, Any], acting_user: User
) -> ClientStep:
    """A step of the client algorithm, new or changed, logged in Settings' changes beside the
    prospect algorithm's."""
    return settings_row_save(
        row=step or ClientStep(),
        changes=changes,
        section=SettingsSection.ALGORITHM,
        acting_user=acting_user,
    )


def client_steps_install_defaults() -> int:
    """The default client cycle when there is none (a new or emptied database, the demo)."""
    return install_steps(ClientStep)
