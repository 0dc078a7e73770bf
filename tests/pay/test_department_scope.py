"""Payroll by scope (issue 12): a department head reads his departments' payslips only, on the
page and in its spreadsheet; the owner and the head of sales read everyone's; a manager his own."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from otdel.org.models import Position
from otdel.pay.models import PayAssignment, PayScheme
from tests.conftest import client_for
from tests.factories import UserFactory

PAYROLL = reverse("pay:payroll") + "?month=2026-11"


@pytest.fixture
def schemes(people):
    """Everyone who sells has a pay scheme, so that everyone has a payslip."""
    farmers = people.farmer1.department
    farmers_lead = UserFactory(
        username="farmers_lead", position=Position.DEPARTMENT_HEAD, department=farmers
    )
    farmers.head = farmers_lead
    farmers.save()
    scheme = PayScheme.objects.create(
        name="Оклад", base_salary=30000, new_percent=0, repeat_percent=0, hunter_share_percent=0
    )
    for user in (
        people.hunters_lead,
        people.hunter1,
        people.hunter2,
        people.farmer1,
        farmers_lead,
        people.pm1,
    ):
        PayAssignment.objects.create(user=user, scheme=scheme, since=date(2026, 1, 1))
    return farmers_lead


def logins(user, url: str = PAYROLL) -> set[str]:
    return {pay.user.username for pay in client_for(user).get(url).context["pays"]}


def sheet_logins(user) -> set[str]:
    sheet = client_for(user).get(PAYROLL + "&format=xlsx")
    rows = load_workbook(BytesIO(sheet.content)).active.iter_rows(min_row=2, values_only=True)
    return {row[0] for row in rows}


def test_a_department_head_reads_his_departments_payroll_only(people, schemes):
    hunters = {"hunters_lead", "hunter1", "hunter2"}
    assert logins(people.hunters_lead) == hunters
    assert sheet_logins(people.hunters_lead) == hunters
    assert logins(schemes) == sheet_logins(schemes) == {"farmers_lead", "farmer1"}


def test_the_head_of_sales_reads_everyones_payroll(people, schemes):
    everyone = {"hunters_lead", "hunter1", "hunter2", "farmer1", "farmers_lead", "pm1"}
    assert logins(people.head) == sheet_logins(people.head) == everyone


def test_a_manager_reads_his_own_payslip_only(people, schemes):
    page = client_for(people.hunter1).get(reverse("pay:mine") + "?month=2026-11")
    assert page.context["pay"].user == people.hunter1
    assert client_for(people.hunter1).get(PAYROLL).status_code == 403
    assert client_for(people.pm1).get(PAYROLL).status_code == 403
