"""Client care in the browser: a farmer records a complaint on his client's card and closes it
with its resolution; the head sees the overdue complaints and the organisation check on
Control; the ABC(D) page tells why A clients choose us."""

import pytest

from otdel.base.models import Company
from otdel.care.models import Complaint
from otdel.org.models import User

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_farmer_records_and_closes_a_complaint(page, demo):
    farmer1 = User.objects.get(username="farmer1")
    client = (
        Company.objects.filter(owner=farmer1, state="client")
        .exclude(complaints__isnull=False)
        .order_by("pk")
        .first()
    )
    log_in(page, demo, "farmer1")
    page.goto(f"{demo}/companies/{client.pk}/")
    care = page.get_by_test_id("care")
    assert care.get_by_test_id("health").inner_text() == "в порядке"
    care.get_by_test_id("new-complaint").locator("summary").click()
    care.locator("select[name=kind]").select_option("defective")
    care.locator("textarea[name=description]").fill("В партии три бракованных светильника")
    with page.expect_navigation():
        care.get_by_test_id("save-complaint").click()
    assert "Рекламация записана." in page.locator("main").inner_text()
    complaint = Complaint.objects.get(company=client)
    care = page.get_by_test_id("care")
    assert care.get_by_test_id("health").inner_text() == "открыта рекламация"
    assert "В партии три бракованных светильника" in care.inner_text()
    shoot(page, "farmer1-complaint-open-ru")
    care.get_by_test_id(f"resolution-{complaint.pk}").fill("Заменили светильники за свой счёт")
    with page.expect_navigation():
        care.get_by_test_id(f"close-complaint-{complaint.pk}").click()
    assert "Рекламация закрыта." in page.locator("main").inner_text()
    care = page.get_by_test_id("care")
    assert care.get_by_test_id("health").inner_text() == "в порядке"
    assert "Заменили светильники за свой счёт" in care.inner_text()
    shoot(page, "farmer1-complaint-closed-ru")
    complaint.refresh_from_db()
    assert complaint.closed_at is not None and complaint.owner == farmer1


def test_the_head_sees_overdue_complaints_the_org_check_and_why_a_clients_choose_us(page, demo):
    log_in(page, demo, "head")
    page.goto(f"{demo}/control/")
    overdue = page.get_by_test_id("overdue-complaints")
    assert "Опоздание поставки" in overdue.inner_text()
    # The demo has more hunters than farmers, paid less: the check says both.
    check = page.get_by_test_id("org-check")
    assert check.get_by_test_id("org-warning-active_sales_too_large").is_visible()
    assert check.get_by_test_id("org-warning-salary_not_higher").is_visible()
    shoot(page, "head-control-care-ru")
    page.goto(f"{demo}/segments/")
    assert "Качество" in page.get_by_test_id("a-criteria").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("find-lookalikes").click()
    assert page.locator("input[name=lookalike]").is_checked()
    shoot(page, "head-lookalikes-ru")
    page.goto(f"{demo}/care/big-fish/")
    assert "Генеральный директор; директор по закупкам" in page.locator("main").inner_text()
    shoot(page, "head-big-fish-ru")
