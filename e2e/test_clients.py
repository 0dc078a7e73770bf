"""The farmer's day on My work (issue 17): his clients due and gone quiet, a service call
logged with its next step; the head sees the dormant A or B client escalated on Control."""

import datetime as dt

import pytest
from django.utils import timezone

from otdel.clients.models import ClientAlert, ClientPlan, ClientStep
from otdel.org.models import User

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_farmer_works_his_clients_from_my_work(page, demo):
    farmer1 = User.objects.get(username="farmer1")
    today = timezone.localdate()
    quiet = ClientAlert.objects.filter(company__owner=farmer1, kind="dormant", escalated=True)
    assert quiet.exists()
    log_in(page, demo, "farmer1")
    page.goto(f"{demo}/work/")
    mine = page.get_by_test_id("my-clients")
    assert "Мои клиенты" in mine.inner_text()
    alerts = page.get_by_test_id("client-alerts")
    assert alerts.locator("tr[data-alert=due]").count() > 0
    dormant = alerts.locator("tr[data-alert=dormant]")
    assert dormant.count() > 0 and "руководитель в курсе" in dormant.first.inner_text()
    shoot(page, "farmer1-my-work-ru")

    service_call = ClientStep.objects.get(code="service_call")
    plan = (
        ClientPlan.objects.filter(company__owner=farmer1, due_on__lte=today, step=service_call)
        .select_related("company")
        .order_by("due_on", "company_id")
        .first()
    )
    step = page.get_by_test_id("client-step").filter(has_text=plan.company.display_name)
    step.locator("summary").click()
    step.locator("textarea[name=result]").fill("Поставка пришла полностью, замечаний нет")
    reorder = ClientStep.objects.get(code="reorder_reminder")
    assert step.locator("select[name=next_step]").input_value() == str(reorder.pk)
    when = today + dt.timedelta(days=10)
    step.locator("input[name=due_on]").fill(f"{when:%Y-%m-%d}")
    with page.expect_navigation():
        step.get_by_role("button", name="Выполнено").click()
    assert "Следующий шаг с" in page.locator("main").inner_text()
    plan.refresh_from_db()
    assert (plan.step, plan.due_on) == (reorder, when)
    call = plan.company.activities.get(result="Поставка пришла полностью, замечаний нет")
    assert call.kind == "call" and call.done_at is not None
    shoot(page, "farmer1-client-step-done-ru")


def test_the_head_sees_a_dormant_client_escalated(page, demo):
    escalated = ClientAlert.objects.filter(escalated=True).select_related("company").first()
    log_in(page, demo, "head")
    page.goto(f"{demo}/control/")
    rows = page.get_by_test_id("escalated-client")
    assert escalated.company.display_name in rows.all_inner_texts().__str__()
    shoot(page, "head-control-clients-ru")


def test_a_farmer_sees_his_clients_next_step_and_rhythm_on_the_card(page, demo):
    quiet = ClientAlert.objects.filter(company__owner__username="farmer1", kind="dormant").first()
    log_in(page, demo, "farmer1")
    page.goto(f"{demo}/companies/{quiet.company_id}/")
    card = page.get_by_test_id("client-card")
    assert "Следующий шаг с клиентом" in card.inner_text()
    assert "Обычный интервал, дней" in card.inner_text()
    assert card.locator("[data-alert=dormant]").count() == 1
    shoot(page, "farmer1-client-card-ru")
