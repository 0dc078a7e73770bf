"""Merging two records of one company by hand (issue 4, item 8)."""

import pytest
from django.urls import reverse

from otdel.algorithm.models import Activity
from otdel.base import services
from otdel.base.models import Company, Phone
from tests.conftest import client_for
from tests.factories import CompanyFactory, ContactFactory


@pytest.fixture
def pair(people):
    survivor = CompanyFactory(legal_name="Ромашка", owner=people.hunter1, section="")
    duplicate = CompanyFactory(
        legal_name="ООО Ромашка",
        owner=people.hunter1,
        section="",
        tax_id="7707083893",
        website="romashka.ru",
    )
    Phone.objects.create(company=survivor, number="+74951234567")
    Phone.objects.create(company=duplicate, number="+74951234567")
    Phone.objects.create(company=duplicate, number="+74957654321")
    ContactFactory(company=duplicate, full_name="Иванов")
    Activity.objects.create(
        company=duplicate, kind="call", subject="Позвонить", assignee=people.hunter1
    )
    services.company_set_state(company=duplicate, state="contact_1", acting_user=people.hunter1)
    return survivor, duplicate


def test_merge_moves_everything_to_the_survivor(people, pair):
    survivor, duplicate = pair
    services.company_merge(
        survivor=survivor,
        duplicate=duplicate,
        acting_user=people.hunter1,
        reason="одна и та же компания",
    )
    survivor.refresh_from_db()
    assert (survivor.tax_id, survivor.website_domain) == ("7707083893", "romashka.ru")
    assert sorted(survivor.phones.values_list("number", flat=True)) == [
        "+74951234567",
        "+74957654321",
    ]
    assert list(survivor.contacts.values_list("full_name", flat=True)) == ["Иванов"]
    assert survivor.activities.count() == 1
    assert survivor.events.filter(kind="state", new_value="contact_1").exists()  # its history
    merged = survivor.events.get(kind="merged")
    assert (merged.old_value, merged.reason) == (
        f"#{duplicate.pk} ООО «Ромашка»",
        "одна и та же компания",
    )
    assert not Company.objects.filter(pk=duplicate.pk).exists()
    assert Company.all_objects.get(pk=duplicate.pk).merged_into == survivor


def test_old_address_redirects_and_lists_forget_the_duplicate(people, pair):
    survivor, duplicate = pair
    client = client_for(people.hunter1)
    client.post(reverse("base:company_merge", args=[survivor.pk]), {"duplicate": duplicate.pk})
    response = client.get(reverse("base:company_detail", args=[duplicate.pk]))
    assert response.url == reverse("base:company_detail", args=[survivor.pk])
    names = {
        c.legal_name for c in client.get(reverse("base:company_list")).context["page"].object_list
    }
    assert names == {"Ромашка"}
    assert client.get(f"/api/v1/companies/{duplicate.pk}/").status_code == 404


def test_merge_needs_both_companies_to_be_yours(people, pair, base):
    survivor, _duplicate = pair
    client = client_for(people.hunter1)
    response = client.post(
        reverse("base:company_merge", args=[survivor.pk]),
        {"duplicate": base.of_hunter2_gtx.pk},
        follow=True,
    )
    assert Company.objects.filter(pk=base.of_hunter2_gtx.pk).exists()
    assert "Нет компании с таким номером" in response.content.decode() or (
        "No company with that number" in response.content.decode()
    )


def test_a_company_is_not_merged_into_itself(people, pair):
    survivor, _duplicate = pair
    with pytest.raises(services.MergeRefused):
        services.company_merge(survivor=survivor, duplicate=survivor, acting_user=None)
