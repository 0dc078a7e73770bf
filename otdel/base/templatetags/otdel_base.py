from collections.abc import Iterable, Sequence

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from otdel.base.models import Company
from otdel.base.rules import format_phone
from otdel.stages import config
from otdel.web import Column, row_url

register = template.Library()


@register.filter
def phone(number: str) -> str:
    """A stored E.164 phone as people read it: +7 495 123-45-67."""
    return format_phone(number)


# Each cell after the name carries its column's name, which a phone shows before the value
# (table.cards-on-phone): the list reads as a card a company there, not a sideways scroll.
_COMPANY_ROW = (
    "\n        <tr>"
    '\n          <td class="tick"><input type="checkbox" name="companies" value="{}"'
    ' form="bulk-form" aria-label="{}"></td>'
    '\n          <td><a href="{}">{}</a></td>'
    + '\n          <td data-label="{}">{}</td>' * 9
    + "\n        </tr>\n      "
)


@register.simple_tag
def company_rows(companies: Iterable[Company], columns: Sequence[Column]) -> SafeString:
    """The rows of the company list under the header `columns`. Built here, not by a template
    loop: its eleven cells of fifty rows through the template engine were a quarter of the
    page's time (issue 15)."""
    labels = [str(column.label) for column in columns[1:]]
    algorithm = config.current()
    in_work = format_html('<span class="muted">{}</span>', gettext("in work"))

    def cells(company: Company) -> tuple:
        section = (
            format_html(
                '<span class="badge section-{}">{}</span>',
                company.section,
                company.get_section_display(),
            )
            if company.section
            else in_work
        )
        abc = (
            format_html(
                '<span class="badge abc-{}">{}</span>', company.abc_class, company.abc_class
            )
            if company.abc_class
            else ""
        )
        phones = company.own_phones
        tick = gettext("Tick %(name)s") % {"name": conditional_escape(company.display_name)}
        values = (
            company.tax_id,
            section,
            algorithm.label(company.state) if company.state else "",
            company.get_size_tag_display(),
            abc,
            company.category or "",
            company.territory or "",
            company.owner or "",
            format_phone(phones[0].number) if phones else "",
        )
        return (
            company.pk,
            mark_safe(tick),  # noqa: S308 - the translator's text and the escaped name
            row_url("base:company_detail", company.pk),
            company.display_name,
            *(cell for pair in zip(labels, values, strict=True) for cell in pair),
        )

    return format_html_join("", _COMPANY_ROW, (cells(company) for company in companies))
