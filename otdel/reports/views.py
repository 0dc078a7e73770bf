"""The funnel from history and the weekly report: pages that only read, through selectors.py."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.charts import grouped_bars
from otdel.exports import XLSX_TYPE

from . import documents, rules, selectors
from .forms import FunnelForm, week_from


def _reader(request: HttpRequest):
    if not selectors.may_see_reports(request.user):
        raise PermissionDenied(gettext_lazy("Reports are for those who sell and their heads."))
    return request.user


@login_required
def funnel(request: HttpRequest) -> HttpResponse:
    """How companies went through the states in a period, against the period before."""
    viewer = _reader(request)
    form = FunnelForm(request.GET, viewer=viewer, today=timezone.localdate())
    report = chart = None
    if form.is_valid():
        cohort = selectors.cohort_of(selectors.reported_managers(viewer), form.cohort())
        report = selectors.funnel_report(
            cohort, form.cleaned_data["first"], form.cleaned_data["last"]
        )
        chart = grouped_bars(
            [line.label for line in report.lines],
            [
                (_("Entered before"), "plan", [line.before.entered for line in report.lines]),
                (_("Entered"), "fact", [line.now.entered for line in report.lines]),
                (_("Moved on"), "moved-on", [line.now.moved_on for line in report.lines]),
                (_("Lost"), "lost", [line.now.lost for line in report.lines]),
            ],
            group=84,
        )
    return render(request, "reports/funnel.html", {"form": form, "report": report, "chart": chart})


@login_required
def weekly(request: HttpRequest) -> HttpResponse:
    """The week's report on the page, or as PDF or XLSX (`?format=`)."""
    viewer = _reader(request)
    try:
        week = week_from(request.GET.get("week"), timezone.localdate())
    except ValueError as error:
        return render(
            request, "reports/weekly.html", {"error": str(error), "week": None}, status=400
        )
    report = selectors.weekly_report(week, viewer)
    name = f"weekly-report-{week}"
    kind = request.GET.get("format")
    if kind == "pdf":
        response = HttpResponse(documents.pdf_bytes(report), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    if kind == "xlsx":
        response = HttpResponse(documents.xlsx_bytes(report), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return render(
        request,
        "reports/weekly.html",
        {
            "week": week,
            "report": report,
            "managers": report.managers,
            "black_hole": report.black_hole,
            "overdue_payments": report.overdue_payments,
            "title": documents.title_of(report),
            "summary": documents.summary(report),
            "tables": [
                (table, [[documents.text_of(v) for v in row] for row in table.rows])
                for table in documents.tables(report)
            ],
            "previous": rules.week_of(week.monday - timedelta(days=7)),
            "next": rules.week_of(week.monday + timedelta(days=7)),
        },
    )
