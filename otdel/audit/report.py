"""The audit as its reader gets it, on the page and in the PDF alike: findings worst first with
their numbers, the hunters' quarters as a chart, and the plan of changes in METHOD's order."""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from otdel import charts, numbers

from . import rules, texts
from .selectors import Audit


def _number(value: float, unit: str) -> str:
    shown = formats.number_format(value, decimal_pos=1 if unit else 0, use_l10n=True)
    return f"{shown} %" if unit else shown


def evidence_url(code: str, audit: Audit) -> str:
    query = urlencode({"as_of": audit.as_of.isoformat(), "months": audit.months})
    return f"{reverse('audit:evidence', args=[code])}?{query}"


def finding_rows(audit: Audit) -> list[dict[str, Any]]:
    rows = []
    for finding in audit.findings:
        text = texts.FINDINGS[finding.code]
        scale = max(finding.value, finding.threshold, 1.0)
        rows.append(
            {
                "code": finding.code,
                "title": str(text.title),
                "measured": str(text.measured),
                "value": _number(finding.value, text.unit),
                "threshold": _number(finding.threshold, text.unit),
                "direction": "≤"
                if rules.RULES[finding.code].direction is rules.Direction.ABOVE
                else "≥",
                "severity": finding.severity.name.lower(),
                "severity_label": str(texts.SEVERITY[finding.severity.value]),
                "count": finding.count,
                "count_shown": numbers.whole(finding.count),
                "method": finding.method,
                "remedy": str(text.remedy),
                "evidence": evidence_url(finding.code, audit),
                "setting": reverse(texts.STEPS[finding.step].setting),
                "setting_label": str(texts.STEPS[finding.step].setting_label),
                # Bar widths in per cent of the larger of value and threshold, for the charts.
                "value_width": round(finding.value * 100 / scale),
                "threshold_at": round(finding.threshold * 100 / scale),
                "trend": [_number(v, "%") for v in finding.trend],
            }
        )
    return rows


def plan_of_changes(audit: Audit) -> list[dict[str, Any]]:
    steps = []
    for number, (step, method, findings) in enumerate(rules.steps_needed(audit.findings), 1):
        text = texts.STEPS[step]
        steps.append(
            {
                "number": number,
                "title": str(text.title),
                "what": str(text.what),
                "method": method,
                "setting": reverse(text.setting),
                "setting_label": str(text.setting_label),
                "findings": [str(texts.FINDINGS[f.code].title) for f in findings],
            }
        )
    return steps


def hunters_chart(audit: Audit) -> charts.BarChart | None:
    if not audit.hunters_quarters:
        return None
    return charts.grouped_bars(
        [quarter for quarter, _t, _o in audit.hunters_quarters],
        [
            (_("All activities"), "plan", [Decimal(t) for _q, t, _o in audit.hunters_quarters]),
            (_("On existing clients"), "fact", [Decimal(o) for *_r, o in audit.hunters_quarters]),
        ],
        group=64,
    )


def summary(audit: Audit) -> dict[str, int]:
    by_severity = {s.name.lower(): 0 for s in rules.Severity}
    for finding in audit.findings:
        by_severity[finding.severity.name.lower()] += 1
    return {"checked": len(audit.measures), "found": len(audit.findings), **by_severity}


def as_json(audit: Audit) -> dict[str, Any]:
    """The command's --json: a finding is listed only when its threshold is crossed."""
    return {
        "as_of": audit.as_of.isoformat(),
        "months": audit.months,
        "findings": [
            {
                "code": f.code,
                "value": f.value,
                "threshold": f.threshold,
                "severity": f.severity.name.lower(),
                "count": f.count,
            }
            for f in audit.findings
        ],
        "summary": summary(audit),
    }


def pdf_data(audit: Audit, language: str, address: str = "") -> dict[str, Any]:
    """The data of templates/typst/audit.typ, every text in the reader's language."""
    return {
        "lang": language,
        "title": _("Audit of the sales system"),
        "period": _("%(first)s – %(last)s, %(months)s months")
        % {
            "first": formats.date_format(audit.first, "SHORT_DATE_FORMAT"),
            "last": formats.date_format(audit.as_of, "SHORT_DATE_FORMAT"),
            "months": audit.months,
        },
        "lead": _(
            "%(found)s of %(checked)s checks crossed their threshold; the worst first. Each "
            "names the rule of the method that answers it and the page of Otdel that applies it."
        )
        % summary(audit),
        "none": _("No check crossed its threshold."),
        "address": address,
        "heads": {
            "value": _("Measured"),
            "threshold": _("Threshold"),
            "severity": _("Severity"),
            "count": _("Rows concerned"),
            "remedy": _("What to do"),
            "where": _("Where in Otdel"),
            "quarters": _("Hunters' activities on existing clients, by quarter"),
            "plan": _("Plan of changes, in the method's order"),
            "method": _("METHOD"),
            "answers": _("Answers"),
            "all_activities": _("All activities"),
            "on_clients": _("On existing clients"),
        },
        "findings": finding_rows(audit),
        "steps": plan_of_changes(audit),
        "quarters": [
            {"quarter": q, "total": t, "on_clients": o, "share": _number(rules.share(o, t), "%")}
            for q, t, o in audit.hunters_quarters
        ],
        "footer": _("Otdel · audit as of %(date)s") % {"date": audit.as_of.isoformat()},
    }
