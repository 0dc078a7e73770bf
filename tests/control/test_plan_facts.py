"""Plan against fact by week, on Control, its own page and its spreadsheet."""

from datetime import date
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from otdel.plans.services import plan_approve, plan_create
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.plans.test_plans import SPLIT, set_figures


def test_the_head_sees_who_is_behind_on_control_and_the_plan_pages(people, november_done):
    plan = plan_create(kind="month", day=date(2026, 11, 1), acting_user=people.head)
    set_figures(plan, people, SPLIT)
    plan_approve(plan=plan, acting_user=people.owner)
    page = client_for(people.head).get(reverse("control:control"))
    paced = {row.manager.username: row for row in page.context["rows"] if row.plan_line}
    assert set(paced) == {"hunter1", "hunter2", "farmer1"}
    assert {row.plan_line[0] for row in paced.values()} == {plan.pk}
    # hunter1 has 9 000 of the 100 000 planned: behind, in red, a link to his line of the plan.
    assert "behind" in paced["hunter1"].alerts
    html = page.content.decode()
    pace = html.split('data-testid="pace-hunter1"')[1].split("</td>")[0]
    line = plan.lines.get(user=people.hunter1)
    assert f'?line={line.pk}" class="danger-text"' in pace
    # The hunters' department head sees his department only; a manager his own line.
    lead = client_for(people.hunters_lead).get(reverse("control:facts", args=[plan.pk]))
    assert [str(r.line) for r, _p, _c in lead.context["rows"]][0] == "Охотники"
    assert {r.line.user for r, _p, _c in lead.context["rows"]} == {
        None,
        people.hunter1,
        people.hunter2,
    }
    farmer_line = plan.lines.get(user=people.farmer1)
    weeks = reverse("plans:weeks", args=[plan.pk, farmer_line.pk])
    assert client_for(people.hunters_lead).get(weeks).status_code == 404
    assert client_for(people.head).get(weeks).status_code == 200
    sheet = client_for(people.head).get(reverse("control:facts", args=[plan.pk]) + "?format=xlsx")
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("line", "department", "login", "metric") and len(rows) == 1 + 6 * 7
    hunter1 = next(r for r in rows if r[2] == "hunter1" and r[3] == "Оплаченная выручка")
    assert (hunter1[4], hunter1[6], hunter1[12]) == (100000, 9000, True)
    own = client_for(people.hunter1).get(reverse("control:facts", args=[plan.pk]) + "?metric=calls")
    assert [r.line.user for r, _p, _c in own.context["rows"]] == [people.hunter1]
    own_pay = client_for(people.farmer1).get(reverse("pay:mine")).content.decode()
    # No pay scheme yet, but his plan: one table of it.
    assert (
        own_pay.count('data-testid="my-pace"') == 1
        and "<title>Моя зарплата · Otdel</title>" in own_pay
    )
    # Each manager is warned on his own day's page.
    work = client_for(people.hunter1).get(reverse("control:my_work"))
    assert "revenue" in work.context["plan_line"].behind
    assert 'data-testid="plan-behind"' in work.content.decode()
    assert (
        client_for(people.outsider).get(reverse("control:facts", args=[plan.pk])).status_code == 403
    )
    assert client_for(people.hunter1).get(reverse("plans:list")).status_code == 403


def test_plan_pages_issue_the_same_queries_for_three_managers_or_twelve(people, november_done):
    plan = plan_create(kind="quarter", day=date(2026, 11, 1), acting_user=people.head)
    client = client_for(people.head)
    urls = [
        reverse("control:facts", args=[plan.pk]),
        reverse("plans:detail", args=[plan.pk]),
        reverse("control:control"),
    ]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    counts()  # the first requests also fill caches (the algorithm, the rule settings)
    few = counts()
    for n in range(9):
        UserFactory(username=f"extra{n}", department=people.hunter1.department)
    bigger = plan_create(kind="year", day=date(2026, 11, 1), acting_user=people.head)
    assert bigger.lines.filter(user__isnull=False).count() == 12
    urls[:2] = [
        reverse("control:facts", args=[bigger.pk]),
        reverse("plans:detail", args=[bigger.pk]),
    ]
    assert counts() == few
