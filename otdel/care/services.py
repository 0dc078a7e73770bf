"""Writes of care, each in a transaction with its history row (CareEvent)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.base.models import Company
from otdel.deals.models import Deal
from otdel.org.models import SettingsSection, User
from otdel.org.services import settings_row_save
from otdel.refusal import RuleRefused

from . import rules
from .models import (
    CareEvent,
    CareEventKind,
    CareSettings,
    ClientChoice,
    Complaint,
    ComplaintKind,
    Criterion,
    RelationshipPlan,
)
from .selectors import may_see_big_fish


def complaint_open(
    *,
    company: Company,
    kind: str,
    description: str,
    owner: User,
    due_on: date,
    deal: Deal | None = None,
    acting_user: User,
) -> Complaint:
    """Record a client's complaint about a delivery; until it is closed the client is not
    healthy."""
    if kind not in ComplaintKind.values:
        raise RuleRefused(_("Choose what the complaint is about."), field="kind")
    if not description.strip():
        raise RuleRefused(_("Say what happened."), field="description")
    if deal is not None and deal.company_id != company.pk:
        raise RuleRefused(_("The deal is not this client's."), field="deal")
    if not owner.is_active:
        raise RuleRefused(_("The responsible person has left."), field="owner")
    if rules.due_too_early(due_on, timezone.localdate()):
        raise RuleRefused(_("Resolve by: the day cannot be before today."), field="due_on")
    with transaction.atomic():
        complaint = Complaint.objects.create(
            company=company,
            deal=deal,
            kind=kind,
            description=description.strip(),
            owner=owner,
            due_on=due_on,
        )
        CareEvent.objects.create(
            company=company,
            complaint=complaint,
            kind=CareEventKind.COMPLAINT_OPENED,
            actor=acting_user,
            note=complaint.description,
            changes={
                str(_("responsible")): ["", str(owner)],
                str(_("resolve by")): ["", due_on.isoformat()],
            },
        )
    return complaint


def complaint_close(*, complaint: Complaint, resolution: str, acting_user: User) -> Complaint:
    """Close a complaint with what was done about it."""
    if not resolution.strip():
        raise RuleRefused(_("Say how the complaint was resolved."), field="resolution")
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if not complaint.is_open:
            raise RuleRefused(_("The complaint is already closed."))
        complaint.resolution = resolution.strip()
        complaint.closed_at = timezone.now()
        complaint.save(update_fields=["resolution", "closed_at"])
        CareEvent.objects.create(
            company_id=complaint.company_id,
            complaint=complaint,
            kind=CareEventKind.COMPLAINT_CLOSED,
            actor=acting_user,
            note=complaint.resolution,
        )
    return complaint


def client_choice_record(
    *,
    company: Company,
    recorded_on: date,
    criteria: list[str],
    note: str = "",
    acting_user: User,
) -> ClientChoice:
    """What the client said at a review meeting about why he chooses us."""
    unknown = sorted(set(criteria) - set(Criterion.values))
    if unknown:
        raise RuleRefused(
            _("Unknown criteria: %(names)s.") % {"names": ", ".join(unknown)}, field="criteria"
        )
    if not criteria and not note.strip():
        raise RuleRefused(_("Mark a criterion or write his words."), field="criteria")
    if recorded_on > timezone.localdate():
        raise RuleRefused(_("The meeting has not happened yet."), field="recorded_on")
    with transaction.atomic():
        choice = ClientChoice.objects.create(
            company=company,
            recorded_on=recorded_on,
            note=note.strip(),
            recorded_by=acting_user,
            **{code: code in criteria for code in Criterion.values},
        )
        CareEvent.objects.create(
            company=company,
            kind=CareEventKind.CRITERIA,
            actor=acting_user,
            note=choice.note,
            changes={str(_("criteria")): ["", ", ".join(str(c.label) for c in choice.criteria)]},
        )
    return choice


_PLAN_FIELDS = ("decision_makers", "next_meeting", "wallet_share", "growth_target", "growth_note")


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def relationship_plan_save(
    *, company: Company, changes: dict[str, Any], acting_user: User
) -> RelationshipPlan:
    """The development department's plan for a big fish; each changed field in the history."""
    if not may_see_big_fish(acting_user):
        raise RuleRefused(_("Big fish are worked by the development department."))
    unknown = set(changes) - set(_PLAN_FIELDS)
    if unknown:
        raise RuleRefused(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    share = changes.get("wallet_share")
    if share is not None and not Decimal(0) <= share <= Decimal(100):
        raise RuleRefused(_("The share of wallet is between 0 and 100 %."), field="wallet_share")
    with transaction.atomic():
        plan, _created = RelationshipPlan.objects.select_for_update().get_or_create(company=company)
        diff = {}
        for name, value in changes.items():
            old = getattr(plan, name)
            if _shown(old) != _shown(value):
                label = str(getattr(RelationshipPlan._meta.get_field(name), "verbose_name", name))
                diff[label] = [_shown(old), _shown(value)]
                setattr(plan, name, value)
        if diff:
            plan.save()
            CareEvent.objects.create(
                company=company, kind=CareEventKind.PLAN, actor=acting_user, changes=diff
            )
    return plan


def care_settings_update(*, changes: dict[str, Any], acting_user: User) -> CareSettings:
    """The big-fish thresholds; the list reads them at once."""
    return settings_row_save(
        row=CareSettings.load(),
        changes=changes,
        section=SettingsSection.SEGMENTS,
        acting_user=acting_user,
    )
