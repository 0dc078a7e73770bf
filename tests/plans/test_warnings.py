"""The Monday e-mail: each head gets the lines he sees as of Sunday, who is behind and on what."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction

from otdel.control.tasks import weekly_report_on_monday
from otdel.org.models import User
from otdel.plans.services import plan_approve, plan_create
from otdel.plans.warnings import send_weekly_warnings

from .test_plans import SPLIT, set_figures


@pytest.fixture
def approved(people, november_done):
    for user in (people.owner, people.hunters_lead, people.hunter1):
        user.email = f"{user.username}@example.com"
        user.save()
    plan = plan_create(kind="month", day=date(2026, 11, 1), acting_user=people.head)
    set_figures(plan, people, SPLIT)
    plan_approve(plan=plan, acting_user=people.owner)
    return plan


def test_monday_mail_tells_each_head_who_is_behind_in_his_language(
    people, approved, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=people.hunters_lead.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        sent = call_command("plan-warnings", "--today", "2026-11-23", "--json", stdout=StringIO())
    assert sent is None
    by_address = {m.to[0]: m for m in mail.outbox}
    # The head of sales has no address; hunter1 leads nobody.
    assert set(by_address) == {"owner@example.com", "hunters_lead@example.com"}
    owner = by_address["owner@example.com"]
    assert owner.subject == "План и факт на 22 ноября 2026: отстают 6 из 6"
    assert f"{people.hunter2}:\n  Оплаченная выручка: 0 из" in owner.body
    lead = by_address["hunters_lead@example.com"]
    assert lead.subject.startswith("Plan and fact at Nov. 22, 2026:")
    assert str(people.farmer1) not in lead.body and str(people.hunter2) in lead.body


def test_dry_run_sends_nothing_and_the_task_sends_on_monday(
    people, approved, time_machine, django_capture_on_commit_callbacks
):
    out = StringIO()
    call_command("plan-warnings", "--today", "2026-11-23", "--dry-run", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["sent"] is False and len(result["emails"]) == 2 and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_report_on_monday.call_local() == 2
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="not a date"):
        call_command("plan-warnings", "--today", "23.11.2026")


def test_no_warning_leaves_when_the_transaction_rolls_back(
    people, approved, django_capture_on_commit_callbacks
):
    class Rollback(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        assert len(send_weekly_warnings(today=date(2026, 11, 23))) == 2
        raise Rollback
    assert callbacks == [] and mail.outbox == []
