"""Control as the heads read it (issue 16, item 1): a line per manager of their team, worst
first, and each figure the number of rows of the list it opens."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.billing.models import Invoice
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from tests.conftest import client_for
from tests.factories import CompanyFactory


@pytest.fixture
def troubled(people, shop):
    """hunter1 with one company of each kind that calls for the head, hunter2 with a quiet
    working list, farmer1 with a company without a next step."""
    lamp, _install = shop
    today = timezone.localdate()
    hunter1 = people.hunter1

    def company(owner, name, **fields):
        return CompanyFactory(
            legal_name=name, owner=owner, section="", **{"state": "contact_1", **fields}
        )

    company(hunter1, "Неразобранная", triage_since=today - timedelta(days=1))
    late = company(hunter1, "Просроченная")
    Activity.objects.create(
        company=late,
        kind="call",
        subject="Перезвонить",
        assignee=hunter1,
        due_at=timezone.now() - timedelta(hours=3),
    )

    def deal_with(document, quantity):
        client = company(hunter1, f"Со сделкой: {document}")
        Activity.objects.create(
            company=client,
            kind="call",
            subject="Позже",
            assignee=hunter1,
            due_at=timezone.now() + timedelta(days=2),
        )
        deal = deal_create(company=client, owner=hunter1, title=document, acting_user=hunter1)
        deal_add_item(deal=deal, product=lamp, quantity=Decimal(quantity), acting_user=hunter1)
        document_issue(deal=deal, kind=document, acting_user=hunter1)
        return deal

    contract, invoiced = deal_with("contract", 1), deal_with("invoice", 2)
    Invoice.objects.filter(deal=invoiced).update(due_on=today - timedelta(days=5))
    quiet = company(people.hunter2, "Спокойная")
    Activity.objects.create(
        company=quiet,
        kind="call",
        subject="Позже",
        assignee=people.hunter2,
        due_at=timezone.now() + timedelta(days=1),
    )
    company(people.farmer1, "Без шага", state="new")
    return {"contract": contract, "invoiced": invoiced}


def rows_of(user):
    page = client_for(user).get(reverse("control:control"))
    assert page.status_code == 200
    return {row.manager.username: row for row in page.context["rows"]}, page


def test_each_manager_has_one_line_of_figures_worst_first(people, troubled):
    rows, page = rows_of(people.head)
    assert list(rows) == ["hunter1", "farmer1", "hunter2"]
    hunter1 = rows["hunter1"].figures
    assert (hunter1.in_work, hunter1.untriaged, hunter1.overdue_steps, hunter1.no_next_step) == (
        4,
        1,
        1,
        1,
    )
    assert (hunter1.awaiting_invoice, hunter1.awaiting_payment, hunter1.overdue_invoices) == (
        1,
        1,
        1,
    )
    assert rows["hunter1"].owed == [("RUB", Decimal("2400.00"))]
    assert rows["hunter2"].alerts == [] and rows["farmer1"].alerts == ["no_next_step"]


@pytest.mark.parametrize(
    ("figure", "attention"),
    [
        ("in_work", "working_list"),
        ("untriaged", "untriaged"),
        ("overdue_steps", "overdue_step"),
        ("no_next_step", "no_next_step"),
    ],
)
def test_each_company_figure_opens_a_list_of_as_many_companies(people, troubled, figure, attention):
    rows, page = rows_of(people.head)
    url = (
        f"{reverse('base:company_list')}?scope=all&owner={people.hunter1.pk}&attention={attention}"
    )
    assert url.replace("&", "&amp;") in page.content.decode()
    listed = client_for(people.head).get(url).context["page"].paginator.count
    assert listed == getattr(rows["hunter1"].figures, figure)


def test_the_black_hole_figures_open_the_deals_waiting_for_an_invoice_or_a_payment(
    people, troubled
):
    _rows, page = rows_of(people.head)
    html = page.content.decode()
    for awaiting, deal in (("invoice", "contract"), ("payment", "invoiced")):
        url = f"{reverse('deals:list')}?scope=all&owner={people.hunter1.pk}&awaiting={awaiting}"
        assert url.replace("&", "&amp;") in html
        deals = client_for(people.head).get(url)
        assert list(deals.context["deals"]) == [troubled[deal]]
        assert 'data-testid="deal-filter"' in deals.content.decode()
    # Another manager's deals are not his.
    other = f"{reverse('deals:list')}?scope=all&owner={people.hunter2.pk}&awaiting=payment"
    assert list(client_for(people.head).get(other).context["deals"]) == []


def test_overdue_receivables_open_the_managers_overdue_invoices(people, troubled):
    _rows, page = rows_of(people.head)
    url = f"{reverse('billing:receivables')}?manager={people.hunter1.pk}"
    assert url in page.content.decode()
    shown = client_for(people.head).get(url).context["overdue"]
    assert [invoice.deal for invoice in shown] == [troubled["invoiced"]]
    hunter2 = f"{reverse('billing:receivables')}?manager={people.hunter2.pk}"
    assert list(client_for(people.head).get(hunter2).context["overdue"]) == []


def test_a_department_head_sees_his_departments_the_owner_all_a_manager_no_control(
    people, troubled
):
    assert set(rows_of(people.hunters_lead)[0]) == {"hunter1", "hunter2"}
    assert set(rows_of(people.farmers_lead)[0]) == {"farmer1"}
    assert set(rows_of(people.owner)[0]) == {"hunter1", "hunter2", "farmer1"}
    for manager in (people.hunter1, people.farmer1, people.outsider):
        assert client_for(manager).get(reverse("control:control")).status_code == 403


def test_panels_of_other_apps_show_through_the_registered_hook(people, troubled, monkeypatch):
    from django.template import Template

    from otdel import web

    monkeypatch.setattr(web, "_PARTS", {"control": {}, "my_work": {}})
    panel = Template(
        '<article data-testid="care">{{ part.complaints }} / {{ part.team }}</article>'
    )
    web.register_part(
        "control",
        "care",
        lambda request, managers: web.PagePart(panel, {"complaints": 2, "team": len(managers)}),
    )
    web.register_part("control", "quiet", lambda request, managers: None)
    html = rows_of(people.hunters_lead)[1].content.decode()
    assert '<article data-testid="care">2 / 2</article>' in html


def test_on_a_phone_each_figure_is_named_by_its_column(people, troubled):
    _rows, page = rows_of(people.head)
    html = page.content.decode()
    for table in (
        html.split('data-testid="managers"')[1],
        html.split('data-testid="org-check"')[1],
    ):
        table = table.split("<table")[1].split("</table>")[0]
        assert "cards-on-phone" in table.split(">")[0]
        head, body = table.split("</thead>")
        columns = re.findall(r"<th[^>]*>([^<]*)</th>", head)[1:]
        rows = body.split("</tr>")[:-1]
        assert rows and columns
        for row in rows:
            # The first cell (the manager, the department) heads the card; each figure is named.
            assert re.findall(r'<td[^>]*data-label="([^"]*)"', row) == columns
