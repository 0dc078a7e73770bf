"""Plan against fact: every metric counted from what happened (payments, refunds, the first
order, a signed act, documents, activities), by week, for a manager, his department and the
company; who is behind on the head's Control page; pages with a constant number of queries."""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from otdel.deals.services import deal_add_item, deal_create
from otdel.plans.models import SalesPlan
from otdel.plans.selectors import period_facts, plan_progress
from otdel.plans.services import plan_approve, plan_create
from tests.conftest import client_for

from .test_plans import SPLIT, lines_of, set_figures


def test_every_metric_is_counted_from_what_happened(people, november_done):
    first, last, me = date(2026, 11, 1), date(2026, 11, 30), people.hunter1.pk

    facts = period_facts(first, last)

    def of(metric):
        return dict(facts[metric][me])

    assert of("revenue") == {date(2026, 11, 5): D(12000), date(2026, 11, 10): D(-3000)}
    assert of("margin") == {date(2026, 11, 5): D(4000), date(2026, 11, 10): D(-1000)}
    assert of("new_clients") == {date(2026, 11, 5): 1}
    assert of("deals_won") == {date(2026, 11, 5): 1}
    assert of("proposals") == {date(2026, 11, 5): 1}
    assert of("calls") == {date(2026, 11, 3): 1, date(2026, 11, 17): 1}
    assert of("meetings") == {date(2026, 11, 4): 1, date(2026, 11, 17): 1}
    assert period_facts(date(2026, 12, 1), date(2026, 12, 31))["revenue"] == {}
    # Days are the company's (Moscow) days, not UTC's.
    assert dict(facts["calls"][people.hunter2.pk]) == {date(2026, 11, 3): 1, date(2026, 11, 4): 1}


def test_plan_and_fact_by_week_for_the_manager_his_department_and_the_company(
    people, november_done
):
    plan = plan_create(kind="month", day=date(2026, 11, 1), acting_user=people.head)
    set_figures(plan, people, SPLIT)
    plan_approve(plan=plan, acting_user=people.owner)
    report = {
        r.line.user.username
        if r.line.user
        else r.line.department.name
        if r.line.department
        else "company": r
        for r in plan_progress(plan, date(2026, 11, 18))
    }
    mine = report["hunter1"].metrics["revenue"]
    # 100,000 over 21 working days: two full weeks and 3 of 5 days of this one = 13 days.
    assert mine.plan == 100000 and mine.expected == D("61904.76") and mine.fact == 9000
    assert mine.week_fact == 0 and mine.behind and mine.percent_of_pace == 15
    calls = report["hunter1"].metrics["calls"]
    assert (calls.fact, calls.week_fact) == (2, 1)
    weeks = [(b.first.day, cells["revenue"]) for b, cells in report["hunter1"].weeks]
    assert weeks[1] == (2, (D("23809.53"), D(12000))) and weeks[2] == (9, (D("23809.52"), D(-3000)))
    # The department and the company add up their people.
    assert report["Охотники"].metrics["revenue"].fact == 9000
    assert report["company"].metrics["margin"].fact == 3000
    assert report["Фермеры"].metrics["revenue"].fact == 0
    assert "revenue" in report["hunter2"].behind and "calls" in report["hunter2"].behind
    # One line alone (My pay) reads only its people's rows, to the same figures.
    for who in ("hunter1", "Охотники"):
        alone = plan_progress(plan, date(2026, 11, 18), lines=[report[who].line])[0]
        assert alone.metrics == report[who].metrics and alone.weeks == report[who].weeks


def test_the_owner_makes_edits_and_approves_a_plan_in_the_pages(people):
    owner = client_for(people.owner)
    response = owner.post(reverse("plans:list"), {"kind": "month", "month": "2026-11"})
    plan = SalesPlan.objects.get()
    assert response.url == reverse("plans:detail", args=[plan.pk])
    lines = lines_of(plan)
    form = {
        f"{lines[who].pk}:{metric}": value
        for who, values in SPLIT.items()
        for metric, value in values.items()
    }
    owner.post(reverse("plans:detail", args=[plan.pk]), form)
    assert lines_of(plan)["hunter2"].revenue == 200000
    bad = owner.post(
        reverse("plans:detail", args=[plan.pk]), {f"{lines['hunter1'].pk}:calls": "x"}, follow=True
    )
    assert "Звонки: «x» — не число" in bad.content.decode()
    owner.post(reverse("plans:approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_locked and plan.approved_by == people.owner
    assert (
        client_for(people.hunters_lead).post(reverse("plans:approve", args=[plan.pk])).status_code
        == 403
    )
    page = owner.get(reverse("plans:weeks", args=[plan.pk, lines["hunter1"].pk]))
    assert page.status_code == 200 and len(page.context["weeks"]) == 6


def test_a_plan_by_day_shows_each_weeks_plan_per_working_day(people):
    plan = plan_create(kind="month", day=date(2026, 11, 1), acting_user=people.head, by_day=True)
    set_figures(plan, people, {"hunter1": {"revenue": "210000", "calls": "42"}})
    line = plan.lines.get(user=people.hunter1)
    page = client_for(people.head).get(reverse("plans:weeks", args=[plan.pk, line.pk]))
    days = page.context["days"]
    # November's 21 working days, and Sunday the 1st, a week without one, on its own.
    assert len(days) == 22 and days[0][0] == date(2026, 11, 1)
    revenue, calls = zip(*[(values[0], values[4]) for _day, values in days], strict=True)
    assert set(revenue[1:]) == {D(10000)} and sum(revenue) == 210000
    assert set(calls[1:]) == {D(2)} and sum(calls) == 42


def test_the_open_pipeline_counts_in_the_period_under_way_only(people, shop, client_company):
    lamp, _install = shop
    deal = deal_create(
        company=client_company,
        owner=people.hunter1,
        title="Лампы",
        probability=50,
        expected_close=date(2026, 11, 30),
        acting_user=people.hunter1,
    )
    deal_add_item(deal=deal, product=lamp, quantity=D(10), acting_user=people.hunter1)
    november, december = (
        plan_create(kind="month", day=date(2026, m, 1), acting_user=people.head) for m in (11, 12)
    )
    today = date(2026, 11, 18)
    line = november.lines.get(user=people.hunter1)
    # 10 lamps x 1,200 = 12,000 at 50 %.
    assert plan_progress(november, today, lines=[line])[0].metrics["revenue"].with_pipeline == 6000
    later = plan_progress(december, today, lines=[december.lines.get(user=people.hunter1)])[0]
    assert later.metrics["revenue"].with_pipeline == 0
