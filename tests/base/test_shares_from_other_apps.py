"""The companies a product manager or an accountant sees by what the deals and billing apps hold:
those shares are registered with base.selectors from the apps above it (the layers test keeps
base from importing them), and these tests keep the registration from being lost."""

from decimal import Decimal

import pytest

from otdel.base.selectors import visible_companies
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from otdel.org.models import Position
from tests.factories import ProductGroupFactory, UserFactory


@pytest.fixture
def deal(people, shop, client_company):
    deal = deal_create(
        company=client_company, owner=people.hunter1, title="Освещение", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(10), acting_user=people.hunter1)
    return deal


def test_product_manager_sees_a_company_with_a_deal_in_his_products(people, shop, deal):
    lamps = ProductGroupFactory(name="Лампы")
    shop[0].group = lamps
    shop[0].save()
    assert not visible_companies(people.pm1).filter(pk=deal.company_id).exists()
    people.pm1.product_groups.add(lamps)
    assert visible_companies(people.pm1).filter(pk=deal.company_id).exists()


def test_accountant_sees_a_company_once_it_was_invoiced(people, deal):
    accountant = UserFactory(username="accountant1", position=Position.ACCOUNTANT)
    assert not visible_companies(accountant).filter(pk=deal.company_id).exists()
    document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)
    assert visible_companies(accountant).filter(pk=deal.company_id).exists()
