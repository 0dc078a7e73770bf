"""The write of the needs: only who may change the company fills them."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from otdel.base.models import Company, Contact
from otdel.base.selectors import can_edit_company
from otdel.catalog.models import Product
from otdel.org.models import User
from otdel.refusal import RuleRefused

from .models import DecisionMaker, Needs

FIELDS = ("wants", "volumes", "frequency", "budget", "timing", "current_supplier", "notes")


@transaction.atomic
def needs_save(
    *,
    company: Company,
    changes: Mapping[str, Any],
    products: Iterable[Product],
    decision_makers: Mapping[Contact, str],
    acting_user: User,
) -> Needs:
    """The needs as the manager learnt them; decision makers are contacts of the company, each
    with his criteria."""
    if not can_edit_company(acting_user, company):
        raise RuleRefused(_("This company is read-only for you."))
    if any(contact.company_id != company.pk for contact in decision_makers):
        raise RuleRefused(_("A decision maker is a contact of this company."))
    needs = Needs.objects.select_for_update().filter(company=company).first()
    needs = needs or Needs(company=company)
    for name in FIELDS:
        if name in changes:
            setattr(needs, name, (changes[name] or "").strip())
    needs.updated_by = acting_user
    needs.save()
    needs.products.set(products)
    needs.decision_makers.exclude(contact__in=list(decision_makers)).delete()
    for contact, criteria in decision_makers.items():
        DecisionMaker.objects.update_or_create(
            needs=needs, contact=contact, defaults={"criteria": criteria.strip()[:500]}
        )
    return needs
