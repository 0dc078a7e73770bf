"""Reads of the needs: a company's record, the panel's part, and the lines a proposal prints."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from otdel.algorithm.models import ActivityKind
from otdel.base.models import Company, Contact
from otdel.catalog.models import Product
from otdel.org.models import User

from .models import Needs


def needs_of(company: Company | int) -> Needs | None:
    """The company's needs with their products and decision makers: three queries."""
    return (
        Needs.objects.filter(company=company)
        .prefetch_related("products", "decision_makers__contact")
        .first()
    )


def company_contacts(company: Company) -> QuerySet[Contact]:
    return company.contacts.filter(archived_at__isnull=True)


def offered_products() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True).order_by("name")


def first_meeting_done(company: Company) -> bool:
    return company.activities.filter(
        kind=ActivityKind.FIRST_MEETING, done_at__isnull=False
    ).exists()


def panel_part(user: User, company: Company) -> dict[str, Any]:
    """The company panel's part: the needs in short, and a prompt to fill them once the first
    meeting is done. The card is shown only to who may see the company; whether he may change
    it is the card's own `can_edit`."""
    needs = needs_of(company)
    filled = needs is not None and needs.filled
    return {
        "needs": needs,
        "filled": filled,
        "prompt": not filled and first_meeting_done(company),
    }


def proposal_lines(company: Company | int) -> list[list[str]]:
    """What the proposal answers (seed 003: the proposal reflects the client's wishes): the
    wants, volumes and frequency, budget and timing, the decision makers' criteria."""
    needs = needs_of(company)
    if needs is None:
        return []
    lines = [
        [_("Your task"), needs.wants.strip()],
        [_("Volumes"), ", ".join(filter(None, (needs.volumes, needs.frequency)))],
        [_("Budget"), needs.budget],
        [_("Timing"), needs.timing],
    ]
    criteria = "; ".join(
        f"{dm.contact.full_name}: {dm.criteria}" if dm.criteria else dm.contact.full_name
        for dm in needs.decision_makers.all()
    )
    lines.append([_("What matters to you"), criteria])
    return [[label, text.strip()] for label, text in lines if text and text.strip()]
