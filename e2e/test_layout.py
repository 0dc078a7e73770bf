"""Every page of the menu on a phone and on a wide screen (issue 14): nothing scrolls sideways,
the console stays clean, and axe-core finds no serious or critical accessibility violation.

One test per persona walks the pages its own menu links to, read from the rendered menu, so a
page added to the menu later is walked too. A leader and a manager are also walked in English,
and every page is saved under e2e/screenshots/ to be looked at.
"""

from pathlib import Path

import pytest

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1440)
# A leader and a manager are walked in both languages and photographed.
PHOTOGRAPHED = {"head", "hunter1"}
MENU_LINKS = "#main-menu a, .user-menu ul a"


def menu_links(page) -> list[str]:
    return page.eval_on_selector_all(MENU_LINKS, "links => links.map(a => a.getAttribute('href'))")


def serious_violations(page, *, contrast: bool) -> list[str]:
    """axe-core's serious and critical findings. Colours are the same at every width, and their
    check is the slowest, so it runs at one width only."""
    # Loaded as a file of the site itself: the Content-Security-Policy refuses inline script.
    origin = "/".join(page.url.split("/", 3)[:3])
    page.route(
        f"{origin}/__axe.min.js",
        lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"),
    )
    page.add_script_tag(url=f"{origin}/__axe.min.js")
    return page.evaluate(
        """async (contrast) => (await axe.run(document, {
                resultTypes: ["violations"], rules: {"color-contrast": {enabled: contrast}}}))
            .violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target).join("; ")})`)""",
        contrast,
    )


def check_the_menus_from_the_keyboard(page, problems: list[str]) -> None:
    """On a phone the main menu is folded behind a button; it and the user's menu open and close
    from the keyboard."""
    button = page.locator(".menu-toggle")
    menu = page.locator("#main-menu")
    if not button.is_visible() or menu.is_visible():
        problems.append("390 px: the menu is not folded behind its button")
        return
    button.focus()
    page.keyboard.press("Enter")
    if button.get_attribute("aria-expanded") != "true" or not menu.is_visible():
        problems.append("390 px: Enter on the menu button does not open the menu")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    if button.get_attribute("aria-expanded") != "false" or menu.is_visible():
        problems.append("390 px: Escape does not close the menu")
    user_menu = page.locator(".user-menu")
    user_menu.locator("summary").focus()
    page.keyboard.press("Enter")
    if not user_menu.locator("ul").is_visible():
        problems.append("390 px: Enter on the user's name does not open his menu")
    page.keyboard.press("Escape")
    if user_menu.evaluate("details => details.open"):
        problems.append("390 px: Escape does not close the user's menu")


def switch_language(page, code: str) -> None:
    page.locator(".user-menu > summary").click()
    with page.expect_navigation():
        page.locator(f".user-menu button[name=language][value={code}]").click()


def walk(page, url: str, login: str) -> list[str]:
    """Each menu page at each width; what is wrong, as sentences."""
    problems: list[str] = []
    console: list[str] = []
    page.on("console", lambda message: message.type == "error" and console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    log_in(page, url, login)
    for language in ("ru", "en") if login in PHOTOGRAPHED else ("ru",):
        if language != "ru":
            page.goto(f"{url}/")
            switch_language(page, language)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{url}/")
            if width < 900:
                check_the_menus_from_the_keyboard(page, problems)
            for href in menu_links(page):
                where = f"{language} {width} px {href}"
                console.clear()
                response = page.goto(f"{url}{href}")
                if response is None or response.status != 200:
                    problems.append(f"{where}: answered {response and response.status}")
                    continue
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width:
                    problems.append(f"{where}: the page is {wide} px wide")
                problems += [f"{where}: console: {text}" for text in console]
                # Pages of our own (the API's Swagger UI and Django's admin are not).
                if language == "ru" and page.locator(".topbar").count():
                    found = serious_violations(page, contrast=width == WIDTHS[-1])
                    problems += [f"{where}: axe: {violation}" for violation in found]
                if login in PHOTOGRAPHED:
                    name = href.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
                    shoot(page, f"menu-{login}-{language}-{width}-{name or 'home'}")
    return problems


@pytest.mark.parametrize("login", ["hunter1", "farmer1", "head", "owner"])
def test_every_menu_page_fits_a_phone_and_a_wide_screen(browser, demo, login):
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        problems = walk(page, demo, login)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
