from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django import template
from django.template.context import Context
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from otdel.algorithm import rules, selectors, services
from otdel.algorithm.forms import (
    ActivityForm,
    AssignForm,
    BulkForm,
    CallLogForm,
    CompleteForm,
    TriageForm,
)
from otdel.algorithm.models import ActivityKind, PlaybookStep, RuleSettings, StageChecklist
from otdel.base.models import Company
from otdel.org.models import User
from otdel.org.rules import Scope
from otdel.org.selectors import assignable_owners, scope_of_user, task_assignees
from otdel.stages import config
from otdel.web import row_url

register = template.Library()

# Templates an app above shows beside each activity on the company card (the meetings app: a
# call's recording and review), handed in from its AppConfig.ready().
_ACTIVITY_PARTS: list[str] = []


def register_activity_part(template_name: str) -> None:
    if template_name not in _ACTIVITY_PARTS:
        _ACTIVITY_PARTS.append(template_name)


# Parts an app above shows in the company panel beside the call form (issue 19: the materials
# of the company's stage, the objection library), each a template and the function giving its
# context for the reader and the company, handed in from its AppConfig.ready().
_PANEL_PARTS: dict[str, Callable[[User, Company], dict[str, Any]]] = {}


def register_panel_part(
    template_name: str, part: Callable[[User, Company], dict[str, Any]]
) -> None:
    _PANEL_PARTS[template_name] = part


@register.filter
def stage(code: str) -> str:
    """The name of a stage of the company's algorithm, in the reader's language."""
    return config.current().label(code) if code else ""


_ACTIVITY_KINDS = dict(ActivityKind.choices)


@register.filter
def activity_kind(kind: str) -> str:
    """activity.get_kind_display, without Django's hashing of every choice at each call (45 µs:
    a hundred rows on My work)."""
    return _ACTIVITY_KINDS.get(kind, kind)


@register.simple_tag(takes_context=True)
def call_log_link(context: Context, company: Company) -> SafeString:
    """The link of a row of My work or a card of the board opening the call form; a tag, not
    an included template, as it is in every row (the newline ends that template's text)."""
    url = f"{row_url('algorithm:call_log', company.pk)}?next={quote(context['request'].path)}"
    label = gettext("Log a call")
    return format_html(
        '<a href="{}" hx-get="{}" hx-target="#call-log-slot" data-call-log title="{} (c)"'
        ' data-testid="call-log-{}">{}</a>\n',
        url,
        url,
        label,
        company.pk,
        label,
    )


@register.inclusion_tag("algorithm/_company_panel.html", takes_context=True)
def company_panel(context: Context, company: Company) -> dict[str, Any]:
    """The algorithm's panel of the company card, with the card's own context (its csrf token,
    whether the reader may edit) so that the card's view need not know the algorithm."""
    card = context.flatten()
    panel = company_panel_context(context["request"].user, company)
    # A call is logged by those who may change the company, once someone works it.
    if card.get("can_edit") and company.owner_id:
        panel["call_log_form"] = CallLogForm(company=company)
    user = context["request"].user
    panel["panel_parts"] = [
        (template_name, part(user, company)) for template_name, part in _PANEL_PARTS.items()
    ]
    return {**card, **panel}


def company_panel_context(user: User, company: Company) -> dict[str, Any]:
    """What the company card shows of the algorithm: clock, moves, claim, activities."""
    today = timezone.localdate()
    algorithm = config.current()
    in_my_work = (
        company.owner_id == user.pk
        and company.section == ""
        and (company.state in algorithm.working)
    )
    days_left = rules.work_days_left(
        company.work_deadline, today, deal_stopped=company.state in algorithm.deal
    )
    return {
        "today": today,
        "now": timezone.now(),
        "in_my_work": in_my_work,
        "days_left": days_left,
        "days_over": -days_left if days_left is not None and days_left < 0 else None,
        "can_claim": selectors.claimable_by(company, user),
        # Only the moves the method allows now: the deal stages come with the deal's papers.
        "moves": services.moves_open(company),
        "playbook": PlaybookStep.objects.filter(state=company.state).first(),
        "stage_ticked": StageChecklist.objects.filter(company=company, state=company.state)
        .values_list("done", flat=True)
        .first()
        or [],
        "activities": company.activities.select_related("assignee").order_by("done_at", "due_at"),
        "activity_parts": _ACTIVITY_PARTS,
        "activity_form": ActivityForm(
            assignees=task_assignees(user, company_owner_id=company.owner_id)
        ),
        "meeting_checklist": RuleSettings.load().meeting_checklist_items,
        "can_plan": selectors.may_plan_activities(user, company),
        "complete_form": CompleteForm(),
        "triage_form": TriageForm(),
        "assign_form": AssignForm(managers=assignable_owners(user))
        if scope_of_user(user) in (Scope.ALL, Scope.DEPARTMENT)
        else None,
    }


@register.inclusion_tag("algorithm/_bulk_bar.html", takes_context=True)
def bulk_bar(context: Context) -> dict[str, Any]:
    """The company list's action bar for the ticked rows, with only the actions the reader's
    position allows; the list's view (in base) need not know the algorithm."""
    request = context["request"]
    return {
        **context.flatten(),
        "bulk_form": BulkForm(user=request.user),
        "assigns": selectors.BulkAction.ASSIGN in selectors.bulk_actions_for(request.user),
        "next": request.get_full_path(),
    }
