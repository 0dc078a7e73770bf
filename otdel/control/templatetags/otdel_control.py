"""Control's repeated rows, built in Python: a head of 200 managers reads 200 lines of ten
cells and a page of reassignments offers each of them in 25 lists; as template loops they cost
more than the rest of the page (bench: issues 15 and 16, Control under 200 ms at 1M)."""

from collections.abc import Sequence

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from otdel import numbers
from otdel.control.selectors import ControlRow
from otdel.org.models import User
from otdel.web import row_url
from otdel.widgets import escaped

register = template.Library()


@register.simple_tag(takes_context=True)
def manager_options(
    context: Context, managers: Sequence[User], owner_id: int, suggested_id: int | None, label: str
) -> SafeString:
    """The <option>s of the managers a company may go to: all but its owner, the suggested
    one selected and marked `label`. The names are escaped once for all the page's lists."""
    key = ("manager_options", id(managers))
    names = context.render_context.get(key)
    if names is None:
        names = context.render_context[key] = [(m.pk, escape(str(m))) for m in managers]
    options = []
    for pk, name in names:
        if pk == owner_id:
            continue
        if pk == suggested_id:
            options.append(f'<option value="{pk}" selected>{name} ({escape(label)})</option>')
        else:
            options.append(f'<option value="{pk}">{name}</option>')
    return mark_safe("".join(options))  # noqa: S308 - every text in it is escaped above


@register.simple_tag
def manager_columns() -> dict[str, str]:
    """The columns' names: the table's head, and beside each figure on a phone (cards-on-phone)."""
    return {
        "in_work": pgettext("column", "Working list"),
        "untriaged": _("Untriaged"),
        "overdue": _("Next step overdue"),
        "no_step": pgettext("column", "No next step"),
        "invoice": _("Waiting for an invoice"),
        "payment": _("Waiting for a payment"),
        "overdue_invoices": pgettext("column", "Overdue invoices"),
        "pace": _("Plan pace"),
        "review": _("Review"),
    }


# A figure (and its alert's name), its list behind it (its link's query), its test id and its
# column (manager_columns).
_COMPANY_FIGURES = (
    ("untriaged", "attention=untriaged", "untriaged", "untriaged"),
    ("overdue_steps", "attention=overdue_step", "overdue-step", "overdue"),
    ("no_next_step", "attention=no_next_step", "no-next-step", "no_step"),
)
_DEAL_FIGURES = (
    ("awaiting_invoice", "awaiting=invoice", "awaiting-invoice", "invoice"),
    ("awaiting_payment", "awaiting=payment", "awaiting-payment", "payment"),
)


def _figure(n: int, href: str, testid: str, red: bool) -> str:
    """One figure of a manager's line: a link to the list behind it, red when it calls for
    the head; a grey 0 when there is nothing behind it. The arguments are escaped already."""
    if not n:
        return f'<span class="muted" data-testid="{testid}">0</span>'
    danger = ' class="danger-text"' if red else ""
    return f'<a href="{href}" data-testid="{testid}"{danger}>{localize(n)}</a>'


@register.simple_tag(takes_context=True)
def manager_row(context: Context, row: ControlRow) -> SafeString:
    """A manager's line on Control: each figure a link to the list behind it, red when it
    calls for the head. Written as plain strings, its texts escaped one by one: format_html
    for each of 200 lines' twenty pieces cost more than the rest of the page."""
    key = "manager_row"
    shared = context.render_context.get(key)
    if shared is None:
        texts = {
            **{f"label_{name}": label for name, label in manager_columns().items()},
            "companies": reverse("base:company_list"),
            "deals": reverse("deals:list"),
            "receivables": reverse("billing:receivables"),
            "red_title": _("Figures in red"),
            "blocked": _("claims blocked"),
            "review": _("review"),
        }
        shared = context.render_context[key] = {k: escaped(v) for k, v in texts.items()}
    m, f, alerts = row.manager, row.figures, row.alerts
    user, pk = escaped(m.username), int(m.pk)
    review = escaped(row_url("control:review", pk))
    companies = f"{shared['companies']}?scope=all&amp;owner={pk}"
    deals = f"{shared['deals']}?scope=all&amp;owner={pk}"
    cells = []

    def cell(label: str, content: str, extra: str = "") -> None:
        cells.append(
            f'<td class="num" data-label="{shared["label_" + label]}"{extra}>{content}</td>'
        )

    badge = (
        f' <span class="badge danger" title="{shared["red_title"]}" data-testid="alerts-{user}">'
        f"{len(alerts)}</span>"
        if alerts
        else ""
    )
    over_cap = ' class="danger-text"' if "over_cap" in alerts else ""
    cell(
        "in_work",
        f'<a href="{companies}&amp;attention=working_list" data-testid="in-work-{user}"{over_cap}>'
        f'{localize(f.in_work)}</a> <span class="muted">/ {localize(f.cap)}</span>',
    )
    for name, query, testid, label in _COMPANY_FIGURES:
        content = _figure(
            getattr(f, name), f"{companies}&amp;{query}", f"{testid}-{user}", name in alerts
        )
        if name == "untriaged" and row.blocked:
            content += (
                f'<br><small class="danger-text" data-testid="blocked-{user}">'
                f"{shared['blocked']}</small>"
            )
        cell(label, content)
    for name, query, testid, label in _DEAL_FIGURES:
        cell(
            label,
            _figure(getattr(f, name), f"{deals}&amp;{query}", f"{testid}-{user}", name in alerts),
        )
    if f.overdue_invoices:
        owed = "".join(
            f'<br><small class="muted">{escaped(numbers.money(amount, currency))}</small>'
            for currency, amount in row.owed
        )
        cell(
            "overdue_invoices",
            f'<a class="danger-text" href="{shared["receivables"]}?manager={pk}" '
            f'data-testid="overdue-invoices-{user}">{localize(f.overdue_invoices)}</a>{owed}',
        )
    else:
        cell("overdue_invoices", '<span class="muted">0</span>')
    if row.plan_line:
        behind = ' class="danger-text"' if "behind" in alerts else ""
        plan, line = row.plan_line
        pace = (
            f'<a href="{escaped(row_url("control:facts", plan))}?line={int(line)}"{behind}>'
            f"{localize(f.pace)} %</a>"
        )
    else:
        pace = '<span class="muted">—</span>'
    cell("pace", pace, f' data-testid="pace-{user}"')
    if row.last_review:
        day = date_format(timezone.localtime(row.last_review), "SHORT_DATE_FORMAT")
        reviewed = f'<a href="{review}">{escaped(day)}</a>'
    else:
        reviewed = f'<a href="{review}" class="muted">{shared["review"]}</a>'
    return mark_safe(  # noqa: S308 - every text in it is escaped above
        f'<tr data-testid="row-{user}"><td class="who"><a href="{review}">{escaped(m)}</a>{badge}'
        f'<br><small class="muted">{escaped(m.department or "")}</small></td>{"".join(cells)}'
        f'<td data-label="{shared["label_review"]}">{reviewed}</td></tr>'
    )
