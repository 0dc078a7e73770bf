"""Each finding of the audit measured from hand-built data just below, at and just above its
threshold (a threshold of none, 0 heads, has no "below"). The viewer is the owner, who audits
the whole department: hunter1 and hunter2 (hunters), farmer1 (farmers)."""

import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from otdel.algorithm.models import Activity, RefusalReason, RuleSettings
from otdel.audit import rules
from otdel.audit.selectors import MEASURES, Period, evidence, scope_for
from otdel.base.models import Section
from otdel.billing.models import Invoice
from otdel.catalog.models import Product
from otdel.deals.models import Deal, DealStatus
from otdel.documents.models import Document, DocumentKind
from otdel.orders.models import Order, OrderLine
from otdel.plans.models import PlanLine, PlanStatus, PlanWeek, SalesPlan
from otdel.segments.models import SegmentationRun
from tests.conftest import client_for
from tests.factories import CompanyFactory, UserFactory

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def measure(code: str, viewer) -> rules.Measure:
    return MEASURES[code](scope_for(viewer), Period(TODAY, 12))


def crossed(code: str, viewer) -> bool:
    return rules.judge(measure(code, viewer)) is not None


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def in_work(owner, n: int, **fields) -> list:
    return [CompanyFactory(owner=owner, section="", state="contact_1", **fields) for _i in range(n)]


def open_step(company, assignee) -> None:
    Activity.objects.create(
        company=company, kind="call", subject="Звонок", due_at=NOW, assignee=assignee
    )


def done(company, assignee, when: datetime) -> Activity:
    return Activity.objects.create(
        company=company, kind="call", subject="Звонок", due_at=when, done_at=when, assignee=assignee
    )


def order(company, when: datetime, amount: int = 100, number: str = "") -> Order:
    made = Order.objects.create(
        company=company, number=number or f"З-{Order.objects.count()}", ordered_at=when
    )
    product, _new = Product.objects.get_or_create(code="L-1", defaults={"name": "Лампа"})
    OrderLine.objects.create(order=made, product=product, quantity=1, unit_price=amount)
    return made


def month_plan(people, *, planned) -> SalesPlan:
    plan = SalesPlan.objects.create(
        kind="month",
        starts_on=TODAY.replace(day=1),
        ends_on=date(2026, 11, 30),
        status=PlanStatus.APPROVED,
    )
    for user in planned:
        PlanLine.objects.create(plan=plan, user=user, department=user.department, revenue=100)
    return plan


@pytest.mark.parametrize(("planned", "expected"), [(3, False), (2, True)])
def test_no_personal_plans_at_and_above(people, planned, expected):
    managers = [people.hunter1, people.hunter2, people.farmer1]
    month_plan(people, planned=managers[:planned])
    assert measure("no_personal_plans", people.owner).value == 3 - planned
    assert crossed("no_personal_plans", people.owner) is expected


def test_a_draft_plan_or_another_month_is_no_plan(people):
    managers = [people.hunter1, people.hunter2, people.farmer1]
    plan = month_plan(people, planned=managers)
    plan.status = PlanStatus.DRAFT
    plan.save()
    assert measure("no_personal_plans", people.owner).value == 3
    rows = evidence(people.owner, "no_personal_plans", TODAY, 12).rows
    assert sorted(m.username for m in rows) == ["farmer1", "hunter1", "hunter2"]


@pytest.mark.parametrize(
    ("days_ago", "runs", "expected"),
    [(90, 1, True), (89, 1, False), (10, 2, False)],  # out of the window, at, above
)
def test_no_abc_within_90_days(people, days_ago, runs, expected):
    for i in range(runs):
        SegmentationRun.objects.create(
            as_of=TODAY - timedelta(days=days_ago + i), days=365, criteria="revenue"
        )
    assert crossed("no_abc", people.owner) is expected


@pytest.mark.parametrize(("weekly", "expected"), [(1, True), (2, False), (3, False)])
def test_monthly_reporting_only_below_at_above_half_of_the_lines(people, weekly, expected):
    fourth = UserFactory(department=people.hunter1.department)
    plan = month_plan(people, planned=[people.hunter1, people.hunter2, people.farmer1, fourth])
    for n, line in enumerate(plan.lines.order_by("pk")):
        PlanWeek.objects.create(
            line=line,
            starts_on=plan.starts_on,
            ends_on=plan.starts_on + timedelta(days=6),
            revenue=25 if n < weekly else 0,
        )
    assert measure("monthly_reporting_only", people.owner).value == weekly * 25
    assert crossed("monthly_reporting_only", people.owner) is expected


@pytest.mark.parametrize(("on_clients", "expected"), [(2, False), (3, False), (4, True)])
def test_hunters_serving_clients_over_30_per_cent_in_the_last_quarter(people, on_clients, expected):
    client = CompanyFactory(owner=people.farmer1, section="", state="client")
    order(client, at(date(2025, 1, 10)))
    prospect = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    for n in range(10):
        company = client if n < on_clients else prospect
        done(company, people.hunter1 if n % 2 else people.hunter2, at(date(2026, 10, 1 + n)))
    # A farmer's calls on clients are his work, not a hunter's drift.
    done(client, people.farmer1, at(date(2026, 10, 20)))
    found = measure("hunters_serving_clients", people.owner)
    # The rows concerned are the hunters who served clients: both, taking turns.
    assert (found.value, found.count) == (on_clients * 10, 2)
    assert crossed("hunters_serving_clients", people.owner) is expected


def test_the_hunters_serving_clients_link_opens_as_many_hunters_with_figures_grouped(people):
    client = CompanyFactory(owner=people.farmer1, section="", state="client")
    order(client, at(date(2025, 1, 10)))
    when = at(date(2026, 10, 1))
    Activity.objects.bulk_create(
        Activity(company=client, kind="call", subject="Звонок", done_at=when, assignee=hunter)
        for hunter, n in ((people.hunter1, 1200), (people.hunter2, 3))
        for _i in range(n)
    )
    owner = client_for(people.owner)
    found = next(
        f
        for f in owner.get(reverse("audit:audit")).context["findings"]
        if f["code"] == "hunters_serving_clients"
    )
    assert (found["count"], found["count_shown"]) == (2, "2")
    page = owner.get(found["evidence"])
    assert [m.pk for m in page.context["evidence"].rows] == [people.hunter1.pk, people.hunter2.pk]
    assert '<td class="num">1\xa0200</td>' in page.content.decode()


def test_a_company_becomes_a_client_at_its_first_order_not_before(people):
    company = CompanyFactory(owner=people.hunter1, section="", state="client")
    done(company, people.hunter1, at(date(2026, 10, 1)))  # while a prospect
    order(company, at(date(2026, 10, 5)))
    done(company, people.hunter1, at(date(2026, 10, 10)))  # serving a client
    assert measure("hunters_serving_clients", people.owner).value == 50.0


def test_hunters_drifting_quarter_after_quarter(people):
    client = CompanyFactory(owner=people.farmer1, section="", state="client")
    order(client, at(date(2025, 1, 10)))
    prospect = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    # 10 %, 20 %, 25 %: under 30 % and rising three quarters in a row.
    for month, on in ((4, 1), (7, 2), (10, 2)):
        total = 10 if month < 10 else 8
        for n in range(total):
            done(client if n < on else prospect, people.hunter1, at(date(2026, month, 1 + n)))
    found = measure("hunters_serving_clients", people.owner)
    assert found.trend == (10.0, 20.0, 25.0)
    assert crossed("hunters_serving_clients", people.owner)


@pytest.mark.parametrize(("contracted", "expected"), [(1, True), (2, False), (3, False)])
def test_base_without_contracts_under_10_per_cent(people, base, contracted, expected):
    companies = [*base.all().values(), *(CompanyFactory() for _i in range(16))]
    assert len(companies) == 20
    # One with a paid order, one with a paid invoice, one with a signed contract.
    order(companies[0], at(date(2026, 5, 1)))
    if contracted > 1:
        deal = Deal.objects.create(
            company=companies[1], title="С", owner=people.hunter1, state="deal", currency="RUB"
        )
        Invoice.objects.create(
            deal=deal, number="1", issued_on=TODAY, due_on=TODAY, amount=10, currency="RUB", paid=5
        )
    if contracted > 2:
        deal = Deal.objects.create(
            company=companies[2], title="Д", owner=people.hunter1, state="deal", currency="RUB"
        )
        Document.objects.create(
            deal=deal,
            kind=DocumentKind.CONTRACT,
            number="Д-1",
            language="ru",
            issued_by=people.hunter1,
            signed_at=NOW - timedelta(days=1),
        )
    found = measure("base_without_contracts", people.owner)
    assert (found.value, found.count) == (contracted * 5, 20 - contracted)
    assert crossed("base_without_contracts", people.owner) is expected


def test_an_unsigned_contract_or_a_return_is_no_contract(people, base):
    deal = Deal.objects.create(
        company=base.of_hunter1, title="Д", owner=people.hunter1, state="deal", currency="RUB"
    )
    Document.objects.create(
        deal=deal, kind=DocumentKind.CONTRACT, number="Д-1", language="ru", issued_by=people.owner
    )
    Order.objects.create(company=base.unclaimed, number="C1", ordered_at=NOW, is_return=True)
    assert measure("base_without_contracts", people.owner).value == 0.0


@pytest.mark.parametrize(("on_low", "expected"), [(0, False), (1, False), (2, True)])
def test_time_on_d_clients_above_their_share_of_revenue(people, on_low, expected):
    big = CompanyFactory(owner=people.farmer1, section="", state="client", abc_class="A")
    small = CompanyFactory(owner=people.farmer1, section="", state="client", abc_class="D")
    order(big, at(date(2026, 6, 1)), amount=900)
    order(small, at(date(2026, 6, 1)), amount=100)  # D: 10 % of revenue
    for n in range(10):
        done(small if n < on_low else big, people.farmer1, at(date(2026, 7, 1 + n)))
    found = measure("time_on_d_clients", people.owner)
    assert (found.value, found.threshold) == (on_low * 10, 10.0)
    assert crossed("time_on_d_clients", people.owner) is expected


@pytest.mark.parametrize(("companies", "expected"), [(1, False), (2, False), (3, True)])
def test_working_lists_over_the_cap(people, companies, expected):
    # A cap of 2 (below the range the Settings allow) keeps the data small; only the
    # comparison is tested.
    RuleSettings.objects.filter(pk=RuleSettings.load().pk).update(working_list_cap=2)
    in_work(people.hunter1, companies)
    assert crossed("working_lists_over_cap", people.owner) is expected
    rows = evidence(people.owner, "working_lists_over_cap", TODAY, 12).rows
    assert [m.username for m in rows] == (["hunter1"] if expected else [])


@pytest.mark.parametrize(("stale", "expected"), [(0, False), (1, False), (2, True)])
def test_stale_prospects_over_10_per_cent(people, stale, expected):
    companies = in_work(people.hunter1, 10, work_deadline=TODAY + timedelta(days=5))
    for company in companies[:stale]:
        company.work_deadline = TODAY - timedelta(days=1)
        company.save()
    # A company past its date at the deal stage waits for its papers, not for the manager.
    CompanyFactory(
        owner=people.hunter1, section="", state="deal", work_deadline=TODAY - timedelta(days=9)
    )
    assert measure("stale_prospects", people.owner).value == stale * 10
    assert crossed("stale_prospects", people.owner) is expected


@pytest.mark.parametrize(("without", "expected"), [(0, False), (1, False), (2, True)])
def test_no_next_step_over_10_per_cent(people, without, expected):
    companies = in_work(people.hunter2, 10)
    for company in companies[without:]:
        open_step(company, people.hunter2)
    # A free company to call waits for nobody's next step.
    CompanyFactory(section=Section.TO_CALL)
    assert measure("no_next_step", people.owner).count == without
    assert crossed("no_next_step", people.owner) is expected


@pytest.mark.parametrize(("without", "expected"), [(0, False), (1, False), (2, True)])
def test_lost_without_reason_over_5_per_cent(people, without, expected):
    reason = RefusalReason.objects.create(
        name="Аудит: нет денег", section=Section.REFUSAL_FOLLOW_UP
    )
    company = CompanyFactory(owner=people.hunter1, section="")
    for n in range(20):
        Deal.objects.create(
            company=company,
            title=f"Сделка {n}",
            owner=people.hunter1,
            state="refusal",
            currency="RUB",
            status=DealStatus.LOST,
            closed_at=NOW - timedelta(days=n + 1),
            lost_reason=None if n < without else reason,
        )
    # Lost before the period: not counted.
    Deal.objects.create(
        company=company,
        title="Давно",
        owner=people.hunter1,
        state="refusal",
        currency="RUB",
        status=DealStatus.LOST,
        closed_at=NOW - timedelta(days=400),
    )
    assert measure("lost_without_reason", people.owner).value == without * 5
    assert crossed("lost_without_reason", people.owner) is expected


def test_a_department_head_audits_his_departments_only(people):
    in_work(people.hunter1, 2)
    in_work(people.farmer1, 3)
    assert measure("no_next_step", people.hunters_lead).count == 2
    assert measure("no_next_step", people.farmers_lead).count == 3
    assert measure("no_next_step", people.owner).count == 5


def test_the_whole_audit_asks_the_same_number_of_queries_whatever_the_data(people):
    from otdel.audit.selectors import audit

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            audit(people.owner, TODAY)
        return len(captured)

    queries()  # the first fills the caches: the algorithm, the rule settings
    few = queries()
    for n in range(5):
        company = in_work(people.hunter1, 1)[0]
        done(company, people.hunter1, at(date(2026, 9, 1 + n)))
        order(company, at(date(2026, 8, 1 + n)))
    assert queries() == few
