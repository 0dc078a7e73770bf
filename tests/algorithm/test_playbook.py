"""The playbook of each state, refusal reasons that decide the section, and versions."""

import datetime as dt

import pytest
from django.urls import reverse

from otdel.algorithm import services
from otdel.algorithm.models import AlgorithmVersion, PlaybookStep, RefusalReason
from otdel.base.models import Section, State
from tests.conftest import client_for

from .conftest import free_companies


def test_every_default_state_has_a_playbook_and_version_one_exists(db):
    assert set(PlaybookStep.objects.values_list("state", flat=True)) == set(State.values)
    assert AlgorithmVersion.objects.get().number == 1


def test_card_shows_the_playbook_of_the_companys_state(people, method):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    client.post(reverse("algorithm:claim", args=[company.pk]))
    card = client.get(reverse("base:company_detail", args=[company.pk])).content.decode()
    assert 'data-testid="playbook"' in card
    assert PlaybookStep.objects.get(state=State.NEW).checklist_items[0] in card


@pytest.mark.parametrize(
    ("reason", "section", "needs_date"),
    [
        ("Непрофильная компания", Section.HARD_REFUSAL, False),
        ("Нет денег", Section.REFUSAL_FOLLOW_UP, True),
        ("Готовы общаться, сроки не определены", Section.STRATEGIC_ARCHIVE, False),
    ],
)
def test_refusal_reason_decides_the_section(people, method, clock, reason, section, needs_date):
    today = clock.day(0)
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    refusal = RefusalReason.objects.get(name=reason)
    if needs_date:
        with pytest.raises(services.RuleRefused):
            services.company_triage(
                company=company, outcome="", refusal_reason=refusal, acting_user=people.hunter1
            )
    services.company_triage(
        company=company,
        outcome="",
        refusal_reason=refusal,
        acting_user=people.hunter1,
        reason="звонили трижды",
        reactivation_date=today + dt.timedelta(days=45),
    )
    company.refresh_from_db()
    assert company.section == section
    assert company.events.filter(kind="section", reason=f"{reason}: звонили трижды").exists()


def test_triage_page_offers_reasons(people, method):
    company = free_companies(1)[0]
    client = client_for(people.hunter1)
    client.post(reverse("algorithm:claim", args=[company.pk]))
    refusal = RefusalReason.objects.get(name="Непрофильная компания")
    client.post(
        reverse("algorithm:triage", args=[company.pk]),
        {"outcome": f"reason:{refusal.pk}", "reason": ""},
    )
    company.refresh_from_db()
    assert company.section == Section.HARD_REFUSAL


def test_admin_change_keeps_a_new_version(people, method, settings_client):
    step = PlaybookStep.objects.get(state=State.CONTACT_1)
    client = settings_client
    response = client.post(
        reverse("admin:algorithm_playbookstep_change", args=[step.pk]),
        {
            "state": State.CONTACT_1,
            "actions": "Новый текст",
            "materials": "",
            "checklist": "",
            "script": "",
            "objections": "",
        },
    )
    assert response.status_code == 302
    latest = AlgorithmVersion.objects.first()
    assert latest.number == 2
    assert latest.author == people.head
    saved = {row["state"]: row for row in latest.snapshot["playbook"]}
    assert saved[State.CONTACT_1]["actions"] == "Новый текст"
    assert latest.snapshot["rules"]["working_list_cap"] == 90


def test_the_default_playbook_leaves_no_gap_to_guess(db):
    """The stages' scripts and objections as installed read as said, without an ellipsis."""
    steps = PlaybookStep.objects.values_list("actions", "materials", "script", "objections")
    gaps = [text for step in steps for text in step if "…" in text]
    assert gaps == []
