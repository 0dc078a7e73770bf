""" "Log a call" on the card, in My work and on the Board: one form, opened by htmx or as a page
of its own, that keeps what was typed when the call is refused and names the field at fault."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from otdel.algorithm import services
from otdel.algorithm.forms import CallLogForm
from otdel.algorithm.models import Activity, ActivityKind, DealStartsOn, RefusalReason
from otdel.base.models import Company, State
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from tests.conftest import client_for

from .conftest import free_companies

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def prospect(people, method):
    company = services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    services.company_move(company=company, state=State.CONTACT_1, acting_user=people.hunter1)
    Activity.objects.create(
        company=company, kind=ActivityKind.CALL, subject="Первый звонок", assignee=people.hunter1
    )
    company.refresh_from_db()
    return company


def url(company) -> str:
    return reverse("algorithm:call_log", args=[company.pk])


def tomorrow() -> str:
    return (dt.datetime.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT10:00")


def test_my_work_board_and_card_each_offer_log_a_call(people, prospect):
    client = client_for(people.hunter1)
    link = f'data-testid="call-log-{prospect.pk}"'
    for page in ("control:my_work", "control:board"):
        html = client.get(reverse(page)).content.decode()
        assert link in html and 'id="call-log-dialog"' in html
        assert f'hx-get="{url(prospect)}?next={reverse(page)}"' in html
    card = client.get(reverse("base:company_detail", args=[prospect.pk])).content.decode()
    assert 'data-testid="call-log-form"' in card
    assert "Первый звонок" in card  # the planned call this one carries out


def test_a_call_posted_without_javascript_goes_back_with_the_next_step_in_my_work(people, prospect):
    client = client_for(people.hunter1)
    planned = prospect.activities.get()
    response = client.post(
        url(prospect),
        {
            "next": "/work/",
            "planned": planned.pk,
            "result": "Интерес есть, просят КП",
            "outcome": f"state:{State.CONTACT_2}",
            "next_kind": "email",
            "next_subject": "Отправить КП",
            "next_due_at": tomorrow(),
        },
    )
    assert response.status_code == 302 and response["Location"] == "/work/"
    prospect.refresh_from_db()
    planned.refresh_from_db()
    assert (prospect.state, planned.result) == (State.CONTACT_2, "Интерес есть, просят КП")
    work = client.get("/work/").content.decode()
    assert "Отправить КП" in work and "Звонок записан" in work


def test_a_refused_call_comes_back_with_everything_typed_and_names_the_field(people, prospect):
    no_money = RefusalReason.objects.get(name="Нет денег")
    typed = {
        "result": "Денег нет до весны",
        "outcome": f"reason:{no_money.pk}",
        "next_kind": "call",
        "next_subject": "Узнать про бюджет",
        "next_due_at": tomorrow(),
    }
    response = client_for(people.hunter1).post(url(prospect), typed)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Денег нет до весны</textarea>" in html
    assert 'value="Узнать про бюджет"' in html
    assert f'<option value="reason:{no_money.pk}" selected>' in html
    assert "Перезвонить</a>: Для отказа с перезвоном нужна будущая дата перезвона." in html
    prospect.refresh_from_db()
    assert (prospect.section, prospect.activities.filter(done_at__isnull=False).count()) == ("", 0)


def test_a_next_step_without_its_date_is_named_and_the_result_kept(people, prospect):
    response = client_for(people.hunter1).post(
        url(prospect), {"result": "Перезвонить позже", "next_kind": "call", "next_subject": "Ещё"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Следующий шаг: когда</a>: У следующего шага должны быть что сделать и когда." in html
    assert "Перезвонить позже</textarea>" in html


def test_a_call_without_a_next_step_for_a_company_in_work_is_named(people, prospect):
    # The planned call is carried out: no step would be left open.
    planned = prospect.activities.get()
    response = client_for(people.hunter1).post(
        url(prospect), {"result": "Поговорили", "planned": planned.pk, "next_kind": "call"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # htmx swaps the form only
    assert "Следующий шаг: когда</a>: " in html
    assert not prospect.activities.filter(done_at__isnull=False).exists()


def test_htmx_opens_the_form_alone_and_a_logged_call_redirects_the_page(people, prospect):
    client = client_for(people.hunter1)
    form = client.get(f"{url(prospect)}?next=/work/board/", **HTMX).content.decode()
    assert form.lstrip().startswith("<form") and 'value="/work/board/"' in form
    # Its own ids, apart from the triage forms' fields My work shows beside it.
    assert 'id="call_outcome"' in form and 'id="id_outcome"' not in form
    response = client.post(
        url(prospect),
        {
            "next": "/work/board/",
            "result": "Договорились о встрече",
            "next_kind": "meeting",
            "next_subject": "Встреча",
            "next_due_at": tomorrow(),
        },
        **HTMX,
    )
    assert response["HX-Redirect"] == "/work/board/"


def test_only_the_outcomes_the_stage_allows_are_offered(people, method, prospect, shop):
    client = client_for(people.hunter1)
    form = client.get(url(prospect)).content.decode()
    assert f'value="state:{State.CONTACT_2}"' in form
    assert f'value="state:{State.DEAL}"' not in form  # no invoice yet
    assert 'value="won"' not in form
    assert f'value="state:{State.CLIENT}"' not in form
    method.deal_starts_on = DealStartsOn.PAYMENT
    method.save()
    deal = deal_create(
        company=prospect, owner=people.hunter1, title="Поставка", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(1), acting_user=people.hunter1)
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    form = client.get(url(prospect)).content.decode()
    assert 'value="won"' in form and f'value="state:{State.DEAL}"' not in form


def test_an_outcome_not_offered_is_refused_by_name(people, prospect):
    response = client_for(people.hunter1).post(
        url(prospect),
        {"result": "Хотят сразу", "outcome": f"state:{State.CLIENT}", "next_kind": "call"},
    )
    assert response.status_code == 400
    assert "Итог</a>: " in response.content.decode()


def test_a_company_of_another_manager_is_hidden_and_a_read_only_one_forbidden(people, base):
    assert client_for(people.hunter2).get(url(base.of_hunter1)).status_code == 404
    assert client_for(people.hunter2).post(url(base.of_hunter1), {}).status_code == 404
    # pm1 reads the companies in his product group, and may not change them.
    assert client_for(people.pm1).get(url(base.of_hunter2_gtx)).status_code == 403
    assert client_for(people.pm1).post(url(base.of_hunter2_gtx), {}).status_code == 403


def test_the_call_planned_until_today_is_the_one_made_and_a_later_one_is_not(people, prospect):
    first = prospect.activities.get()
    Activity.objects.create(
        company=prospect,
        kind=ActivityKind.CALL,
        subject="Через неделю",
        due_at=timezone.now() + dt.timedelta(days=7),
        assignee=people.hunter1,
    )
    assert CallLogForm(company=prospect)["planned"].initial == first.pk
    first.delete()
    assert CallLogForm(company=prospect)["planned"].initial is None


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", "звонки срок не сдвигают"), ("en", "calls do not move it")],
)
def test_the_call_form_explains_the_deadline_in_the_readers_language(
    people, prospect, language, words
):
    from otdel.org.models import User

    User.objects.filter(pk=people.hunter1.pk).update(language=language)
    form = client_for(people.hunter1).get(url(prospect), **HTMX).content.decode()
    note = form.split('data-testid="call-log-deadline"')[1].split("</p>")[0]
    assert words in note
    with translation.override(language):
        assert date_format(prospect.work_deadline, "SHORT_DATE_FORMAT") in note


def test_a_deal_stops_the_clock_and_the_call_form_shows_no_deadline(people, prospect):
    Company.objects.filter(pk=prospect.pk).update(state=State.DEAL)
    form = client_for(people.hunter1).get(url(prospect), **HTMX).content.decode()
    assert 'data-testid="call-log-form"' in form
    assert 'data-testid="call-log-deadline"' not in form
