from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from otdel.exports import xlsx_response
from otdel.org.selectors import led_people
from otdel.plans.selectors import own_progress

from .rules import Line
from .selectors import Pay, month_of, pay_of, payroll

# The payslip's lines, as people read them (the rules name them in English).
LABELS = {
    "base": _("Base salary"),
    "new sales": _("New sales"),
    "repeat sales": _("Repeat sales"),
    "hunter share": _("Share of handed-off clients"),
    "plan bonus": _("Plan bonus"),
    "plan penalty": _("Plan missed"),
    "activity KPI": _("Activity KPI"),
}
# How each line's numbers read (group and commission lines share one wording).
DETAILS = {
    "base": _("%(salary)s × %(days)s of %(month_days)s days"),
    "commission": _("%(percent)s %% of %(amount)s"),
    "plan bonus": _("plan %(plan)s, done %(done)s = %(fulfilment)s %%"),
    "plan penalty": _("done %(fulfilment)s %%, below %(floor)s %%"),
    "activity KPI": _("%(done)s of %(planned)s activities: variable pay × %(multiplier)s"),
}
PAYROLL_HEADER = ("login", "name", "line", "detail", "amount")


def describe(line: Line) -> str:
    facts = {
        k: v
        if isinstance(v, int)
        else number_format(
            v.normalize() if k in ("percent", "multiplier", "fulfilment", "floor") else v,
            force_grouping=True,
        )
        for k, v in line.facts.items()
    }
    return str(DETAILS.get(line.label, DETAILS["commission"])) % facts


def label(text: str) -> str:
    if text.startswith("group "):
        return str(_("Product group %(id)s") % {"id": text.removeprefix("group ")})
    return str(LABELS.get(text, text))


def payroll_rows(pays: list[Pay]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for pay in pays:
        rows += [
            (pay.user.username, str(pay.user), label(line.label), describe(line), line.amount)
            for line in pay.now.lines
        ]
        rows.append((pay.user.username, str(pay.user), str(_("Total")), "", pay.now.total))
    return rows


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
        raise PermissionDenied("Payroll is for those who lead people")
    month = _month(request)
    # A department head: his departments' people only (issue 12).
    people = led_people(request.user).order_by("last_name", "username")
    pays = payroll(month, timezone.localdate(), people)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"payroll-{month:%Y-%m}", PAYROLL_HEADER, payroll_rows(pays))
    return render(request, "pay/payroll.html", {"pays": pays, "month": month})
