from datetime import date
from decimal import Decimal

import pytest

from otdel.catalog.models import DiscountLimit, Price, PriceList, Product
from otdel.documents.models import Seller
from otdel.org.models import Position
from tests.factories import CompanyFactory


@pytest.fixture
def shop(db):
    """Our company's details, a price list with two products, and discount limits: a manager
    up to 5 %, the head of sales up to 15 %."""
    Seller.objects.create(legal_name="ООО «Отдел продаж»", tax_id="7707083893", kpp="770701001",
                          bank_name="ПАО Сбербанк", bic="044525225",
                          account="40702810900000000001", correspondent_account="30101810400000000225",
                          director="Иванов И. И.", accountant="Петрова А. А.", payment_days=5)  # fmt: skip
    prices = PriceList.objects.create(name="Основной", currency="RUB", valid_from=date(2020, 1, 1))
    lamp = Product.objects.create(code="L-1", name="Лампа светодиодная", unit="шт.")
    install = Product.objects.create(code="S-1", name="Монтаж освещения", unit="ч",
                                     vat_percent=Decimal("20"))  # fmt: skip
    Price.objects.create(price_list=prices, product=lamp, price=Decimal("1200.00"))
    Price.objects.create(price_list=prices, product=install, price=Decimal("2500.00"))
    DiscountLimit.objects.create(position=Position.SALES_MANAGER, max_percent=Decimal("5"))
    DiscountLimit.objects.create(position=Position.HEAD_OF_SALES, max_percent=Decimal("15"))
    return lamp, install


@pytest.fixture
def client_company(people):
    return CompanyFactory(legal_name="ООО «Светлый дом»", owner=people.hunter1, section="",
                          state="contact_2", tax_id="7736207543")  # fmt: skip
