"""A payslip as people read it: each line's name and numbers in words (the rules name the
lines in English), for the pay pages, their spreadsheets and `otdel payroll`."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

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
