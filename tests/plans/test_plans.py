"""Plans as the owner makes them: made for a period, figures typed in, weeks set by hand,
approved and locked, reopened with a reason, copied to the next period; the managers' monthly
plans, and so their pay, follow the approved plan."""

from datetime import date
from decimal import Decimal as D

import pytest

from otdel.pay.models import MonthPlan
from otdel.pay.rules import PlanVersion, plan_for_month
from otdel.plans.models import PlanEvent, PlanStatus, PlanWeek, SalesPlan
from otdel.plans.services import (
    PlanRefused,
    plan_approve,
    plan_copy,
    plan_create,
    plan_reopen,
    plan_set_amounts,
    plan_set_weeks,
    plan_spread_weeks,
)


@pytest.fixture(autouse=True)
def in_english(english):
    """The refusals are read in English here."""


def lines_of(plan: SalesPlan) -> dict:
    return {
        (
            line.user.username
            if line.user
            else line.department.name
            if line.department
            else "company"
        ): line
        for line in plan.lines.select_related("user", "department")
    }


def set_figures(plan, people, figures, **kwargs):
    lines = lines_of(plan)
    return plan_set_amounts(
        plan=plan,
        acting_user=people.head,
        amounts={lines[who].pk: values for who, values in figures.items()},
        **kwargs,
    )


@pytest.fixture
def november(people):
    return plan_create(kind="month", day=date(2026, 11, 18), acting_user=people.head)


SPLIT = {  # the company's plan, given to both departments, and theirs to their managers
    "company": {"revenue": "370 000", "calls": "210", "meetings": "21"},
    "Охотники": {"revenue": "300000", "calls": "210", "meetings": "21"},
    "Фермеры": {"revenue": "70000"},
    "hunter1": {"revenue": "100000", "calls": "105", "meetings": "21"},
    "hunter2": {"revenue": "200000", "calls": "105"},
    "farmer1": {"revenue": "70000,00"},
}


def test_a_new_plan_has_the_company_each_selling_department_and_its_managers(people, november):
    lines = lines_of(november)
    # The department head, the product and territory managers and the assistant sell nothing.
    assert set(lines) == {"company", "Охотники", "Фермеры", "hunter1", "hunter2", "farmer1"}
    assert lines["hunter1"].department.name == "Охотники"
    assert PlanWeek.objects.filter(line=lines["hunter1"]).count() == 6
    assert november.events.get().kind == PlanEvent.Kind.CREATED
    with pytest.raises(PlanRefused, match="already a plan"):
        plan_create(kind="month", day=date(2026, 11, 2), acting_user=people.head)


def test_figures_are_checked_cell_by_cell_and_spread_over_the_weeks(people, november):
    assert set_figures(november, people, {"company": {"revenue": "210 000", "calls": "10"}}) == 1
    weeks = list(lines_of(november)["company"].weeks.all())
    assert [w.revenue for w in weeks] == [D(0), D(50000), D(50000), D(50000), D(50000), D(10000)]
    assert [w.calls for w in weeks] == [D(0), D(3), D(2), D(2), D(2), D(1)]
    for value, message in [
        ("abc", f"{people.hunter1}, Paid revenue: «abc» is not a number"),
        ("-5", "Paid revenue: a plan cannot be negative"),
    ]:
        with pytest.raises(PlanRefused, match=message):
            set_figures(
                november, people, {"hunter2": {"revenue": "5"}, "hunter1": {"revenue": value}}
            )
    for value in ("nan", "sNaN", "Infinity"):
        with pytest.raises(PlanRefused, match=f"Paid revenue: «{value}» is not a number"):
            set_figures(november, people, {"hunter1": {"revenue": value}})
    with pytest.raises(PlanRefused, match="Calls: a count is a whole number"):
        set_figures(november, people, {"hunter1": {"calls": "2.5"}})
    # Nothing of a refused form is written, not even its valid cells.
    assert lines_of(november)["hunter2"].revenue == 0


def test_weeks_set_by_hand_must_add_up_to_the_line(people, november):
    set_figures(november, people, {"hunter1": {"revenue": "100000"}})
    line = lines_of(november)["hunter1"]
    weeks = list(line.weeks.all())
    uneven = {w.pk: {"revenue": "0"} for w in weeks} | {
        weeks[1].pk: {"revenue": "60000"},
        weeks[4].pk: {"revenue": "40000"},
    }
    plan_set_weeks(line=line, weeks=uneven, acting_user=people.head)
    assert [w.revenue for w in line.weeks.all()] == [0, 60000, 0, 0, 40000, 0]
    with pytest.raises(PlanRefused, match="Paid revenue: the weeks add up to 90.000, the plan of"):
        plan_set_weeks(
            line=line, weeks={weeks[1].pk: {"revenue": "50000"}}, acting_user=people.head
        )
    plan_spread_weeks(line=line, acting_user=people.head)
    # 100,000 over 21 working days; the cents left over go to the largest remainders.
    assert [w.revenue for w in line.weeks.all()] == [
        0,
        D("23809.53"),
        D("23809.52"),
        D("23809.52"),
        D("23809.52"),
        D("4761.91"),
    ]


def test_approval_needs_every_figure_given_to_someone(people, november):
    set_figures(november, people, {k: v for k, v in SPLIT.items() if k != "Фермеры"})
    with pytest.raises(
        PlanRefused, match="Paid revenue: 70.000 of the company's plan is given to no department"
    ):
        plan_approve(plan=november, acting_user=people.owner)
    set_figures(november, people, {"Фермеры": {"revenue": "80000"}})
    with pytest.raises(PlanRefused, match="10.000 of the plan of Фермеры is given to no manager"):
        plan_approve(plan=november, acting_user=people.owner)
    assert SalesPlan.objects.get().status == PlanStatus.DRAFT and not MonthPlan.objects.exists()


def test_the_approved_plan_is_locked_and_becomes_each_managers_monthly_plan(people, november):
    set_figures(november, people, SPLIT)
    plan_approve(plan=november, acting_user=people.owner, today=date(2026, 10, 28))
    hunter1 = MonthPlan.objects.get(user=people.hunter1)
    # The activity KPI of pay counts calls, meetings and proposals.
    assert (hunter1.since, hunter1.revenue, hunter1.activities) == (date(2026, 11, 1), 100000, 126)
    assert MonthPlan.objects.filter(plan=november).count() == 3
    with pytest.raises(PlanRefused, match="approved and locked"):
        set_figures(november, people, {"hunter1": {"revenue": "1"}})
    with pytest.raises(PlanRefused, match="Say why"):
        plan_reopen(plan=november, acting_user=people.owner, reason=" ")
    # Mid-month the owner moves 60,000 from hunter1 to hunter2: from the 16th on.
    plan_reopen(plan=november, acting_user=people.owner, reason="Клиент hunter1 ушёл")
    set_figures(
        november, people, {"hunter1": {"revenue": "40000"}, "hunter2": {"revenue": "260000"}}
    )
    plan_approve(plan=november, acting_user=people.owner, today=date(2026, 11, 16))
    versions = list(MonthPlan.objects.filter(user=people.hunter1).values_list("since", "revenue"))
    assert versions == [(date(2026, 11, 1), 100000), (date(2026, 11, 16), 40000)]
    # Pay weighs both by their days: (100,000 x 15 + 40,000 x 15) / 30.
    assert plan_for_month(
        [PlanVersion(s, r) for s, r in versions], date(2026, 11, 1), date(2026, 11, 30)
    ) == D(70000)
    assert MonthPlan.objects.filter(user=people.farmer1).count() == 1  # farmer1's is unchanged
    assert [e.kind for e in november.events.order_by("at", "pk")] == [
        "created",
        "changed",
        "approved",
        "reopened",
        "changed",
        "approved",
    ]


def test_copy_to_the_next_period_and_a_quarter_gives_each_month_its_share(people, november):
    set_figures(november, people, SPLIT)
    december = plan_copy(source=november, acting_user=people.head)
    assert (december.kind, december.starts_on, december.ends_on) == (
        "month",
        date(2026, 12, 1),
        date(2026, 12, 31),
    )
    assert lines_of(december)["hunter2"].revenue == 200000
    # December has 23 working days in 5 weeks: 4 (1-6), 5, 5, 5 and 4 (28-31).
    assert [w.revenue for w in lines_of(december)["hunter2"].weeks.all()] == [
        D("34782.61"),
        D("43478.26"),
        D("43478.26"),
        D("43478.26"),
        D("34782.61"),
    ]
    assert "copied from" in december.events.get().note
    quarter = plan_create(kind="quarter", day=date(2026, 11, 18), acting_user=people.head)
    set_figures(
        quarter,
        people,
        {
            "company": {"revenue": "660000"},
            "Охотники": {"revenue": "660000"},
            "hunter1": {"revenue": "660000"},
        },
    )
    plan_approve(plan=quarter, acting_user=people.owner, today=date(2026, 9, 30))
    # 22, 21 and 23 working days of 66, 10,000 a working day.
    assert list(
        MonthPlan.objects.filter(user=people.hunter1, plan=quarter).values_list("since", "revenue")
    ) == [(date(2026, 10, 1), 220000), (date(2026, 11, 1), 210000), (date(2026, 12, 1), 230000)]
