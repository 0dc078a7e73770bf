import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from otdel.algorithm.models import Activity
from otdel.base.models import Category, Company, Contact, Section, State
from otdel.base.normalise import name_key
from otdel.base.rules import fold_name, parse_legal_name
from otdel.base.services import file_name_blocks, stays_open
from otdel.catalog.models import ProductGroup
from otdel.org.models import Department, DepartmentKind, Position, Territory, User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    position = Position.SALES_MANAGER
    password = factory.django.Password("pw")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Отдел {n}")
    kind = DepartmentKind.ACTIVE_SALES


class TerritoryFactory(DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Территория {n}")


class ProductGroupFactory(DjangoModelFactory):
    class Meta:
        model = ProductGroup

    name = factory.Sequence(lambda n: f"Группа {n}")


class CompanyFactory(DjangoModelFactory):
    """A company written straight to the table: for tests that read. Writes go via services."""

    class Meta:
        model = Company
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Компания {n}")
    legal_form = factory.Iterator(["ООО", "АО", "ООО", "SRL", ""])
    section = Section.TO_CALL
    state = State.NEW

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """The name stored as the services store it: a form typed into it ("ООО «Ёлка»")
        is the company's form, and the keys are made from the name and the form."""
        found, name = parse_legal_name(kwargs["legal_name"])
        if found:
            kwargs["legal_form"], kwargs["legal_name"] = found, name
        company = Company(**{k: kwargs[k] for k in ("legal_name", "legal_form")})
        kwargs["search_name"] = fold_name(f"{kwargs.get('short_name', '')} {company.legal_name}")
        kwargs["name_key"] = name_key(company.full_legal_name)
        return kwargs

    @factory.post_generation
    def name_blocks(company, create, extracted, **kwargs):  # noqa: N805 (factory_boy's signature)
        if create:
            file_name_blocks([company])

    @factory.post_generation
    def stay(company, create, extracted, **kwargs):  # noqa: N805 (factory_boy's signature)
        """Its stay since its creation, as the services write it: the funnel counts it."""
        if create:
            stays_open([company])


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    full_name = factory.Faker("name", locale="ru_RU")


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Категория {n}")


def step(company, who, days: int, *, done: bool = False) -> Activity:
    """A call with the company due `days` from now (before now when negative)."""
    due = timezone.now() + dt.timedelta(days=days)
    return Activity.objects.create(
        company=company,
        kind="call",
        subject="Звонок",
        assignee=who,
        author=who,
        due_at=due,
        done_at=due if done else None,
    )
