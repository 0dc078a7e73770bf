"""`otdel demo` builds a department a new user can work in at once (issue 2, item 8)."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command, get_commands
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from otdel.base.models import Company, Section, State
from otdel.base.selectors import visible_companies
from otdel.care.models import ClientChoice, Complaint, RelationshipPlan
from otdel.care.selectors import big_fish, organisation_figures
from otdel.demo.files import shared_data_dir
from otdel.org.models import Territory, User
from tests import invariants

needs_shared_data = pytest.mark.skipif(
    not shared_data_dir().exists(), reason="../shared/data is not beside this checkout"
)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo built once for the module (it takes seconds); rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, django_db_blocker):
    """What `otdel demo` printed; each test's writes are rolled back inside the module's."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield built
        transaction.set_rollback(True)


def test_demo_prints_the_logins(demo):
    assert "owner, head, hunter1..hunter5, farmer1..farmer3, pm1" in demo
    assert "password: demo" in demo


@pytest.mark.parametrize(
    "login",
    ["owner", "head", "hunter1", "hunter5", "farmer1", "farmer3", "pm1", "developer1"],
)
def test_every_demo_login_works(demo, login):
    request = RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.1")
    assert authenticate(request, username=login, password="demo") is not None


@needs_shared_data
def test_demo_loads_the_maven_accounts_and_offices(demo):
    assert set(Territory.objects.values_list("name", flat=True)) == {"Central", "East", "West"}
    maven = Company.objects.filter(source__name="Maven CRM")
    assert maven.count() == 85
    assert maven.filter(state=State.CLIENT, owner__username__startswith="farmer").exists()


@needs_shared_data
def test_the_russian_demo_names_the_maven_industries_in_russian(demo):
    names = set(
        Company.objects.filter(source__name="Maven CRM").values_list("category__name", flat=True)
    )
    assert {"Технологии", "Розничная торговля", "Медицина"} <= names
    assert all(re.fullmatch(r"[А-Яа-яЁё ]+", name) for name in names), names


def test_demo_has_companies_in_every_section_and_in_work(demo):
    for section in [*Section.values, ""]:
        assert Company.objects.filter(section=section).exists(), section


@needs_shared_data
def test_demo_people_see_what_the_method_says(demo):
    hunter1 = User.objects.get(username="hunter1")
    seen = visible_companies(hunter1)
    assert seen.filter(owner=hunter1).count() > 10
    assert not seen.exclude(owner=hunter1).exclude(owner__isnull=True).exists()
    head = User.objects.get(username="head")
    assert visible_companies(head).count() == Company.objects.count()
    pm1 = User.objects.get(username="pm1")
    assert visible_companies(pm1).filter(product_groups__name="GTX").exists()


@needs_shared_data
def test_the_demo_keeps_the_method_it_shows(demo):
    """The first thing a user sees obeys the rules the product enforces."""
    invariants.nobody_over_cap()
    invariants.active_work_is_complete()
    invariants.deal_only_with_invoice_or_contract()
    invariants.paid_never_above_invoiced()
    invariants.deal_amount_is_its_invoice()
    invariants.no_line_below_the_discount_limit()
    invariants.payments_not_by_whom_they_pay()
    assert Company.objects.filter(state=State.DEAL).exists()


def test_demo_shows_care_at_work(demo):
    """Complaints open past their day and closed, why A clients choose us, big fish with their
    plans, and an organisation the check has something to say about (issue 17)."""
    today = timezone.localdate()
    assert Complaint.objects.filter(closed_at__isnull=True, due_on__lt=today).exists()
    assert Complaint.objects.filter(closed_at__isnull=False).exists()
    assert ClientChoice.objects.filter(company__abc_class="A").count() >= 10
    developer = User.objects.get(username="developer1")
    assert RelationshipPlan.objects.filter(company__in=big_fish(developer)).count() == 2
    assert organisation_figures(today)[2].warnings


@needs_shared_data
def test_the_demo_history_fills_the_funnel_and_the_weekly_report(demo):
    """Weeks of moves behind the hunters' companies (issue 16): a funnel of the last four
    weeks with entries, moves on and losses with reasons, and a report of this week."""
    from datetime import timedelta

    from django.utils import timezone

    from otdel.reports import rules
    from otdel.reports.selectors import Cohort, funnel_report, weekly_report

    head = User.objects.get(username="head")
    today = timezone.localdate()
    funnel = funnel_report(Cohort(), today - timedelta(days=27), today)
    assert sum(line.now.entered for line in funnel.lines) > 50
    assert sum(line.now.moved_on for line in funnel.lines) > 10
    assert any(line.now.lost_reasons for line in funnel.lines)
    week = weekly_report(rules.week_of(today), head)
    assert week.black_hole and week.overdue_payments and week.abc_moves
    assert any(line.entered for line in week.managers)


def test_demo_runs_once(demo):
    out = StringIO()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert User.objects.filter(username="owner").count() == 1


def test_the_demo_command_belongs_to_the_demo_package():
    assert get_commands()["demo"] == "otdel.demo"


def test_tests_and_benchmarks_use_only_public_names_of_the_demo():
    root = Path(__file__).resolve().parent.parent
    private = [
        f"{path.relative_to(root)}: {alias.name}"
        for folder in ("tests", "bench", "e2e")
        for path in (root / folder).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("otdel.demo")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []


def test_demo_reviews_stages_left_with_their_checklist_skipped(demo):
    """Two hunters left stages with their checklist not done this month, one did them all,
    and the cards show the current stage's checklist ticked (issue 16, item 2)."""
    from otdel.algorithm.models import StageChecklist
    from otdel.control.selectors import review_of

    today = timezone.localdate()
    skipped = [
        len(review_of(User.objects.get(username=f"hunter{n}"), today).skipped_checklists)
        for n in (1, 2, 3, 4)
    ]
    assert skipped[0] == 0 and skipped[1] > 0 and skipped[2] > 0 and skipped[3] == 0
    assert StageChecklist.objects.filter(left_at__isnull=True).exclude(done=[]).count() == 4
