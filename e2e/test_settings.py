"""The head of sales changes the company's settings inside the app, in its own look, from the
menu: a limit of the method, seen back with who changed it; a phone's width scrolls no page of
Settings sideways (only a wide table scrolls within itself; the header is the layout's own)."""

import pytest

from otdel.algorithm.models import RuleSettings

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECTIONS = (
    "Лимиты методики",
    "Алгоритм и сценарии этапов",
    "ABC(D) и передача клиентов",
    "Схемы оплаты",
    "Прайс-листы и скидки",
    "Наша компания и шаблоны документов",
    "Пользователи и отделы",
)


def test_head_changes_a_limit_from_the_menu_and_sees_who_changed_it(page, demo):
    log_in(page, demo, "head")
    page.get_by_test_id("leading-menu").locator("summary").click()  # the leaders' pages
    page.locator("header").get_by_role("link", name="Настройки").click()
    assert page.locator("h1").inner_text() == "Настройки"
    for section in SECTIONS:
        assert page.locator(".settings-nav").get_by_role("link", name=section).count() == 1
    shoot(page, "head-settings-ru")

    page.locator(".settings-nav").get_by_role("link", name="Лимиты методики").click()
    days = page.get_by_label("дней активной работы с новым клиентом")
    assert days.input_value() == str(RuleSettings.load().work_days)
    days.fill("40")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить").click()
    assert RuleSettings.load().work_days == 40
    log = page.get_by_test_id("settings-changes")
    assert "Анна Белова" in log.inner_text() and "30 → 40" in log.inner_text()

    days = page.get_by_label("дней активной работы с новым клиентом")
    days.fill("0")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_selector(".field.has-error")
    error = page.locator(".field.has-error")
    assert error.locator("label").inner_text().lower().startswith("дней активной работы")
    assert error.locator(".field-error").count() == 1
    assert RuleSettings.load().work_days == 40
    shoot(page, "head-settings-rules-ru")


@pytest.mark.parametrize("who", ["owner", "head"])
def test_no_settings_page_scrolls_sideways_on_a_phone(browser, demo, who):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="ru-RU")
    page = context.new_page()
    log_in(page, demo, who)
    page.goto(f"{demo}/settings/")
    links = page.locator(".settings-nav a").evaluate_all("links => links.map(a => a.href)")
    for url in links:
        page.goto(url)
        width = page.evaluate("document.querySelector('main').scrollWidth")
        assert width <= 390, url
    context.close()
