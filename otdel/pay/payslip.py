"""A payslip as people read it: each line's name and numbers in words (the rules name the
lines in English), for the pay pages, their spreadsheets and `otdel payroll`."""

from django.utils.translation import gettext_lazy as _

from otdel.numbers import amount, percent, plain

from .rules import Line
from .selectors import Pay

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
    "commission": _("%(percent)s of %(amount)s"),
    "plan bonus": _("plan %(plan)s, done %(done)s = %(fulfilment)s"),
    "plan penalty": _("done %(fulfilment)s, below %(floor)s"),
    "activity KPI": _("%(done)s of %(planned)s activities: variable pay × %(multiplier)s"),
}
PAYROLL_HEADER = ("login", "name", "line", "detail", "amount")


# Facts that are shares read as percentages (10 %), the multiplier as typed (0,8).
PERCENT_FACTS = ("percent", "fulfilment", "floor")


def describe(line: Line) -> str:
    facts = {
        k: v
        if isinstance(v, int)
        else percent(v)
        if k in PERCENT_FACTS
        else plain(v)
        if k == "multiplier"
        else amount(v)
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
