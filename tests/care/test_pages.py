"""Care on the pages: the client's card, the complaints list, Control, the ABC(D) page, the
company list's look-alikes, the big fish and their settings; who sees what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from otdel.base.models import Company, SizeTag
from otdel.care.models import CareSettings, Complaint, RelationshipPlan
from otdel.care.services import client_choice_record
from otdel.org.models import DepartmentKind, Position
from otdel.pay.models import PayAssignment, PayScheme
from tests.conftest import client_for, complaint_past_due
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    DepartmentFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def card(person, company) -> str:
    return (
        client_for(person).get(reverse("base:company_detail", args=[company.pk])).content.decode()
    )


def overdue(company, person, description="Брак в партии") -> Complaint:
    return complaint_past_due(
        2,
        company=company,
        kind="defective",
        description=description,
        owner=person,
        acting_user=person,
    )


def test_a_farmer_records_and_closes_a_complaint_on_his_clients_card(people, base):
    client = base.of_farmer1_north
    farmer = client_for(people.farmer1)
    assert 'data-testid="health">в порядке' in card(people.farmer1, client)
    response = farmer.post(
        reverse("care:complaint_create", args=[client.pk]),
        {
            "kind": "short",
            "description": "Не довезли две коробки",
            "owner": people.farmer1.pk,
            "due_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
        follow=True,
    )
    assert "Рекламация записана." in response.content.decode()
    complaint = Complaint.objects.get(company=client)
    page = card(people.farmer1, client)
    assert "Не довезли две коробки" in page and "открыта рекламация" in page
    farmer.post(
        reverse("care:complaint_close", args=[complaint.pk]),
        {"resolution": "Довезли на другой день"},
    )
    page = card(people.farmer1, client)
    assert "Довезли на другой день" in page and 'data-testid="health">в порядке' in page


def test_a_complaint_without_its_story_is_refused_with_the_field_named(people, base):
    client = base.of_farmer1_north
    response = client_for(people.farmer1).post(
        reverse("care:complaint_create", args=[client.pk]),
        {"kind": "short", "owner": people.farmer1.pk, "due_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Что случилось: Обязательное поле." in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_complaint_due_before_today_is_refused_with_the_field_named(people, base):
    response = client_for(people.farmer1).post(
        reverse("care:complaint_create", args=[base.of_farmer1_north.pk]),
        {
            "kind": "late",
            "description": "Опоздали",
            "owner": people.farmer1.pk,
            "due_on": "2020-01-01",
        },
        follow=True,
    )
    assert "Решить до: дата не может быть раньше сегодняшней." in response.content.decode()
    assert not Complaint.objects.exists()
    # The card's date input offers no earlier day.
    assert f'min="{timezone.localdate().isoformat()}"' in card(
        people.farmer1, base.of_farmer1_north
    )


def test_the_closed_complaints_filter_reads_in_the_plural(people, base):
    page = client_for(people.head).get(reverse("care:complaints")).content.decode()
    assert ">Закрытые</a>" in page and ">Закрыта<" not in page


def test_who_may_not_change_the_client_neither_records_nor_closes_its_complaints(people, base):
    complaint = overdue(base.of_farmer1_north, people.farmer1)
    hunter2 = client_for(people.hunter2)
    assert (
        hunter2.post(
            reverse("care:complaint_close", args=[complaint.pk]), {"resolution": "x"}
        ).status_code
        == 404
    )
    # The product manager reads his matrix's companies but changes none of them.
    gtx = base.of_hunter2_gtx
    pm = client_for(people.pm1)
    assert pm.post(reverse("care:complaint_create", args=[gtx.pk]), {}).status_code == 403
    assert "Записать рекламацию" not in card(people.pm1, gtx)


def test_the_complaints_list_shows_those_of_the_clients_one_reads(people, base):
    overdue(base.of_farmer1_north, people.farmer1)
    overdue(base.of_hunter1, people.hunter1, "Жалоба охотника")
    listing = reverse("care:complaints") + "?status=overdue"
    head = client_for(people.head).get(listing).content.decode()
    assert "Брак в партии" in head and "Жалоба охотника" in head
    lead = client_for(people.farmers_lead).get(listing).content.decode()
    assert "Брак в партии" in lead and "Жалоба охотника" not in lead


def test_control_shows_the_overdue_complaints_and_the_organisation_check(people, base):
    overdue(base.of_farmer1_north, people.farmer1)
    scheme = PayScheme.objects.create(
        name="Одна", base_salary=50000, new_percent=5, repeat_percent=5
    )
    for person in (people.hunter1, people.hunter2, people.farmer1):
        PayAssignment.objects.create(user=person, scheme=scheme, since=timezone.localdate())
    page = client_for(people.head).get(reverse("control:control")).content.decode()
    assert 'data-testid="overdue-complaints"' in page and "Бета" in page
    for warning in ("active_sales_too_large", "salary_not_higher", "percent_not_higher"):
        assert f"org-warning-{warning}" in page
    hunters_lead = client_for(people.hunters_lead).get(reverse("control:control")).content.decode()
    assert (
        "Брак"
        not in hunters_lead.split('data-testid="org-check"')[0].split(
            'data-testid="overdue-complaints"'
        )[1]
    )


def test_the_abc_page_shows_why_a_clients_choose_us(people, base):
    Company.objects.filter(pk=base.of_farmer1_north.pk).update(abc_class="A")
    client_choice_record(
        company=base.of_farmer1_north,
        recorded_on=timezone.localdate(),
        criteria=["delivery"],
        note="Всегда вовремя",
        acting_user=people.farmer1,
    )
    page = client_for(people.head).get(reverse("segments:report")).content.decode()
    assert "Почему выбирают нас" in page and "Доставка (1)" in page and "Всегда вовремя" in page
    # A hunter reads no farmer's client: not his words either.
    page = client_for(people.hunter1).get(reverse("segments:report")).content.decode()
    assert "Всегда вовремя" not in page


def test_the_look_alikes_share_three_traits_with_an_a_client(people):
    category, other = CategoryFactory(name="Торговля"), CategoryFactory(name="Услуги")
    north = TerritoryFactory(name="Север")
    alike = {"category": category, "size_tag": SizeTag.LARGE, "territory": north}
    CompanyFactory(legal_name="Образец", abc_class="A", **alike)
    CompanyFactory(legal_name="Двойник", **alike)
    CompanyFactory(legal_name="Почти", **(alike | {"category": other}))
    CompanyFactory(legal_name="Безымянный размер", **(alike | {"size_tag": ""}))
    CompanyFactory(legal_name="Другой A", abc_class="A", **alike)
    url = reverse("base:company_list") + "?scope=all&lookalike=on"
    page = client_for(people.head).get(url).content.decode()
    assert "Двойник" in page
    for name in ("Почти", "Безымянный размер", "Образец", "Другой A"):
        assert name not in page
    api = client_for(people.head).get("/api/v1/companies/?scope=all&lookalike=true").json()
    assert [row["legal_name"] for row in api["results"]] == ["Двойник"]


def test_a_blank_size_is_no_likeness_but_a_blank_category_is_none_either(people):
    # Two traits alike, two unknown: not a look-alike.
    CompanyFactory(legal_name="Образец", abc_class="A", size_tag=SizeTag.SMALL)
    CompanyFactory(legal_name="Пустой", size_tag=SizeTag.SMALL)
    page = client_for(people.head).get(reverse("base:company_list") + "?scope=all&lookalike=on")
    assert "Пустой" not in page.content.decode()


@pytest.fixture
def developer(people):
    development = DepartmentFactory(name="Развитие", kind=DepartmentKind.DEVELOPMENT)
    return UserFactory(
        username="developer1", position=Position.KEY_ACCOUNT_MANAGER, department=development
    )


def test_the_development_department_keeps_a_big_fishs_plan_from_its_list(people, developer):
    whale = CompanyFactory(legal_name="Кит", employees=5000)
    page = client_for(developer).get(reverse("care:big_fish"))
    assert page.status_code == 200 and "Кит" in page.content.decode()
    client_for(developer).post(
        reverse("care:plan_save", args=[whale.pk]),
        {f"{whale.pk}-decision_makers": "Финансовый директор", f"{whale.pk}-wallet_share": "25"},
    )
    plan = RelationshipPlan.objects.get(company=whale)
    assert plan.decision_makers == "Финансовый директор" and plan.wallet_share == Decimal(25)
    assert (
        "Финансовый директор"
        in client_for(people.owner).get(reverse("care:big_fish")).content.decode()
    )


def test_a_big_fishs_card_shows_its_plan_to_the_owner_only_of_those_who_read_it(people, base):
    Company.objects.filter(pk=base.of_farmer1_north.pk).update(employees=9000)
    assert 'data-testid="relationship-plan"' in card(people.owner, base.of_farmer1_north)
    assert 'data-testid="relationship-plan"' not in card(people.farmer1, base.of_farmer1_north)


@pytest.mark.parametrize("person", ["farmer1", "hunters_lead", "farmers_lead", "pm1"])
def test_others_are_refused_the_big_fish(people, person):
    whale = CompanyFactory(legal_name="Кит", employees=5000)
    user = getattr(people, person)
    assert client_for(user).get(reverse("care:big_fish")).status_code == 403
    response = client_for(user).post(reverse("care:plan_save", args=[whale.pk]), {})
    assert response.status_code == 403
    assert not RelationshipPlan.objects.exists()


def test_a_plan_is_kept_for_big_fish_only(people):
    small = CompanyFactory(legal_name="Малёк", employees=10)
    response = client_for(people.owner).post(reverse("care:plan_save", args=[small.pk]), {})
    assert response.status_code == 404


def test_the_head_sets_the_big_fish_thresholds_in_settings(people):
    response = client_for(people.head).post(
        reverse("setup:care"),
        {
            "big_fish_min_employees": "1000",
            "big_fish_min_revenue": "",
            "big_fish_high_potential": "",
        },
    )
    assert response.status_code == 302
    settings = CareSettings.load()
    assert settings.big_fish_min_employees == 1000
    assert settings.big_fish_min_revenue is None and not settings.big_fish_high_potential
