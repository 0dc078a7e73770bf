"""The three-month rule has one definition (algorithm.rules.due_for_reassignment) and one
set-based query over the base (enforcement.companies_due_for_reassignment): they must agree."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otdel.algorithm import rules
from otdel.algorithm.enforcement import companies_due_for_reassignment
from otdel.base.models import Company

TODAY = dt.date(2026, 6, 15)

# How long ago (days) and at what minute of that local day each company was taken.
owned = st.lists(
    st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=1439)),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(owned=owned, after_days=st.integers(min_value=1, max_value=120))
def test_the_query_finds_exactly_the_companies_the_rule_names(people, method, owned, after_days):
    method.reassign_after_days = after_days
    with transaction.atomic():
        companies = Company.objects.bulk_create(
            Company(
                legal_name=f"Фирма {n}",
                search_name=f"фирма {n}",
                owner=people.hunter1,
                section="",
                owned_since=timezone.make_aware(
                    dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time.min)
                )
                + dt.timedelta(minutes=minute),
            )
            for n, (days_ago, minute) in enumerate(owned)
        )
        by_rule = {
            c.pk
            for c in companies
            if rules.due_for_reassignment(timezone.localdate(c.owned_since), TODAY, after_days)
        }
        by_query = set(companies_due_for_reassignment(TODAY, method).values_list("pk", flat=True))
        transaction.set_rollback(True)
    assert by_query == by_rule
