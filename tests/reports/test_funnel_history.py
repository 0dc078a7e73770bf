"""The funnel read from the history the services write, on known days (time-machine)."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from otdel.base.services import company_reassign
from otdel.reports import selectors

WEEK_45 = (dt.date(2026, 11, 2), dt.date(2026, 11, 8))
WEEK_46 = (dt.date(2026, 11, 9), dt.date(2026, 11, 15))


def rows(cohort, first, last):
    spans = selectors.period_spans(cohort, first, last)
    return {row.state: row for row in spans.rows(reasons=["Нет денег"])}


def test_week_45_counts_each_entry_and_the_company_back_from_triage(people, history):
    funnel = rows(selectors.Cohort([people.hunter1.pk]), *WEEK_45)
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
    funnel = rows(selectors.Cohort([people.hunter1.pk]), *WEEK_46)
    assert [(s, r.entered) for s, r in funnel.items() if r.entered] == [("contact_2", 1)]


def test_the_report_sets_the_period_beside_the_one_before(people, history):
    report = selectors.funnel_report(selectors.Cohort([people.hunter1.pk]), *WEEK_46)
    assert report.previous == WEEK_45
    second = next(line for line in report.lines if line.state == "contact_2")
    assert (second.now.entered, second.before.entered, second.entered_change) == (1, 1, 0)
    first = next(line for line in report.lines if line.state == "contact_1")
    assert (first.now.entered, first.before.entered) == (0, 3)


def test_cohorts_narrow_the_funnel(people, history):
    managers = selectors.reported_managers(people.head)
    by_source = selectors.cohort_of(managers, {"source": history["fair"].pk})
    assert rows(by_source, *WEEK_45)["contact_1"].entered == 1
    by_manager = selectors.cohort_of(managers, {"manager": people.hunter2.pk})
    assert rows(by_manager, *WEEK_45)["new"].entered == 1
    department = people.hunter1.department_id
    whole = selectors.cohort_of(managers, {"department": department, "size": ""})
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


def test_a_company_handed_over_counts_with_its_new_owner(people, history):
    company_reassign(company=history["c"], new_owner=people.hunter1, acting_user=people.head)
    assert rows(selectors.Cohort([people.hunter1.pk]), *WEEK_45)["contact_1"].entered == 4
    assert rows(selectors.Cohort([people.hunter2.pk]), *WEEK_45)["contact_1"].entered == 0


def test_the_heads_funnel_counts_the_stays_without_the_companies(people, history):
    """Only the cohort's company fields join the companies, once; its owners are on the stays."""

    def stays_queries(cohort):
        with CaptureQueriesContext(connection) as queries:
            selectors.funnel_report(cohort, *WEEK_45)
        # The counts and the median stays of both periods (the companies still where they were
        # created are read from the companies).
        stays = [q["sql"] for q in queries if 'FROM "base_company" ' not in q["sql"]]
        return [sql for sql in stays if 'FROM "base_companystay"' in sql]

    managers = selectors.reported_managers(people.head)
    default = stays_queries(selectors.cohort_of(managers, {"department": None, "size": ""}))
    assert len(default) == 4
    assert not [sql for sql in default if '"base_company"' in sql]
    by_source = stays_queries(selectors.cohort_of(managers, {"source": history["fair"].pk}))
    assert len(by_source) == 4
    assert all(sql.count('"base_company" ') == 1 for sql in by_source)  # one join
