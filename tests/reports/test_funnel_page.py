"""The funnel page: its filters, its chart and table, and who sees whose companies."""

from django.urls import reverse

from tests.conftest import client_for

WEEK_45 = "first=2026-11-02&last=2026-11-08"


def get(user, query=""):
    return client_for(user).get(reverse("reports:funnel") + "?" + query)


def test_the_head_sees_the_funnel_with_its_chart_and_the_period_before(people, history):
    response = get(people.head, WEEK_45)
    assert response.status_code == 200
    lines = {line.state: line for line in response.context["report"].lines}
    assert (lines["contact_1"].now.entered, lines["contact_1"].now.lost) == (4, 1)
    html = response.content.decode()
    assert 'data-testid="funnel-chart"' in html and "<svg" in html
    assert "Нет денег: 1" in html
    assert "26.10.2026" in html  # the week before begins
    assert 'data-testid="funnel-empty"' not in html


def test_a_period_without_moves_says_so_instead_of_a_table_of_zeros(people, history):
    html = get(people.head, "first=2025-01-01&last=2025-01-31").content.decode()
    assert 'data-testid="funnel-empty"' in html


def test_a_cohort_narrows_the_page(people, history):
    response = get(people.head, f"{WEEK_45}&source={history['fair'].pk}")
    lines = {line.state: line for line in response.context["report"].lines}
    assert lines["contact_1"].now.entered == 1


def test_the_head_narrows_the_page_to_a_manager_and_a_department(people, history):
    department = people.hunter1.department_id
    response = get(people.head, f"{WEEK_45}&manager={people.hunter2.pk}&department={department}")
    lines = {line.state: line for line in response.context["report"].lines}
    assert (lines["new"].now.entered, lines["contact_1"].now.entered) == (1, 1)


def test_a_manager_sees_his_own_funnel_without_choosing_anybody(people, history):
    response = get(people.hunter2, WEEK_45)
    form = response.context["form"]
    assert "manager" not in form.fields and "department" not in form.fields
    lines = {line.state: line for line in response.context["report"].lines}
    assert (lines["new"].now.entered, lines["contact_1"].now.entered) == (1, 1)


def test_a_manager_cannot_ask_for_another_managers_funnel(people, history):
    response = get(people.hunter2, f"{WEEK_45}&manager={people.hunter1.pk}")
    lines = {line.state: line for line in response.context["report"].lines}
    assert lines["contact_1"].now.entered == 1  # his own: the field is not his to set


def test_a_head_chooses_only_his_departments_managers(people, history):
    response = get(people.hunters_lead, f"{WEEK_45}&manager={people.farmer1.pk}")
    assert "manager" in response.context["form"].errors
    assert response.context["report"] is None


def test_a_period_ending_before_it_begins_is_refused_with_the_field(people, history):
    response = get(people.head, "first=2026-11-08&last=2026-11-02")
    assert response.context["form"].errors == {"last": ["Период кончается раньше, чем начинается."]}
