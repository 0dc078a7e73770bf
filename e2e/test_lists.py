"""Lists as in the best CRMs, in the browser: the header's search, and a bulk claim over the
working-list cap that claims up to the cap and reports the refused rows with the reason."""

import re

import pytest

from otdel.algorithm.selectors import working_list_size
from otdel.base.models import Company, Section
from otdel.org.models import User

from .conftest import shoot
from .test_smoke import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_bulk_claim_over_the_cap_reports_the_refused_rows(page, demo):
    hunter1 = User.objects.get(username="hunter1")
    hunter1.working_list_cap = working_list_size(hunter1) + 2
    hunter1.save()
    log_in(page, demo, "hunter1")
    page.goto(f"{demo}/companies/?scope=free&sort=name")
    boxes = page.locator("input[name=companies]")
    ticked = [int(boxes.nth(i).get_attribute("value")) for i in range(4)]
    for i in range(4):
        boxes.nth(i).check()
    page.get_by_test_id("bulk-bar").locator("select[name=action]").select_option("claim")
    with page.expect_navigation():
        page.get_by_test_id("bulk-bar").locator("button[type=submit]").click()

    assert re.search(r"(Done|Сделано): 2\. (Refused|Отказано): 2\.", page.inner_text("main"))
    refused = page.get_by_test_id("bulk-refused").inner_text()
    cap = hunter1.working_list_cap
    assert len(re.findall(rf"{cap} (of|из) {cap}", refused)) == 2
    shoot(page, "hunter1-bulk-claim-refused-ru")
    owners = dict(Company.objects.filter(pk__in=ticked).values_list("pk", "owner_id"))
    assert [owners[pk] for pk in ticked] == [hunter1.pk, hunter1.pk, None, None]
    assert Company.objects.filter(pk__in=ticked[2:], section=Section.TO_CALL).count() == 2


def test_the_header_search_finds_a_company_by_its_tax_id(page, demo):
    company = Company.objects.exclude(tax_id="").filter(owner__username="hunter1").first()
    log_in(page, demo, "hunter1")
    page.fill("#global-search", company.tax_id)
    with page.expect_navigation():
        page.press("#global-search", "Enter")
    found = page.get_by_test_id("found-companies")
    assert found.locator(f'a[href="/companies/{company.pk}/"]').count() == 1
    shoot(page, "hunter1-search-ru")
