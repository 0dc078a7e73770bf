"""Care's parts of pages of the apps below it (the company card, the ABC(D) page) and of
Control: each a tag, so that those pages' views need not know care."""

from typing import Any

from django import template
from django.template.context import Context
from django.utils import timezone

from otdel.base.models import Company
from otdel.base.selectors import visible_companies
from otdel.org.selectors import task_assignees

from .. import rules, selectors
from ..forms import ChoiceForm, CloseForm, ComplaintForm, PlanForm

register = template.Library()


@register.inclusion_tag("care/_card.html", takes_context=True)
def care_card(context: Context, company: Company) -> dict[str, Any]:
    """The client's health, complaints, why he chooses us and, for those who work big fish,
    his relationship plan."""
    user = context["request"].user
    card = context.flatten()
    today = timezone.localdate()
    complaints = list(selectors.complaints_of(company))
    for complaint in complaints:
        complaint.overdue = rules.complaint_overdue(
            complaint.due_on, today, is_open=complaint.is_open
        )
    part: dict[str, Any] = {
        **card,
        # Deliveries and review meetings are of companies in work or clients, not of the lists
        # to call or the archive (unless a complaint was recorded before it went there).
        "served": company.section == "" or bool(complaints),
        "complaints": complaints,
        "healthy": not any(c.is_open for c in complaints),
        "choice": selectors.latest_choice(company),
        "growth": selectors.growth_for(company),
        "plan": None,
    }
    if card.get("can_edit"):
        part["complaint_form"] = ComplaintForm(
            deals=company.deals.all(),
            owners=task_assignees(user, company_owner_id=company.owner_id),
            owner=company.owner_id or user.pk,
        )
        part["close_form"] = CloseForm()
        part["choice_form"] = ChoiceForm()
    if selectors.may_see_big_fish(user) and selectors.big_fish(user).filter(pk=company.pk).exists():
        plan = getattr(company, "relationship_plan", None)
        part["plan"] = plan
        part["plan_form"] = PlanForm(instance=plan, prefix=company.pk)
        part["big_fish"] = True
    return part


@register.inclusion_tag("care/_portrait.html", takes_context=True)
def care_portrait(context: Context) -> dict[str, Any]:
    """Why the A clients the user reads choose us, beside their portrait on the ABC(D) page."""
    return {"criteria": selectors.criteria_of_a(visible_companies(context["request"].user))}
