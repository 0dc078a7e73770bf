"""Control's repeated cells, built in Python: a head of 200 managers reads 1,000 figures and
a page of reassignments offers each of them in 25 lists; as included templates they cost more
than the rest of the page (bench: issue 16, Control under 300 ms)."""

from collections.abc import Sequence

from django import template
from django.template.context import Context
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from otdel.org.models import User

register = template.Library()


@register.simple_tag
def figure(
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
