"""The funnel read from the history the services write, on known days (time-machine)."""

import datetime as dt
from decimal import Decimal

from otdel.base.models import Company
from otdel.reports import selectors

WEEK_45 = (dt.date(2026, 11, 2), dt.date(2026, 11, 8))
WEEK_46 = (dt.date(2026, 11, 9), dt.date(2026, 11, 15))


def rows(companies, first, last):
    spans = selectors.period_spans(companies, first, last)
    return {row.state: row for row in spans.rows(reasons=["Нет денег"])}


def test_week_45_counts_each_entry_and_the_company_back_from_triage(people, history):
    funnel = rows(Company.objects.filter(owner=people.hunter1), *WEEK_45)
    new, first, second = funnel["new"], funnel["contact_1"], funnel["contact_2"]
    assert (new.entered, new.moved_on, new.lost, new.median_days) == (2, 2, 0, Decimal("1.0"))
    # A and B entered, then B again after its refusal: three entries; A moved on, B was lost
    # once (its second stay ended in week 46, after the period).
    assert (first.entered, first.moved_on, first.lost) == (3, 1, 1)
    assert first.median_days == Decimal("2.0")
    assert first.lost_reasons == [("Нет денег", 1)]
    assert first.conversion == Decimal(33)
    assert (second.entered, second.moved_on, second.lost) == (1, 0, 0)
    assert funnel["deal"].entered == 0


def test_week_46_holds_only_what_began_in_it(people, history):
    funnel = rows(Company.objects.filter(owner=people.hunter1), *WEEK_46)
    assert [(s, r.entered) for s, r in funnel.items() if r.entered] == [("contact_2", 1)]


def test_the_report_sets_the_period_beside_the_one_before(people, history):
    report = selectors.funnel_report(Company.objects.filter(owner=people.hunter1), *WEEK_46)
    assert report.previous == WEEK_45
    second = next(line for line in report.lines if line.state == "contact_2")
    assert (second.now.entered, second.before.entered, second.entered_change) == (1, 1, 0)
    first = next(line for line in report.lines if line.state == "contact_1")
    assert (first.now.entered, first.before.entered) == (0, 3)


def test_cohorts_narrow_the_funnel(people, history):
    managers = selectors.reported_managers(people.head)
    by_source = selectors.cohort_companies(managers, {"source": history["fair"].pk})
    assert rows(by_source, *WEEK_45)["contact_1"].entered == 1
    by_manager = selectors.cohort_companies(managers, {"manager": people.hunter2.pk})
    assert rows(by_manager, *WEEK_45)["new"].entered == 1
    department = people.hunter1.department_id
    whole = selectors.cohort_companies(managers, {"department": department, "size": ""})
    assert rows(whole, *WEEK_45)["contact_1"].entered == 4


def test_a_manager_reports_on_himself_and_a_head_on_his_departments(people, history):
    assert list(selectors.reported_managers(people.hunter1)) == [people.hunter1]
    assert people.farmer1 not in selectors.reported_managers(people.hunters_lead)
    assert set(selectors.reported_managers(people.hunters_lead)) >= {
        people.hunter1,
        people.hunter2,
    }
    assert not selectors.may_see_reports(people.pm1)
    assert not selectors.may_see_reports(people.outsider)
