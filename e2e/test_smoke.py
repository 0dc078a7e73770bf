"""A new user's first minutes: log in to the demo and see what METHOD says, and nothing more."""

import re

import pytest

from otdel.base.models import Company
from otdel.base.selectors import visible_companies
from otdel.org.models import User

from .conftest import shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, url: str, login: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", "demo")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/(work|control)/"))


def total_on_page(page) -> int:
    return int(re.sub(r"\D", "", page.get_by_test_id("total").inner_text()))


def test_hunter_sees_his_companies_and_the_unsorted_lists_only(page, demo):
    hunter1 = User.objects.get(username="hunter1")
    own = Company.objects.filter(owner=hunter1).first()
    others = Company.objects.filter(owner__username="hunter2").first()

    log_in(page, demo, "hunter1")
    assert page.get_by_test_id("current-user").inner_text().startswith(str(hunter1))
    page.goto(f"{demo}/companies/")
    assert total_on_page(page) == Company.objects.filter(owner=hunter1).count()
    page.goto(f"{demo}/companies/?scope=all")
    assert total_on_page(page) == visible_companies(hunter1).count()
    shoot(page, "hunter1-companies-ru")

    page.goto(f"{demo}/companies/{own.pk}/")
    assert page.get_by_test_id("company-name").inner_text() == own.display_name
    shoot(page, "hunter1-company-ru")

    response = page.goto(f"{demo}/companies/{others.pk}/")
    assert response.status == 404

    page.goto(f"{demo}/companies/?scope=all&q={others.legal_name}")
    assert page.locator(f'a[href="/companies/{others.pk}/"]').count() == 0


def test_head_sees_the_whole_base_in_both_languages(page, demo):
    log_in(page, demo, "head")
    assert page.get_by_test_id("managers").count() == 1  # the head starts on the control page
    shoot(page, "head-control-ru")
    page.goto(f"{demo}/companies/")
    assert total_on_page(page) == Company.objects.count()
    assert page.locator("h1").inner_text() == "Компании"
    shoot(page, "head-companies-ru")

    others = Company.objects.filter(owner__username="hunter2").first()
    page.goto(f"{demo}/companies/{others.pk}/")
    assert page.get_by_test_id("company-name").inner_text() == others.display_name

    page.click(".user-menu > summary")  # the language switch is in the user's menu
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("nav >> text=Companies").count() == 1
    assert page.get_by_text("History").count() >= 1
    shoot(page, "head-company-en")

    page.goto(f"{demo}/companies/")
    assert page.locator("h1").inner_text() == "Companies"
    shoot(page, "head-companies-en")


def test_bad_inn_is_explained_on_the_field(page, demo):
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/companies/new/")
    page.fill("input[name=legal_name]", "ООО «Проверка»")
    page.fill("input[name=tax_id]", "7707083894")
    page.fill("textarea[name=phones]", "8 495 12")
    page.click("main button[type=submit]")
    assert page.locator("#id_tax_id-error").inner_text() == "ИНН: неверная контрольная цифра."
    assert "Строка 1" in page.locator("#id_phones-error").inner_text()
    shoot(page, "hunter1-bad-inn-ru")
    assert not Company.objects.filter(legal_name="ООО «Проверка»").exists()
