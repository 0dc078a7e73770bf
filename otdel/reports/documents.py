"""The weekly report as tables, one list for the page, the PDF (typst) and the XLSX alike, so
the three cannot disagree. Cells keep their values (numbers stay numbers in the spreadsheet);
`text_of` writes them as people read them."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from otdel.days import short_day
from otdel.exports import xlsx_book_bytes
from otdel.numbers import money, percent, plain, whole
from otdel.pdf import render_pdf
from otdel.plans.models import Metric

from .selectors import WeeklyReport


@dataclass(frozen=True)
class Percent:
    """A share in per cent, or none (nothing to divide by)."""

    value: Decimal | None


@dataclass(frozen=True)
class Days:
    """A number of days with its tenth (a median), or none (no stay ended)."""

    value: Decimal | None


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    empty: str = ""


def text_of(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Percent):
        return "—" if value.value is None else percent(value.value)
    if isinstance(value, Days):
        return "—" if value.value is None else plain(value.value)
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, datetime):
        return short_day(timezone.localdate(value))
    if isinstance(value, date):
        return short_day(value)
    if isinstance(value, Decimal):
        return whole(value)  # a summary: amounts and counts read best whole
    if isinstance(value, int):
        return whole(value)
    return str(value)


def cell_of(value: Any) -> Any:
    """The value as a spreadsheet keeps it."""
    if isinstance(value, Percent | Days):
        return value.value
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _managers(report: WeeklyReport) -> Table:
    metrics = [Metric.REVENUE, Metric.NEW_CLIENTS, Metric.DEALS_WON, Metric.CALLS]
    metrics += [Metric.MEETINGS, Metric.PROPOSALS]
    return Table(
        "managers",
        _("Managers"),
        [_("Manager"), _("Department"), *[str(m.label) for m in metrics]]
        + [_("Entered states"), _("Moved on"), _("Lost"), _("Black-hole deals"), _("Overdue")],
        [
            [
                str(line.manager),
                str(line.manager.department or ""),
                *[line.facts[m.value] for m in metrics],
                line.entered,
                line.moved_on,
                line.lost,
                line.black_hole,
                line.overdue,
            ]
            for line in report.managers
        ],
        _("Nobody sells in this part of the department."),
    )


def _plan_fact(report: WeeklyReport) -> Table:
    """Each line's paid revenue with its pace, and the metrics it is behind on: read in a
    minute, the figures of each metric are on the plan's own page."""
    rows = []
    for progress in report.plan_fact:
        p = progress.metrics[Metric.REVENUE]
        rows.append(
            [
                str(progress.line),
                p.plan,
                p.expected,
                p.fact,
                Percent(p.percent_of_pace if p.expected else None),
                p.week_plan,
                p.week_fact,
                p.run_rate,
                ", ".join(progress.behind_labels),
            ]
        )
    return Table(
        "plan_fact",
        _("Plan and fact") + (f": {report.plan}" if report.plan else ""),
        [
            _("Line"),
            pgettext("amount", "Plan"),
            _("Due by now"),
            _("Fact"),
            _("Pace"),
            _("Week's plan"),
            _("Week's fact"),
            _("Forecast"),
            _("Behind on"),
        ],
        rows,
        _("No approved plan holds this week."),
    )


def _funnel(report: WeeklyReport) -> Table:
    return Table(
        "funnel",
        _("Funnel"),
        [
            _("State"),
            _("Entered"),
            _("Moved on"),
            _("Conversion"),
            _("Lost"),
            _("Median days"),
            _("Entered the week before"),
            _("Conversion the week before"),
            _("Why lost"),
        ],
        [
            [
                line.label,
                line.now.entered,
                line.now.moved_on,
                Percent(line.now.conversion),
                line.now.lost,
                Days(line.now.median_days),
                line.before.entered,
                Percent(line.before.conversion),
                "; ".join(f"{name or '—'}: {n}" for name, n in line.now.lost_reasons),
            ]
            for line in report.funnel.lines
        ],
    )


def _handoffs(report: WeeklyReport) -> Table:
    return Table(
        "handoffs",
        _("Hand-offs to farmers"),
        [_("Day"), _("Company"), _("From"), _("To")],
        [[e.at, str(e.company), e.old_value, e.new_value] for e in report.handoffs],
        _("No client was handed off this week."),
    )


def _abc_moves(report: WeeklyReport) -> Table:
    return Table(
        "abc_moves",
        _("ABC(D) moves"),
        [_("From"), _("To"), _("Companies")],
        [[a, b, n] for a, b, n in report.abc_moves],
        _("No client changed its class this week."),
    )


def _black_hole(report: WeeklyReport) -> Table:
    return Table(
        "black_hole",
        _("Black-hole deals: the client said yes, the money is not in"),
        [_("Deal"), _("Company"), _("Manager"), _("Amount"), _("Invoiced"), _("Paid")],
        [
            [
                deal.title,
                str(deal.company),
                str(deal.owner),
                deal.amount,
                deal.invoiced_amount,  # type: ignore[attr-defined]
                deal.paid_amount,  # type: ignore[attr-defined]
            ]
            for deal in report.black_hole
        ],
        _("No deal waits for an invoice or a payment."),
    )


def _overdue(report: WeeklyReport) -> Table:
    return Table(
        "overdue_payments",
        _("Overdue payments"),
        [_("Invoice"), _("Company"), _("Manager"), _("Due"), _("Days overdue"), _("Owed")],
        [
            [
                invoice.number,
                str(invoice.deal.company),
                str(invoice.deal.owner),
                invoice.due_on,
                (report.week.sunday - invoice.due_on).days,
                invoice.outstanding_amount,  # type: ignore[attr-defined]
            ]
            for invoice in report.overdue_payments
        ],
        _("No payment is overdue."),
    )


def tables(report: WeeklyReport) -> list[Table]:
    return [
        _managers(report),
        _plan_fact(report),
        _funnel(report),
        _handoffs(report),
        _abc_moves(report),
        _black_hole(report),
        _overdue(report),
    ]


def title_of(report: WeeklyReport) -> str:
    return _("Weekly report, week %(number)s of %(year)s: %(first)s – %(last)s") % {
        "number": report.week.week,
        "year": report.week.year,
        "first": short_day(report.week.monday),
        "last": short_day(report.week.sunday),
    }


def summary(report: WeeklyReport) -> list[str]:
    """The week in a few lines: the top of the page, the PDF and the e-mail."""
    revenue = sum((line.facts[Metric.REVENUE] for line in report.managers), Decimal(0))
    entered = sum(line.now.entered for line in report.funnel.lines)
    return [
        _("Paid revenue: %(revenue)s; new clients: %(new)s.")
        % {"revenue": money(revenue), "new": report.new_clients},
        _("Entries into the funnel's states: %(now)s (the week before: %(before)s).")
        % {"now": entered, "before": sum(line.before.entered for line in report.funnel.lines)},
        _("Black-hole deals: %(deals)s; overdue invoices: %(invoices)s.")
        % {"deals": len(report.black_hole), "invoices": len(report.overdue_payments)},
    ]


def pdf_bytes(report: WeeklyReport) -> bytes:
    return render_pdf(
        "weekly_report.typ",
        {
            "title": title_of(report),
            "lang": (get_language() or "ru")[:2],
            "about": summary(report),
            "footer": str(report.week),
            "tables": [
                {
                    "title": t.title,
                    "header": t.header,
                    "rows": [[text_of(v) for v in row] for row in t.rows],
                    "empty": t.empty,
                }
                for t in tables(report)
            ],
        },
    )


def xlsx_bytes(report: WeeklyReport) -> bytes:
    return xlsx_book_bytes(
        (t.title, t.header, ([cell_of(v) for v in row] for row in t.rows)) for t in tables(report)
    )
