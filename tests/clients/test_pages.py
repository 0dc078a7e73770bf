"""The farmer's clients on My work, the step done from there, the head's alerts on Control."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from otdel.clients.models import AlertKind, ClientAlert, ClientPlan, ClientStep
from tests.conftest import client_for
from tests.factories import CompanyFactory


@pytest.fixture
def day(people):
    today = timezone.localdate()
    cycle = list(ClientStep.objects.order_by("position"))
    overdue = CompanyFactory(
        legal_name="ООО «Просрочен»", owner=people.farmer1, section="", state="client"
    )
    due = CompanyFactory(legal_name="Сегодня", owner=people.farmer1, section="", state="client")
    later = CompanyFactory(legal_name="Потом", owner=people.farmer1, section="", state="client")
    quiet = CompanyFactory(
        legal_name="ООО «Затих»", owner=people.farmer1, section="", state="client", abc_class="A"
    )
    ClientPlan.objects.create(company=overdue, step=cycle[0], due_on=today - timedelta(days=2))
    ClientPlan.objects.create(company=due, step=cycle[1], due_on=today)
    ClientPlan.objects.create(company=later, step=cycle[2], due_on=today + timedelta(days=1))
    ClientAlert.objects.create(
        company=quiet,
        kind=AlertKind.DORMANT,
        raised_on=today,
        days_since=45,
        interval_days=14,
        escalated=True,
    )
    return {"today": today, "cycle": cycle, "overdue": overdue, "due": due, "quiet": quiet}


def test_the_farmers_my_work_lists_his_clients_due_and_alerts(people, day):
    page = client_for(people.farmer1).get(reverse("control:my_work")).content.decode()
    assert "Мои клиенты" in page and "4 клиента" in page
    assert page.index("Просрочен") < page.index("Сегодня")
    assert "Потом" not in page
    assert "Затих" in page and "руководитель в курсе" in page
    # The form offers the step after the due one: after the service call, the reorder reminder.
    assert f'<option value="{day["cycle"][1].pk}" selected>' in page


def test_a_hunters_my_work_has_no_clients_part(people, day):
    page = client_for(people.hunter1).get(reverse("control:my_work")).content.decode()
    assert "Мои клиенты" not in page


def test_a_step_done_from_my_work(people, day):
    next_day = day["today"] + timedelta(days=21)
    response = client_for(people.farmer1).post(
        reverse("clients:step_done", args=[day["overdue"].pk]),
        {
            "result": "Поставка пришла",
            "next_step": day["cycle"][1].pk,
            "due_on": next_day.isoformat(),
            "next": reverse("control:my_work"),
        },
        follow=True,
    )
    assert "Следующий шаг с ООО «Просрочен»: Напоминание о дозаказе" in response.content.decode()
    plan = ClientPlan.objects.get(company=day["overdue"])
    assert (plan.step, plan.due_on) == (day["cycle"][1], next_day)


def test_a_refused_step_says_why_and_changes_nothing(people, day):
    response = client_for(people.farmer1).post(
        reverse("clients:step_done", args=[day["overdue"].pk]),
        {
            "result": "Поговорили",
            "next_step": day["cycle"][1].pk,
            "due_on": (day["today"] - timedelta(days=1)).isoformat(),
        },
        follow=True,
    )
    assert "Следующий шаг не может быть в прошлом." in response.content.decode()
    assert ClientPlan.objects.get(company=day["overdue"]).step == day["cycle"][0]
    response = client_for(people.farmer1).post(
        reverse("clients:step_done", args=[day["overdue"].pk]), {"result": ""}, follow=True
    )
    assert "Результат: Обязательное поле." in response.content.decode()


def test_the_head_of_the_farmers_sees_the_dormant_client_escalated(people, day):
    page = client_for(people.farmers_lead).get(reverse("control:control")).content.decode()
    assert "Затих A" in page and "ООО «Затих»" in page and "45 дн. без заказа" in page
    assert "просрочено шагов с клиентами: 1" in page
    other = client_for(people.hunters_lead).get(reverse("control:control")).content.decode()
    assert "ООО «Затих»" not in other and "Затихших клиентов A и B нет." in other


def test_a_farmer_with_clients_is_not_sent_to_take_companies_to_call(people, day):
    empty = "Рабочий список пуст"
    page = client_for(people.farmer1).get(reverse("control:my_work")).content.decode()
    assert empty not in page and 'data-testid="working-list"' not in page
    # A company in his working list brings the block back.
    CompanyFactory(owner=people.farmer1, section="", state="contact_1")
    page = client_for(people.farmer1).get(reverse("control:my_work")).content.decode()
    assert 'data-testid="working-list"' in page and empty not in page
    # A hunter is still sent to the companies to call.
    assert empty in client_for(people.hunter1).get(reverse("control:my_work")).content.decode()


def test_a_clients_card_shows_his_next_step_and_rhythm(people, day):
    from tests.segments.test_segment import order

    quiet = day["quiet"]
    for days_ago in (100, 80, 60):  # every 20 days, 60 days quiet: dormant
        order(quiet, day["today"] - timedelta(days=days_ago), (1, 500))
    ClientPlan.objects.create(company=quiet, step=day["cycle"][2], due_on=day["today"])
    page = client_for(people.farmer1).get(reverse("base:company_detail", args=[quiet.pk]))
    text = page.content.decode()
    assert 'data-testid="client-card"' in text
    assert day["cycle"][2].name in text and day["cycle"][2].playbook.splitlines()[0][:40] in text
    assert "Заказов: 3" in text and "Обычный интервал, дней: 20" in text
    assert "Дней с последнего заказа: 60" in text and 'data-alert="dormant"' in text
    assert 'data-alert="due"' not in text


def test_a_card_without_rhythm_or_step_says_so_and_a_prospects_has_none(people, day):
    new = CompanyFactory(legal_name="Новый", owner=None, section="", state="client")
    text = client_for(people.head).get(reverse("base:company_detail", args=[new.pk])).content
    assert "Шага с клиентом пока нет" in text.decode() and "Ритма пока нет" in text.decode()
    prospect = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    page = client_for(people.hunter1).get(reverse("base:company_detail", args=[prospect.pk]))
    assert 'data-testid="client-card"' not in page.content.decode()


def test_the_client_card_asks_as_many_queries_however_long_his_history(people, day):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.segments.test_segment import order

    client = day["due"]
    viewer = client_for(people.farmer1)

    def queries(orders: int) -> int:
        for n in range(orders):
            order(client, day["today"] - timedelta(days=400 + n * 7), (1, 10))
        card = reverse("base:company_detail", args=[client.pk])
        viewer.get(card)  # the session's first reads
        cache.clear()  # the settings read once a minute: both sizes read them
        with CaptureQueriesContext(connection) as seen:
            viewer.get(card)
        return len(seen)

    assert queries(3) == queries(20)
