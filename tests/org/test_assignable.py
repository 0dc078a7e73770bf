"""Companies go into working lists of those who sell (METHOD 4), within the leader's reach."""

from django.urls import reverse

from otdel.org.models import Position
from otdel.org.selectors import assignable_owners
from tests.conftest import client_for
from tests.factories import UserFactory


def test_the_head_gives_companies_to_managers_who_sell_only(people, base):
    accountant = UserFactory(username="accountant", position=Position.ACCOUNTANT)
    owners = set(assignable_owners(people.head))
    assert {people.hunter1, people.hunter2, people.farmer1} <= owners
    assert not owners & {accountant, people.pm1, people.owner, people.head, people.hunters_lead}
    refused = client_for(people.head).post(
        reverse("algorithm:assign", args=[base.unclaimed.pk]), {"manager": accountant.pk}
    )
    base.unclaimed.refresh_from_db()
    assert refused.status_code in (200, 302) and base.unclaimed.owner is None


def test_a_department_head_gives_companies_to_his_sellers_only(people):
    assert set(assignable_owners(people.hunters_lead)) == {people.hunter1, people.hunter2}
