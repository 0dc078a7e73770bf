"""Control's repeated rows, built in Python: a head of 200 managers reads 200 lines of ten
cells and a page of reassignments offers each of them in 25 lists; as template loops they cost
more than the rest of the page (bench: issues 15 and 16, Control under 200 ms at 1M)."""

from collections.abc import Sequence

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from otdel import numbers
from otdel.control.selectors import ControlRow
from otdel.org.models import User
from otdel.web import row_url

register = template.Library()


def _figure(
    n: int, red: str, href: str, query: str, name: str, manager: User, alerts: Sequence[str]
) -> SafeString:
    """One figure of a manager's line: a link to the list behind it, red when it calls for
    the head; a grey 0 when there is nothing behind it."""
    testid = f"{name}-{manager.username}"
    if not n:
        return format_html('<span class="muted" data-testid="{}">0</span>', testid)
    return format_html(
        '<a href="{}?scope=all&amp;owner={}&amp;{}" data-testid="{}"{}>{}</a>',
        href,
        manager.pk,
        mark_safe(query),  # noqa: S308 - the template's own literal
        testid,
        mark_safe(' class="danger-text"') if red in alerts else "",
        localize(n),
    )


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


@register.simple_tag(takes_context=True)
def manager_row(context: Context, row: ControlRow) -> SafeString:
    """A manager's line on Control: each figure a link to the list behind it, red when it
    calls for the head."""
    key = "manager_row"
    shared = context.render_context.get(key)
    if shared is None:
        shared = context.render_context[key] = {
            "labels": manager_columns(),
            "companies": reverse("base:company_list"),
            "deals": reverse("deals:list"),
            "receivables": reverse("billing:receivables"),
            "red_title": _("Figures in red"),
            "blocked": _("claims blocked"),
            "review": _("review"),
        }
    labels, companies, deals = shared["labels"], shared["companies"], shared["deals"]
    m, f, a = row.manager, row.figures, row.alerts
    user = m.username
    review = row_url("control:review", m.pk)
    red = mark_safe(' class="danger-text"')  # noqa: S308 - a literal

    def cell(label: str, content: SafeString, extra: str = "") -> SafeString:
        return format_html('<td class="num" data-label="{}"{}>{}</td>', label, extra, content)

    who = format_html(
        '<td class="who"><a href="{}">{}</a>{}<br><small class="muted">{}</small></td>',
        review,
        m,
        format_html(
            ' <span class="badge danger" title="{}" data-testid="alerts-{}">{}</span>',
            shared["red_title"],
            user,
            len(a),
        )
        if a
        else "",
        m.department or "",
    )
    in_work = format_html(
        '<a href="{}?scope=all&amp;owner={}&amp;attention=working_list" data-testid="in-work-{}"'
        '{}>{}</a> <span class="muted">/ {}</span>',
        companies,
        m.pk,
        user,
        red if "over_cap" in a else "",
        localize(f.in_work),
        localize(f.cap),
    )
    untriaged = _figure(
        f.untriaged, "untriaged", companies, "attention=untriaged", "untriaged", m, a
    )
    if row.blocked:
        untriaged = format_html(
            '{}<br><small class="danger-text" data-testid="blocked-{}">{}</small>',
            untriaged,
            user,
            shared["blocked"],
        )
    if f.overdue_invoices:
        owed = format_html(
            '<a class="danger-text" href="{}?manager={}" data-testid="overdue-invoices-{}">{}</a>{}',
            shared["receivables"],
            m.pk,
            user,
            localize(f.overdue_invoices),
            format_html_join(
                "",
                '<br><small class="muted">{}</small>',
                ((numbers.money(amount, currency),) for currency, amount in row.owed),
            ),
        )
    else:
        owed = mark_safe('<span class="muted">0</span>')  # noqa: S308 - a literal
    if row.plan_line:
        pace = format_html(
            '<a href="{}?line={}"{}>{} %</a>',
            row_url("control:facts", row.plan_line[0]),
            row.plan_line[1],
            red if "behind" in a else "",
            localize(f.pace),
        )
    else:
        pace = mark_safe('<span class="muted">—</span>')  # noqa: S308 - a literal
    if row.last_review:
        reviewed = format_html(
            '<a href="{}">{}</a>',
            review,
            date_format(timezone.localtime(row.last_review), "SHORT_DATE_FORMAT"),
        )
    else:
        reviewed = format_html('<a href="{}" class="muted">{}</a>', review, shared["review"])
    return format_html(
        '<tr data-testid="row-{}">{}{}{}{}{}{}{}{}{}<td data-label="{}">{}</td></tr>',
        user,
        who,
        cell(labels["in_work"], in_work),
        cell(labels["untriaged"], untriaged),
        cell(
            labels["overdue"],
            _figure(
                f.overdue_steps,
                "overdue_steps",
                companies,
                "attention=overdue_step",
                "overdue-step",
                m,
                a,
            ),
        ),
        cell(
            labels["no_step"],
            _figure(
                f.no_next_step,
                "no_next_step",
                companies,
                "attention=no_next_step",
                "no-next-step",
                m,
                a,
            ),
        ),
        cell(
            labels["invoice"],
            _figure(
                f.awaiting_invoice,
                "awaiting_invoice",
                deals,
                "awaiting=invoice",
                "awaiting-invoice",
                m,
                a,
            ),
        ),
        cell(
            labels["payment"],
            _figure(
                f.awaiting_payment,
                "awaiting_payment",
                deals,
                "awaiting=payment",
                "awaiting-payment",
                m,
                a,
            ),
        ),
        cell(labels["overdue_invoices"], owed),
        cell(labels["pace"], pace, format_html(' data-testid="pace-{}"', user)),
        labels["review"],
        reviewed,
    )
