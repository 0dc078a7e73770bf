"""The Monday e-mail to those who lead people (METHOD 6: a monthly report is an autopsy): the
plan against the fact at the end of the week just over, and who is behind, while the period
can still be saved. Run by huey on Mondays and by `otdel plan-warnings`."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from otdel.days import day
from otdel.numbers import percent, whole
from otdel.org.language import language_of
from otdel.org.models import Department, Position, User

from .models import Metric
from .selectors import LineProgress, current_progress


@dataclass
class PlanWarning:
    to: User
    behind: list[LineProgress]
    lines: int
    subject: str
    body: str


def heads() -> list[User]:
    """The owner, the head of sales and every department's head, with an e-mail address."""
    heads = Department.objects.exclude(head=None).values("head")
    return list(
        User.objects.filter(
            Q(position__in=(Position.OWNER, Position.HEAD_OF_SALES)) | Q(pk__in=heads),
            is_active=True,
        )
        .exclude(email="")
        .order_by("pk")
    )


def compose(user: User, as_of: date) -> PlanWarning | None:
    plan, report = current_progress(user, as_of)
    if plan is None or not report:
        return None
    behind = [r for r in report if r.behind]
    subject = _("Plan and fact at %(day)s: %(behind)s of %(lines)s behind") % {
        "day": day(as_of),
        "behind": len(behind),
        "lines": len(report),
    }
    text = [
        _("%(plan)s, at the end of %(day)s.") % {"plan": plan, "day": day(as_of)},
        "",
    ]
    for r in behind:
        text.append(f"{r.line}:")
        for metric in r.behind:
            p = r.metrics[metric]
            text.append(
                "  "
                + _(
                    "%(metric)s: %(fact)s of %(expected)s due by now (%(percent)s); "
                    "forecast %(forecast)s of %(plan)s"
                )
                % {
                    "metric": Metric(metric).label,
                    "fact": whole(p.fact),
                    "expected": whole(p.expected),
                    "percent": percent(p.percent_of_pace),
                    "forecast": whole(p.run_rate),
                    "plan": whole(p.plan),
                }
            )
    if not behind:
        text.append(_("Nobody is behind."))
    revenue = report[0].metrics[Metric.REVENUE]
    text += [
        "",
        _(
            "%(line)s, paid revenue: %(fact)s of %(plan)s; this week %(week)s of "
            "%(week_plan)s; with the pipeline %(pipeline)s."
        )
        % {
            "line": report[0].line,
            "fact": whole(revenue.fact),
            "plan": whole(revenue.plan),
            "week": whole(revenue.week_fact),
            "week_plan": whole(revenue.week_plan),
            "pipeline": whole(revenue.with_pipeline),
        },
    ]
    return PlanWarning(user, behind, len(report), subject, "\n".join(text))


def send_weekly_warnings(*, today: date, dry_run: bool = False) -> list[PlanWarning]:
    """One e-mail to each head about the lines he sees, as of yesterday (Sunday: the week's
    end), each in his own language."""
    as_of = today - timedelta(days=1)
    sent = []
    for user in heads():
        with translation.override(language_of(user)):
            warning = compose(user, as_of)
            if warning is None:
                continue
            if not dry_run:
                # Sent once the caller's transaction commits (at once from the job and the
                # command), never from one that rolls back.
                email = EmailMessage(warning.subject, warning.body, to=[user.email])
                transaction.on_commit(email.send)
            sent.append(warning)
    return sent
