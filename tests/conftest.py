"""Named people of a small sales department, used by every test of who sees what."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation

from otdel.base.models import Company, Section
from otdel.care.services import complaint_open
from otdel.catalog.models import DiscountLimit, Price, PriceList, Product
from otdel.documents.models import Seller
from otdel.org.models import DepartmentKind, Position, User

from .factories import (
    CompanyFactory,
    DepartmentFactory,
    ProductGroupFactory,
    TerritoryFactory,
    UserFactory,
)


@dataclass
class Personas:
    owner: User
    head: User
    hunters_lead: User
    hunter1: User
    hunter2: User
    farmer1: User
    pm1: User
    tm1: User
    outsider: User
    farmers_lead: User  # heads the farmers' department: another department's head for hunters

    def all(self) -> dict[str, User]:
        return dict(vars(self))


@dataclass
class Base:
    """One company per kind of ownership the visibility rules tell apart."""

    of_hunter1: Company
    of_hunter2_gtx: Company  # a product group pm1 leads
    of_farmer1_north: Company  # a territory tm1 leads
    unclaimed: Company  # "to call", nobody's yet

    def all(self) -> dict[str, Company]:
        return dict(vars(self))


@pytest.fixture(autouse=True)
def fresh_algorithm_cache():
    """Each test reads the algorithm and the company's language from its own database, not a
    cached earlier one."""
    from otdel.algorithm.selectors import forget_company_language
    from otdel.stages import config

    config.forget()
    forget_company_language()
    yield
    config.forget()
    forget_company_language()


@pytest.fixture
def people(db) -> Personas:
    return make_people()


def make_people() -> Personas:
    """The personas (a plain function too, for data built once for a whole test module)."""
    hunters = DepartmentFactory(name="Охотники", kind=DepartmentKind.ACTIVE_SALES)
    farmers = DepartmentFactory(name="Фермеры", kind=DepartmentKind.CLIENT)
    pm1 = UserFactory(username="pm1", position=Position.PRODUCT_MANAGER)
    tm1 = UserFactory(username="tm1", position=Position.TERRITORY_MANAGER)
    lead = UserFactory(
        username="hunters_lead", position=Position.DEPARTMENT_HEAD, department=hunters
    )
    hunters.head = lead
    hunters.save()
    personas = Personas(
        owner=UserFactory(username="owner", position=Position.OWNER),
        head=UserFactory(username="head", position=Position.HEAD_OF_SALES),
        hunters_lead=lead,
        hunter1=UserFactory(username="hunter1", department=hunters, matrix_leader=pm1),
        hunter2=UserFactory(username="hunter2", department=hunters),
        farmer1=UserFactory(
            username="farmer1", position=Position.ACCOUNT_MANAGER, department=farmers
        ),
        pm1=pm1,
        tm1=tm1,
        outsider=UserFactory(username="outsider", position=Position.ASSISTANT),
        farmers_lead=UserFactory(
            username="farmers_lead", position=Position.DEPARTMENT_HEAD, department=farmers
        ),
    )
    farmers.head = personas.farmers_lead
    farmers.save()
    return personas


@pytest.fixture
def base(people: Personas) -> Base:
    return make_base(people)


def make_base(people: Personas) -> Base:
    gtx = ProductGroupFactory(name="GTX")
    north = TerritoryFactory(name="Север")
    people.pm1.product_groups.add(gtx)
    people.tm1.territories.add(north)
    of_hunter2 = CompanyFactory(legal_name="Гамма", owner=people.hunter2, section="")
    of_hunter2.product_groups.add(gtx)
    return Base(
        of_hunter1=CompanyFactory(legal_name="Альфа", owner=people.hunter1, section=""),
        of_hunter2_gtx=of_hunter2,
        of_farmer1_north=CompanyFactory(
            legal_name="Бета", owner=people.farmer1, section="", territory=north
        ),
        unclaimed=CompanyFactory(legal_name="Дельта", section=Section.TO_CALL),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def complaint_past_due(days: int, **values):
    """A complaint recorded `days` days ago to be resolved that day: overdue now (a complaint
    cannot be recorded already past its day)."""
    with time_machine.travel(timezone.now() - timedelta(days=days), tick=False):
        return complaint_open(due_on=timezone.localdate(), **values)


@pytest.fixture
def settings_client(people: Personas) -> Client:
    """The head of sales in the Settings pages (the Django admin), as in the demo."""
    people.head.is_staff = people.head.is_superuser = True
    people.head.save()
    return client_for(people.head)


@pytest.fixture
def english():
    """Messages in English, for tests that read them (the default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def shop(db):
    """Our company's details, a price list with two products, and discount limits: a manager
    up to 5 %, the head of sales up to 15 %."""
    return make_shop()


def make_shop() -> tuple[Product, Product]:
    Seller.objects.create(
        legal_name="ООО «Отдел продаж»",
        tax_id="7707083893",
        kpp="770701001",
        bank_name="ПАО Сбербанк",
        bic="044525225",
        account="40702810900000000001",
        correspondent_account="30101810400000000225",
        director="Иванов И. И.",
        accountant="Петрова А. А.",
        payment_days=5,
    )
    prices = PriceList.objects.create(name="Основной", currency="RUB", valid_from=date(2020, 1, 1))
    lamp = Product.objects.create(code="L-1", name="Лампа светодиодная", unit="шт.")
    install = Product.objects.create(
        code="S-1", name="Монтаж освещения", unit="ч", vat_percent=Decimal("20")
    )
    Price.objects.create(price_list=prices, product=lamp, price=Decimal("1200.00"))
    Price.objects.create(price_list=prices, product=install, price=Decimal("2500.00"))
    DiscountLimit.objects.create(position=Position.SALES_MANAGER, max_percent=Decimal("5"))
    DiscountLimit.objects.create(position=Position.HEAD_OF_SALES, max_percent=Decimal("15"))
    return lamp, install


@pytest.fixture
def client_company(people):
    return CompanyFactory(
        legal_name="ООО «Светлый дом»",
        owner=people.hunter1,
        section="",
        state="contact_2",
        tax_id="7736207543",
    )
