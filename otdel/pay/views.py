from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.exports import xlsx_response
from otdel.org.selectors import led_people
from otdel.plans.selectors import own_progress

from .payslip import PAYROLL_HEADER, payroll_rows
from .selectors import month_of, pay_of, payroll


def _month(request: HttpRequest):
    try:
        return month_of(request.GET.get("month", ""))
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def my_pay(request: HttpRequest) -> HttpResponse:
    """ "If the month ended today: X; with your open pipeline: Y", line by line."""
    month = _month(request)
    today = timezone.localdate()
    pay = pay_of(request.user, month, today)
    plan, mine = own_progress(request.user, today)
    return render(
        request, "pay/my_pay.html", {"pay": pay, "month": month, "plan": plan, "mine": mine}
    )


@login_required
def payroll_page(request: HttpRequest) -> HttpResponse:
    if not request.user.leads_people:
        raise PermissionDenied(_("Payroll is for those who lead people."))
    month = _month(request)
    # A department head: his departments' people only (issue 12).
    people = led_people(request.user).order_by("last_name", "username")
    pays = payroll(month, timezone.localdate(), people)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"payroll-{month:%Y-%m}", PAYROLL_HEADER, payroll_rows(pays))
    return render(request, "pay/payroll.html", {"pays": pays, "month": month})
