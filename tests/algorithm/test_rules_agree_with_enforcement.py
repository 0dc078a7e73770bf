"""Each periodic rule of METHOD 4 has one definition, a pure function of algorithm/rules.py, and
one set-based query over the base in algorithm/enforcement.py: on the same companies, both
must name the same ones."""

import datetime as dt
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otdel.algorithm import enforcement, rules
from otdel.base.models import Company, Section

TODAY = dt.date(2026, 6, 15)

bounded = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Days from today of each company's date (deadline, reactivation date), None for no date.
offsets = st.lists(st.integers(min_value=-10, max_value=10), min_size=1, max_size=8)


@contextmanager
def companies(rows: list[dict]):
    """The companies, gone again after the block (hypothesis runs many examples in one test)."""
    with transaction.atomic():
        yield Company.objects.bulk_create(
            Company(legal_name=f"Фирма {n}", search_name=f"фирма {n}", **fields)
            for n, fields in enumerate(rows)
        )
        transaction.set_rollback(True)


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@bounded
@given(
    owned=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=1439)
        ),
        min_size=1,
        max_size=8,
    ),
    after_days=st.integers(min_value=1, max_value=120),
)
def test_the_three_month_rule_and_its_query_name_the_same_companies(
    people, method, owned, after_days
):
    """owned: how long ago (days) and at what minute of that local day each was taken."""
    method.reassign_after_days = after_days
    taken = [
        timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=ago), dt.time.min))
        + dt.timedelta(minutes=minute)
        for ago, minute in owned
    ]
    rows = [{"owner": people.hunter1, "section": "", "owned_since": since} for since in taken]
    with companies(rows) as made:
        by_rule = {
            c.pk
            for c in made
            if rules.due_for_reassignment(timezone.localdate(c.owned_since), TODAY, after_days)
        }
        by_query = ids(enforcement.companies_due_for_reassignment(TODAY, method))
    assert by_query == by_rule


@bounded
@given(deadlines=offsets, warn_days=st.integers(min_value=0, max_value=5))
def test_expiry_and_warning_rules_and_their_queries_name_the_same_companies(
    people, method, deadlines, warn_days
):
    method.warn_days_before = warn_days
    rows = [
        {"owner": people.hunter1, "section": "", "work_deadline": TODAY + dt.timedelta(days=d)}
        for d in deadlines
    ]
    with companies(rows) as made:
        expired = {c.pk for c in made if rules.is_expired(c.work_deadline, TODAY)}
        warned = {c.pk for c in made if rules.in_warning_window(c.work_deadline, TODAY, warn_days)}
        assert ids(enforcement.expired(TODAY)) == expired
        assert ids(enforcement.deadline_warnings(TODAY, method)) == warned


@bounded
@given(dates=st.lists(st.one_of(st.none(), st.integers(-10, 10)), min_size=1, max_size=8))
def test_the_call_round_rule_and_its_query_name_the_same_companies(people, method, dates):
    rows = [
        {
            "owner": people.hunter2,
            "section": Section.REFUSAL_FOLLOW_UP if n % 2 else Section.STRATEGIC_ARCHIVE,
            "reactivation_date": None if d is None else TODAY + dt.timedelta(days=d),
        }
        for n, d in enumerate(dates)
    ]
    with companies(rows) as made:
        due = {c.pk for c in made if rules.reactivation_due(c.reactivation_date, TODAY)}
        assert ids(enforcement.due_for_call_round(TODAY)) == due
