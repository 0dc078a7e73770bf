"""The client algorithm is the head's to edit in Settings, like the prospect one."""

from django.urls import reverse

from otdel.clients.models import ClientStep
from otdel.org.models import SettingsChange
from tests.conftest import client_for


def test_the_head_times_a_step_and_the_change_is_logged(people):
    step = ClientStep.objects.get(code="reorder_reminder")
    response = client_for(people.head).post(
        reverse("setup:client_step", args=[step.pk]),
        {
            "position": step.position,
            "code": step.code,
            "name": step.name,
            "name_en": step.name_en,
            "kind": step.kind,
            "interval_days": 10,
            "playbook": "Позвонить за неделю до конца запаса.",
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.interval_days, step.playbook) == (10, "Позвонить за неделю до конца запаса.")
    change = SettingsChange.objects.get(subject=step.name)
    assert change.author == people.head and change.section == "algorithm"


def test_a_new_step_joins_the_cycle_and_a_taken_code_is_refused(people):
    client = client_for(people.head)
    page = client.get(reverse("setup:client_steps")).content.decode()
    assert "Сервисный звонок после поставки" in page and "Клиентский алгоритм" in page
    data = {
        "new-position": 50,
        "new-code": "training",
        "new-name": "Обучение персонала клиента",
        "new-name_en": "Client staff training",
        "new-kind": "meeting",
        "new-interval_days": 60,
    }
    assert client.post(reverse("setup:client_steps"), data).status_code == 302
    assert ClientStep.objects.order_by("position").last().code == "training"
    response = client.post(reverse("setup:client_steps"), data)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert ClientStep.objects.filter(code="training").count() == 1
