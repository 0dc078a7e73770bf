"""Claiming companies into the working list, and the cap that limits it (METHOD 4)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from otdel.algorithm import services
from otdel.algorithm.models import Activity
from otdel.algorithm.services import RuleRefused
from otdel.base.models import Company, CompanyEvent, Section
from tests.factories import CategoryFactory, CompanyFactory, step

from .conftest import fill_working_list, free_companies


def test_claim_puts_a_free_company_into_work_with_a_deadline(people, method, clock):
    today = clock.day(0)
    company = free_companies(1)[0]
    services.company_claim(company=company, manager=people.hunter1)
    company.refresh_from_db()
    assert (company.owner, company.section) == (people.hunter1, "")
    assert (company.work_deadline - today).days == 30
    owner_event = company.events.get(kind=CompanyEvent.Kind.OWNER)
    assert (owner_event.rule, owner_event.actor) == ("claim", people.hunter1)


def test_category_overrides_the_days_of_work(people, method, clock):
    today = clock.day(0)
    company = CompanyFactory(category=CategoryFactory(work_days=14))
    services.company_claim(company=company, manager=people.hunter1)
    company.refresh_from_db()
    assert (company.work_deadline - today).days == 14


@pytest.mark.parametrize(("in_work", "allowed"), [(88, True), (89, True), (90, False)])
def test_cap_of_90_at_88_89_90(people, method, in_work, allowed):
    fill_working_list(people.hunter1, in_work)
    company = free_companies(1)[0]
    if allowed:
        services.company_claim(company=company, manager=people.hunter1)
    else:
        with pytest.raises(RuleRefused, match="working list is full: 90 of 90"):
            services.company_claim(company=company, manager=people.hunter1)
    company.refresh_from_db()
    assert (company.owner == people.hunter1) is allowed


def test_department_and_person_caps(people, method):
    department = people.hunter1.department
    department.working_list_cap = 60
    department.save()
    fill_working_list(people.hunter1, 60)
    with pytest.raises(RuleRefused, match="60 of 60"):
        services.company_claim(company=free_companies(1)[0], manager=people.hunter1)
    people.hunter1.working_list_cap = 61
    people.hunter1.save()
    services.company_claim(company=free_companies(1)[0], manager=people.hunter1)


def test_clients_do_not_count_against_the_cap(people, method):
    fill_working_list(people.hunter1, 90)
    Company.objects.filter(owner=people.hunter1).update(state="client")
    services.company_claim(company=free_companies(1)[0], manager=people.hunter1)


def test_someone_elses_company_cannot_be_claimed(people, method, base):
    with pytest.raises(RuleRefused, match="not free to take"):
        services.company_claim(company=base.of_hunter2_gtx, manager=people.hunter1)


def test_head_assignment_respects_the_cap(people, method):
    fill_working_list(people.hunter2, 90)
    company = free_companies(1)[0]
    with pytest.raises(RuleRefused, match="full"):
        services.company_assign(company=company, manager=people.hunter2, acting_user=people.head)
    company.refresh_from_db()
    assert company.owner is None
    assert not company.events.exists()


def test_a_reassigned_company_brings_its_open_steps_to_the_new_owner(people, method, base):
    company = base.of_hunter2_gtx
    overdue = step(company, people.hunter2, -2)
    done = step(company, people.hunter2, -5, done=True)
    others = step(company, people.head, 1)
    services.company_assign(company=company, manager=people.hunter1, acting_user=people.head)
    assignees = dict(
        Activity.objects.filter(pk__in=[overdue.pk, done.pk, others.pk]).values_list(
            "pk", "assignee"
        )
    )
    # His undone step is the new owner's; what was done, and another's step, stay as they were.
    assert assignees == {
        overdue.pk: people.hunter1.pk,
        done.pk: people.hunter2.pk,
        others.pk: people.head.pk,
    }


def test_a_next_step_goes_to_the_owner_the_company_has_when_it_is_saved(people, method, base):
    """The page was read while hunter2 owned the company; the head gave it to hunter1 before
    hunter2's call was saved: the step he asked for is hunter1's."""
    company = base.of_hunter2_gtx
    call = step(company, people.hunter2, 0)
    call.company  # read, with its owner, before the reassignment  # noqa: B018
    services.company_assign(company=company.pk, manager=people.hunter1, acting_user=people.head)
    services.activity_complete(
        activity=call,
        result="Договорились о встрече",
        acting_user=people.hunter2,
        next_step=Activity(kind="meeting", subject="Встреча", due_at=timezone.now()),
    )
    assert company.activities.get(kind="meeting").assignee == people.hunter1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_at_cap_minus_one_give_exactly_one_success(people, method):
    """100 claims by one manager at 89 of 90, fired together from 50 connections."""
    fill_working_list(people.hunter1, 89)
    companies = free_companies(100)
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def claim_two(pair):
        barrier.wait()
        try:
            for company in pair:
                try:
                    services.company_claim(company=company.pk, manager=people.hunter1)
                    result = "ok"
                except RuleRefused:
                    result = "refused"
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    pairs = [companies[i : i + 2] for i in range(0, 100, 2)]
    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(claim_two, pairs))

    assert sorted(outcomes).count("ok") == 1
    assert len(outcomes) == 100
    assert Company.objects.filter(owner=people.hunter1, section="").count() == 90
    assert (
        Company.objects.filter(
            pk__in=[c.pk for c in companies], owner__isnull=True, section=Section.TO_CALL
        ).count()
        == 99
    )


@pytest.mark.parametrize(("cap", "ok"), [(49, False), (50, True), (90, True), (91, False)])
def test_department_and_person_caps_stay_within_50_to_90(people, method, cap, ok):
    from django.core.exceptions import ValidationError

    for holder in (people.hunter1.department, people.hunter1):
        holder.working_list_cap = cap
        if ok:
            holder.clean()
        else:
            with pytest.raises(ValidationError, match="between 50 and 90"):
                holder.clean()
