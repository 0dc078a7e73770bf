"""Complaints, why clients choose us and the big fish's plans: each write with its history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from otdel.base.models import Company
from otdel.care import rules, selectors
from otdel.care.models import (
    CareEvent,
    CareEventKind,
    CareSettings,
    ClientChoice,
    Complaint,
    RelationshipPlan,
)
from otdel.care.services import (
    care_settings_update,
    client_choice_record,
    complaint_close,
    complaint_open,
    relationship_plan_save,
)
from otdel.deals.services import deal_create
from otdel.org.models import DepartmentKind, Position, SettingsChange
from otdel.refusal import RuleRefused
from tests.conftest import complaint_past_due
from tests.factories import CompanyFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def open_one(company, person, **extra) -> Complaint:
    values = {
        "kind": "late",
        "description": "Опоздали на два дня",
        "owner": person,
        "due_on": timezone.localdate() + timedelta(days=3),
        "acting_user": person,
    }
    return complaint_open(company=company, **(values | extra))


def test_an_open_complaint_makes_the_client_unhealthy_until_it_is_closed(people, base):
    client = base.of_farmer1_north
    assert selectors.is_healthy(client)
    complaint = open_one(client, people.farmer1)
    assert not selectors.is_healthy(client)
    complaint_close(complaint=complaint, resolution="Скидка 5 %", acting_user=people.farmer1)
    assert selectors.is_healthy(client)
    kinds = list(CareEvent.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert sorted(kinds) == [CareEventKind.COMPLAINT_CLOSED, CareEventKind.COMPLAINT_OPENED]
    closed = CareEvent.objects.get(kind=CareEventKind.COMPLAINT_CLOSED)
    assert closed.actor == people.farmer1 and closed.note == "Скидка 5 %"


def test_the_health_annotation_agrees_with_is_healthy(people, base):
    open_one(base.of_farmer1_north, people.farmer1)
    closed = open_one(base.of_hunter1, people.hunter1)
    complaint_close(complaint=closed, resolution="Допоставили", acting_user=people.hunter1)
    rows = Company.objects.annotate(sick=selectors.has_open_complaint())
    assert {c.pk for c in rows if c.sick} == {base.of_farmer1_north.pk}
    assert all(selectors.is_healthy(c) is not c.sick for c in rows)


def past_due(days, company, person) -> Complaint:
    return complaint_past_due(
        days,
        company=company,
        kind="late",
        description="Опоздали на два дня",
        owner=person,
        acting_user=person,
    )


def test_a_complaint_due_before_the_day_it_is_recorded_is_refused(people, base):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(RuleRefused) as refused:
        open_one(base.of_farmer1_north, people.farmer1, due_on=yesterday)
    assert refused.value.field == "due_on"
    assert "Решить до" in str(refused.value)
    assert not Complaint.objects.exists() and not CareEvent.objects.exists()
    today = timezone.localdate()
    assert open_one(base.of_farmer1_north, people.farmer1, due_on=today).due_on == today


def test_a_complaint_names_a_deal_of_its_own_client_only(people, base):
    deal = deal_create(
        company=base.of_hunter1, owner=people.hunter1, title="Поставка", acting_user=people.hunter1
    )
    with pytest.raises(RuleRefused) as refused:
        open_one(base.of_farmer1_north, people.farmer1, deal=deal)
    assert refused.value.field == "deal"
    assert open_one(base.of_hunter1, people.hunter1, deal=deal).deal == deal


@pytest.mark.parametrize(
    ("change", "field"),
    [({"kind": "weather"}, "kind"), ({"description": "  "}, "description")],
)
def test_a_complaint_without_its_kind_or_story_is_refused_and_nothing_written(
    people, base, change, field
):
    with pytest.raises(RuleRefused) as refused:
        open_one(base.of_farmer1_north, people.farmer1, **change)
    assert refused.value.field == field
    assert not Complaint.objects.exists() and not CareEvent.objects.exists()


def test_a_complaint_is_closed_once_and_with_its_resolution(people, base):
    complaint = open_one(base.of_farmer1_north, people.farmer1)
    with pytest.raises(RuleRefused):
        complaint_close(complaint=complaint, resolution=" ", acting_user=people.farmer1)
    complaint_close(complaint=complaint, resolution="Заменили", acting_user=people.farmer1)
    with pytest.raises(RuleRefused):
        complaint_close(complaint=complaint, resolution="Ещё раз", acting_user=people.farmer1)
    assert CareEvent.objects.filter(kind=CareEventKind.COMPLAINT_CLOSED).count() == 1


def test_the_database_refuses_a_closed_complaint_without_resolution(people, base):
    complaint = open_one(base.of_farmer1_north, people.farmer1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(closed_at=timezone.now())


def test_overdue_complaints_are_the_open_ones_past_their_day_seen_by_the_reader(people, base):
    today = timezone.localdate()
    late = past_due(1, base.of_farmer1_north, people.farmer1)
    open_one(base.of_farmer1_north, people.farmer1, due_on=today)
    closed = past_due(5, base.of_farmer1_north, people.farmer1)
    complaint_close(complaint=closed, resolution="Решено", acting_user=people.farmer1)
    hunters = past_due(2, base.of_hunter1, people.hunter1)
    assert list(selectors.overdue_complaints(people.head, today)) == [hunters, late]
    assert list(selectors.overdue_complaints(people.farmers_lead, today)) == [late]
    assert list(selectors.overdue_complaints(people.hunter2, today)) == []


def test_the_latest_review_meeting_counts_in_the_portrait_of_a(people, base):
    a1, a2 = base.of_farmer1_north, base.of_hunter1
    Company.objects.filter(pk__in=[a1.pk, a2.pk]).update(abc_class="A")
    today = timezone.localdate()
    client_choice_record(
        company=a1,
        recorded_on=today - timedelta(days=90),
        criteria=["price"],
        acting_user=people.farmer1,
    )
    client_choice_record(
        company=a1,
        recorded_on=today,
        criteria=["quality", "delivery"],
        note="Не подводите",
        acting_user=people.farmer1,
    )
    client_choice_record(
        company=a2, recorded_on=today, criteria=["quality"], acting_user=people.hunter1
    )
    # Not an A client: not in the portrait.
    client_choice_record(
        company=base.of_hunter2_gtx,
        recorded_on=today,
        criteria=["price"],
        acting_user=people.hunter2,
    )
    portrait = selectors.criteria_of_a(Company.objects.all())
    assert portrait["asked"] == 2
    assert [(str(label), n) for label, n, _share in portrait["rows"]] == [
        ("Качество", 2),
        ("Доставка", 1),
    ]
    assert [c.note for c in portrait["words"]] == ["Не подводите"]
    assert CareEvent.objects.filter(kind=CareEventKind.CRITERIA).count() == 4


@pytest.mark.parametrize(
    ("criteria", "note", "days"),
    [(["cheapness"], "", 0), ([], "", 0), (["price"], "", -1)],
)
def test_criteria_unknown_empty_or_of_a_meeting_to_come_are_refused(
    people, base, criteria, note, days
):
    with pytest.raises(RuleRefused):
        client_choice_record(
            company=base.of_farmer1_north,
            recorded_on=timezone.localdate() - timedelta(days=days),
            criteria=criteria,
            note=note,
            acting_user=people.farmer1,
        )
    assert not ClientChoice.objects.exists()


@pytest.fixture
def developer(people):
    development = DepartmentFactory(name="Развитие", kind=DepartmentKind.DEVELOPMENT)
    return UserFactory(
        username="developer1", position=Position.KEY_ACCOUNT_MANAGER, department=development
    )


def test_the_big_fish_are_seen_by_the_development_department_and_the_owner(people, developer):
    whale = CompanyFactory(legal_name="Кит", employees=5000)
    CompanyFactory(legal_name="Малёк", employees=10)
    for person in (people.owner, people.head, developer):
        assert list(selectors.big_fish(person)) == [whale]
    for person in (people.farmer1, people.hunters_lead, people.farmers_lead, people.pm1):
        assert not selectors.may_see_big_fish(person)
        assert not selectors.big_fish(person).exists()


def test_the_head_of_the_development_department_sees_the_big_fish(people):
    DepartmentFactory(name="Развитие", kind=DepartmentKind.DEVELOPMENT, head=people.farmers_lead)
    assert selectors.may_see_big_fish(people.farmers_lead)


@pytest.mark.parametrize(
    ("employees", "revenue", "potential"),
    [
        (None, None, ""),
        (249, None, "low"),
        (250, None, ""),
        (None, Decimal("999999999.99"), "medium"),
        (None, Decimal(1_000_000_000), ""),
        (10, Decimal(1), "high"),
    ],
)
def test_the_big_fish_filter_agrees_with_the_rule(people, employees, revenue, potential):
    company = CompanyFactory(employees=employees, annual_revenue=revenue, potential=potential)
    care = CareSettings.load()
    expected = rules.is_big_fish(
        employees=employees,
        annual_revenue=revenue,
        potential=potential,
        min_employees=care.big_fish_min_employees,
        min_revenue=care.big_fish_min_revenue,
        high_potential=care.big_fish_high_potential,
    )
    found = Company.objects.filter(selectors.big_fish_filter(care), pk=company.pk).exists()
    assert found is expected


def test_the_relationship_plan_keeps_each_change_in_the_history(people, developer):
    whale = CompanyFactory(legal_name="Кит", employees=5000)
    meeting = timezone.localdate() + timedelta(days=10)
    relationship_plan_save(
        company=whale,
        changes={
            "decision_makers": "Генеральный директор",
            "next_meeting": meeting,
            "wallet_share": Decimal(20),
        },
        acting_user=developer,
    )
    relationship_plan_save(
        company=whale,
        changes={"decision_makers": "Генеральный директор", "wallet_share": Decimal(35)},
        acting_user=people.owner,
    )
    plan = RelationshipPlan.objects.get(company=whale)
    assert plan.wallet_share == Decimal(35) and plan.next_meeting == meeting
    events = list(CareEvent.objects.filter(kind=CareEventKind.PLAN).order_by("pk"))
    assert len(events) == 2
    assert events[1].changes == {"доля в закупках клиента, %": ["20", "35"]}


def test_nobody_outside_development_writes_a_plan_and_a_share_stays_a_percent(people, developer):
    whale = CompanyFactory(legal_name="Кит", employees=5000)
    with pytest.raises(RuleRefused):
        relationship_plan_save(
            company=whale, changes={"wallet_share": Decimal(5)}, acting_user=people.farmer1
        )
    with pytest.raises(RuleRefused) as refused:
        relationship_plan_save(
            company=whale, changes={"wallet_share": Decimal(101)}, acting_user=developer
        )
    assert refused.value.field == "wallet_share"
    assert not RelationshipPlan.objects.exists()


def test_the_thresholds_are_changed_in_settings_with_the_log(people):
    care_settings_update(changes={"big_fish_min_employees": 1000}, acting_user=people.head)
    assert CareSettings.load().big_fish_min_employees == 1000
    change = SettingsChange.objects.get()
    assert change.author == people.head
    assert list(change.changes.values()) == [["250", "1000"]]


def test_organisation_figures_take_each_sellers_current_scheme(people):
    from otdel.pay.models import PayAssignment, PayScheme

    today = timezone.localdate()
    old = PayScheme.objects.create(name="Старая", base_salary=1, new_percent=1, repeat_percent=1)
    hunters = PayScheme.objects.create(
        name="Охотники", base_salary=60000, new_percent=10, repeat_percent=2
    )
    farmers = PayScheme.objects.create(
        name="Фермеры", base_salary=50000, new_percent=3, repeat_percent=5
    )
    for hunter in (people.hunter1, people.hunter2):
        PayAssignment.objects.create(user=hunter, scheme=old, since=today - timedelta(days=400))
        PayAssignment.objects.create(user=hunter, scheme=hunters, since=today - timedelta(days=30))
    PayAssignment.objects.create(user=people.farmer1, scheme=farmers, since=today)
    # A scheme from tomorrow is not in force yet.
    PayAssignment.objects.create(user=people.farmer1, scheme=old, since=today + timedelta(days=1))
    active, client, check = selectors.organisation_figures(today)
    assert (active.headcount, active.salary, active.percent) == (2, 60000, 10)
    assert (client.headcount, client.salary, client.percent) == (1, 50000, 5)
    assert check.warnings == (rules.OrgWarning.ACTIVE_SALES_TOO_LARGE,)
