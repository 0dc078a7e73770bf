"""The method enforced in the browser: the board refuses a wrong move, the cap refuses a claim,
an expired company is triaged."""

import re

import pytest

from otdel.base.models import Company, Section, State
from otdel.org.models import User

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_board_moves_forward_and_refuses_a_jump(page, demo):
    hunter1 = User.objects.get(username="hunter1")
    card_company = Company.objects.filter(owner=hunter1, section="", state=State.NEW).first()
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/work/board/")
    card = page.get_by_test_id(f"card-{card_company.pk}")

    card.drag_to(page.get_by_test_id("column-client"))
    error = page.locator("#board-error")
    error.wait_for(state="visible")
    assert "1st contact" in error.inner_text() or "1-й контакт" in error.inner_text()
    assert page.get_by_test_id("column-new").get_by_test_id(f"card-{card_company.pk}").count() == 1
    shoot(page, "hunter1-board-refused-ru")

    card.drag_to(page.get_by_test_id("column-contact_1"))
    selector = f"[data-testid=column-contact_1] [data-testid=card-{card_company.pk}]"
    page.wait_for_function(f"() => !!document.querySelector('{selector}')")
    page.wait_for_timeout(300)
    card_company.refresh_from_db()
    assert card_company.state == State.CONTACT_1
    in_column = Company.objects.filter(owner=hunter1, section="", state=State.CONTACT_1).count()
    assert page.get_by_test_id("column-contact_1").locator("h3 small").inner_text() == str(
        in_column
    )


def test_claim_over_the_cap_is_refused_with_the_reason(page, demo):
    hunter1 = User.objects.get(username="hunter1")
    size = Company.objects.filter(owner=hunter1, section="").exclude(state=State.CLIENT).count()
    hunter1.working_list_cap = size
    hunter1.save()
    free = Company.objects.filter(owner__isnull=True, section=Section.TO_CALL).first()
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/companies/{free.pk}/")
    page.get_by_test_id("claim").click()
    page.wait_for_load_state()
    assert re.search(rf"{size} (of|из) {size}", page.locator("main").inner_text())
    shoot(page, "hunter1-claim-refused-ru")
    free.refresh_from_db()
    assert free.owner is None


def test_expired_company_is_triaged_from_my_work(page, demo):
    hunter1 = User.objects.get(username="hunter1")
    expired = Company.objects.filter(owner=hunter1, triage_since__isnull=False).order_by(
        "triage_since", "pk"
    )
    first = expired.first()
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/work/")
    queue = page.get_by_test_id("triage-queue")
    shoot(page, "hunter1-my-work-ru")
    row = queue.locator("form").filter(has_text=first.display_name)
    row.locator("select[name=outcome]").select_option("strategic_archive")
    row.locator("input[name=reason]").fill("Нет бюджета до весны")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    first.refresh_from_db()
    assert (first.section, first.triage_since) == (Section.STRATEGIC_ARCHIVE, None)
    assert first.events.filter(reason="Нет бюджета до весны", rule="triage").exists()
