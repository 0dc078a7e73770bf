"""The weekly report: its parts, the command, the PDF and the spreadsheet, the page and the
heads' Monday e-mail."""

import json
from io import BytesIO, StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from otdel.control.tasks import weekly_report_on_monday
from otdel.org.models import User
from otdel.reports.mail import send_weekly_reports
from otdel.reports.rules import IsoWeek
from otdel.reports.selectors import weekly_report
from tests.conftest import client_for

KEYS = {"week", "managers", "plan_fact", "funnel", "new_clients", "handoffs", "abc_moves"}
KEYS |= {"black_hole", "overdue_payments"}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_the_report_of_week_46_has_the_deal_without_money_and_the_overdue_invoice(people, money):
    report = weekly_report(IsoWeek(2026, 46), people.head)
    assert [deal.title for deal in report.black_hole] == ["Лампы"]
    assert [i.deal_id for i in report.overdue_payments] == [money.pk]
    line = next(line for line in report.managers if line.manager == people.hunter1)
    assert (line.black_hole, line.overdue) == (1, money.invoices.get().amount)
    # B went from the 1st contact to the 2nd on Monday of week 46; A to the deal on Friday of 45.
    assert (line.entered, line.moved_on) == (1, 0)


def test_a_head_reads_his_departments_and_a_manager_himself(people, money):
    lead = weekly_report(IsoWeek(2026, 46), people.hunters_lead)
    assert people.farmer1 not in [line.manager for line in lead.managers]
    other = weekly_report(IsoWeek(2026, 46), people.hunter2)
    assert [line.manager for line in other.managers] == [people.hunter2]
    assert other.black_hole == [] and other.overdue_payments == []


def test_the_command_prints_one_json_object(people, money):
    out = StringIO()
    call_command("weekly-report", "--week", "2026-W45", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert set(report) >= KEYS
    assert report["week"] == "2026-W45"
    funnel = {row["state"]: row for row in report["funnel"]}
    assert {"state", "entered", "moved_on", "lost", "median_days"} <= set(funnel["contact_1"])
    # A, B, B again after triage, and hunter2's C.
    assert (funnel["contact_1"]["entered"], funnel["contact_1"]["lost"]) == (4, 1)
    assert funnel["contact_1"]["lost_reasons"] == {"Нет денег": 1}
    assert [d["deal"] for d in report["black_hole"]] == ["Лампы"]
    assert report["overdue_payments"] == []  # due in week 46


@pytest.mark.parametrize("week", ["2026-46", "46", "2025-W53"])
def test_a_bad_week_is_a_clear_error(db, week):
    with pytest.raises(CommandError, match="--week: .*ISO"):
        call_command("weekly-report", "--week", week, "--json", stdout=StringIO())


def test_the_pdf_and_the_spreadsheet_say_what_the_page_says(people, money, tmp_path):
    pdf, xlsx = tmp_path / "week.pdf", tmp_path / "week.xlsx"
    call_command("weekly-report", "--week", "2026-W46", "--pdf", pdf, "--xlsx", xlsx)
    text = pdf_text(pdf.read_bytes())
    assert "Еженедельный отчёт, 46-я неделя 2026 года" in text
    assert "Лампы" in text and str(people.hunter1) in text
    assert "СЧ-" in text  # the overdue invoice's number
    book = load_workbook(xlsx)
    assert "Воронка" in book.sheetnames
    funnel = list(book["Воронка"].values)
    assert funnel[0][:3] == ("Этап", "Вошли", "Пошли дальше")
    assert funnel[3][:2] == ("2-й контакт", 1)


def test_the_page_shows_the_week_and_offers_the_pdf(people, money):
    url = reverse("reports:weekly") + "?week=2026-W46"
    response = client_for(people.hunters_lead).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Лампы" in html and str(people.farmer1) not in html
    pdf = client_for(people.hunters_lead).get(url + "&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Лампы" in pdf_text(pdf.content)


def test_a_bad_week_on_the_page_says_how_to_write_it(people):
    response = client_for(people.head).get(reverse("reports:weekly") + "?week=46")
    assert response.status_code == 400
    assert "YYYY-Www" in response.content.decode()


def test_those_who_neither_sell_nor_lead_see_no_report(people):
    for who in (people.pm1, people.outsider):
        assert client_for(who).get(reverse("reports:weekly")).status_code == 403
        assert client_for(who).get(reverse("reports:funnel")).status_code == 403


@pytest.fixture
def addressed(people):
    for user in (people.owner, people.hunters_lead, people.hunter1):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@example.com")


def test_monday_mail_brings_each_head_his_report_as_a_pdf(
    people, money, addressed, clock, django_capture_on_commit_callbacks
):
    clock.day(14)  # Monday of week 47: the report is about week 46
    User.objects.filter(pk=people.hunters_lead.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_report_on_monday.call_local() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    # hunter1 leads nobody; the head of sales has no address.
    assert set(by_address) == {"owner@example.com", "hunters_lead@example.com"}
    owner = by_address["owner@example.com"]
    assert owner.subject.startswith("Еженедельный отчёт, 46-я неделя 2026 года")
    ((name, content, kind),) = owner.attachments
    assert (name, kind) == ("weekly-report-2026-W46.pdf", "application/pdf")
    assert "Лампы" in pdf_text(content)
    lead = by_address["hunters_lead@example.com"]
    assert lead.subject.startswith("Weekly report, week 46 of 2026")
    assert "Black-hole deals: 1" in lead.body


def test_no_report_leaves_when_the_transaction_rolls_back(
    people, money, addressed, django_capture_on_commit_callbacks
):
    class Rollback(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        assert len(send_weekly_reports(today=money.created_at.date())) == 2
        raise Rollback
    assert callbacks == [] and mail.outbox == []
