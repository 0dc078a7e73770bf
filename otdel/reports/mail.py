"""The Monday e-mail to those who lead people (METHOD 6: the head corrects course week by
week): who is behind the plan, the week in a few lines, and the weekly report as a PDF. Run by
the Monday job in control/tasks.py and by `otdel weekly-report --mail`."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation

from otdel.org.language import language_of
from otdel.org.models import User
from otdel.plans.warnings import compose, heads

from . import documents, rules
from .selectors import WeeklyReport, may_see_reports, weekly_report


@dataclass
class WeeklyMail:
    to: str
    subject: str
    body: str
    pdf_name: str


def send_weekly_reports(
    *, today: date, week: rules.IsoWeek | None = None, dry_run: bool = False
) -> list[WeeklyMail]:
    """One e-mail to each head about the managers he leads, in his own language, about the
    last full week (Sunday, the day before a Monday run, is its end)."""
    week = week or rules.week_of(today - timedelta(days=7))
    sent = []
    for user in heads():
        if not may_see_reports(user):
            continue
        with translation.override(language_of(user)):
            report = weekly_report(week, user)
            mail = _compose(user, report)
            if not dry_run:
                email = EmailMessage(mail.subject, mail.body, to=[mail.to])
                email.attach(mail.pdf_name, documents.pdf_bytes(report), "application/pdf")
                # Sent once the caller's transaction commits, never from one that rolls back.
                transaction.on_commit(email.send)
            sent.append(mail)
    return sent


def _compose(user: User, report: WeeklyReport) -> WeeklyMail:
    week = report.week
    lines = [documents.title_of(report), "", *documents.summary(report)]
    warning = compose(user, week.sunday)
    if warning is not None:
        lines += ["", warning.body]
    return WeeklyMail(
        to=user.email,
        subject=documents.title_of(report),
        body="\n".join(lines),
        pdf_name=f"weekly-report-{week}.pdf",
    )
