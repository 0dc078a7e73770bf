from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.pdf import pdf_response

from . import report, rules, selectors, texts


class PeriodForm(forms.Form):
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False)
    months = forms.IntegerField(
        label=gettext_lazy("Months"), min_value=1, max_value=36, required=False
    )


def _period(request: HttpRequest) -> tuple[PeriodForm, date, int]:
    """The audit's date and months from the address; today and 12 when absent or wrong."""
    form = PeriodForm(request.GET)
    valid = form.is_valid()
    as_of = (form.cleaned_data.get("as_of") if valid else None) or timezone.localdate()
    months = (form.cleaned_data.get("months") if valid else None) or rules.DEFAULT_MONTHS
    return form, as_of, months


def _auditor(request: HttpRequest) -> None:
    """The owner and the heads: those who lead people (a department head his departments)."""
    if not request.user.leads_people:
        raise PermissionDenied(_("The audit is for the owner and the heads of sales."))


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    _auditor(request)
    form, as_of, months = _period(request)
    result = selectors.audit(request.user, as_of, months)
    return render(
        request,
        "audit/audit.html",
        {
            "form": form,
            "audit": result,
            "findings": report.finding_rows(result),
            "steps": report.plan_of_changes(result),
            "summary": report.summary(result),
            "chart": report.hunters_chart(result),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def audit_pdf(request: HttpRequest) -> HttpResponse:
    _auditor(request)
    _form, as_of, months = _period(request)
    result = selectors.audit(request.user, as_of, months)
    data = report.pdf_data(result, translation.get_language(), request.build_absolute_uri("/"))
    return pdf_response(f"audit-{as_of.isoformat()}", "audit.typ", data)


@login_required
def evidence(request: HttpRequest, code: str) -> HttpResponse:
    _auditor(request)
    if code not in rules.RULES:
        raise Http404
    _form, as_of, months = _period(request)
    found = selectors.evidence(request.user, code, as_of, months)
    return render(
        request,
        "audit/evidence.html",
        {
            "code": code,
            "text": texts.FINDINGS[code],
            "evidence": found,
            "as_of": as_of,
            "months": months,
            "query": request.GET.urlencode(),
        },
    )
