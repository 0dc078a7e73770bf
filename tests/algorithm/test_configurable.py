"""The company's own algorithm: stage names, order and moves, and the 14-stage template."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from otdel.algorithm import services
from otdel.algorithm.enforcement import enforce_rules
from otdel.algorithm.models import AlgorithmVersion
from otdel.base.models import Section, State
from otdel.stages import config
from otdel.stages.models import Stage
from tests.conftest import client_for
from tests.factories import CompanyFactory

from .conftest import free_companies


def test_default_algorithm_is_the_methods_ten_stages(db):
    algorithm = config.current()
    assert [s.code for s in algorithm.company_states()] == [
        "new",
        "contact_1",
        "contact_2",
        "contact_3",
        "deal",
        "deal_support",
        "client",
        "refusal",
        "strategic_reserve",
        "call_round",
    ]
    assert algorithm.moves["new"] == ("contact_1",)
    assert algorithm.deal == ("deal", "deal_support", "client")
    assert "client" not in algorithm.working


def test_renamed_stage_shows_everywhere_and_is_kept_as_a_version(people, method, settings_client):
    stage = Stage.objects.get(code=State.CONTACT_1)
    client = settings_client
    response = client.post(
        reverse("admin:stages_stage_change", args=[stage.pk]),
        {
            "code": "contact_1",
            "name": "Первый звонок",
            "name_en": "First call",
            "position": 20,
            "kind": "contact",
            "moves_out-TOTAL_FORMS": 0,
            "moves_out-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    company = free_companies(1)[0]
    hunter = client_for(people.hunter1)
    hunter.post(reverse("algorithm:claim", args=[company.pk]))
    assert "Первый звонок" in hunter.get(reverse("control:board")).content.decode()
    latest = AlgorithmVersion.objects.first()
    assert {"code": "contact_1", "name": "Первый звонок"}.items() <= next(
        s for s in latest.snapshot["stages"] if s["code"] == "contact_1"
    ).items()
    assert latest.author == people.head


def test_fourteen_stage_template_moves_companies_by_kind(people, method, clock):
    today = clock.day(0)
    working = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    services.company_move(company=working, state=State.CONTACT_1, acting_user=people.hunter1)
    archived = CompanyFactory(
        owner=people.hunter2,
        section=Section.STRATEGIC_ARCHIVE,
        state=State.STRATEGIC_RESERVE,
        reactivation_date=today,
    )
    out = StringIO()
    call_command("algorithm-template", "active_sales_14", stdout=out)
    assert '"contact_1": 1' in out.getvalue()
    working.refresh_from_db()
    assert working.state == "reaching"
    assert working.events.filter(rule="algorithm_template", new_value="reaching").exists()
    assert config.current().moves["reaching"] == ("meeting_prep",)
    with pytest.raises(services.RuleRefused, match="Preparing the first meeting"):
        services.company_move(company=working, state="formalising", acting_user=people.hunter1)
    services.company_move(company=working, state="meeting_prep", acting_user=people.hunter1)

    assert enforce_rules()["reactivated"] == 1
    archived.refresh_from_db()
    assert archived.state == "call_round"

    board = client_for(people.hunter1).get(reverse("control:board")).content.decode()
    assert 'data-testid="column-prospect_list"' in board
    assert 'data-testid="column-goal_and_pay"' not in board  # preparation is not a company state


def test_company_form_and_api_accept_only_stages_of_the_algorithm(people, base):
    client = client_for(people.head)
    response = client.patch(
        f"/api/v1/companies/{base.of_hunter1.pk}/",
        {"state": "nonsense"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "state" in response.json()
