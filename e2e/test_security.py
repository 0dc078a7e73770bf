"""Sign-in security in a real browser (issue 20, item 3): pages work under the
Content-Security-Policy with no violation reported, and a locked-out person sees why."""

import re

import pytest

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_raise_no_content_security_policy_violation(page, demo):
    reports: list[str] = []
    page.on(
        "console",
        lambda message: (
            reports.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    log_in(page, demo, "head")
    for path in ("/companies/", "/control/", "/settings/", "/settings/logins/", "/api/docs/"):
        response = page.goto(f"{demo}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # The box that ticks every row works without its old inline handler.
    page.goto(f"{demo}/companies/")
    page.locator("input[data-tick-all]").check()
    ticked = page.locator("input[name=companies]:checked").count()
    assert ticked == page.locator("input[name=companies]").count() > 0
    page.goto(f"{demo}/settings/two-factor/")
    page.get_by_role("button", name=re.compile("Настроить|Set up")).click()
    page.wait_for_load_state()
    assert page.locator("figure.qr svg").is_visible()
    shoot(page, "two-factor-enrol-ru")
    assert reports == []


def test_the_head_unlocks_a_manager_locked_out_in_the_demo(page, demo):
    log_in(page, demo, "head")
    page.goto(f"{demo}/settings/logins/")
    locked = page.get_by_test_id("locked-person")
    assert locked.count() == 1
    shoot(page, "logins-ru")
    locked.get_by_role("button").click()
    page.wait_for_url(re.compile(r".*/settings/logins/"))
    assert page.get_by_test_id("locked-person").count() == 0


def test_a_locked_out_manager_is_told_why(page, demo):
    page.goto(f"{demo}/login/")
    for _ in range(5):
        page.fill("input[name=username]", "hunter2")
        page.fill("input[name=password]", "wrong")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert page.get_by_test_id("locked-out").is_visible()
    assert "заблокирован" in page.get_by_test_id("locked-out").inner_text()
