"""On PostgreSQL the search answers from its indexes (issue 15): each look-up it makes can use
one. On a near-empty table a scan is cheapest, so scans other than from an index's conditions
are switched off: the plan then shows whether an index fits the look-up at all."""

import pytest
from django.db import connection

from otdel.base.models import Company, Contact
from otdel.base.rules import search_terms
from otdel.base.selectors import _phones_matching, live_names_matching, search_companies

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search indexes are PostgreSQL's"
)


def plan_of(queryset) -> str:
    with connection.cursor() as cursor:
        for kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
    return queryset.order_by().explain()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (
            lambda: search_companies(Company.all_objects.all(), "уралхим"),
            "company_search_name_trgm",
        ),
        (lambda: live_names_matching(search_terms("уралхим", "RU")), "company_name_trgm"),
        (lambda: search_companies(Company.all_objects.all(), "770708"), "company_tax_id_prefix"),
        (lambda: _phones_matching(search_terms("111-22-33", "RU")), "phone_number_tail"),
        (
            lambda: Contact.objects.filter(full_name__icontains="сергеев"),
            "contact_full_name_trgm",
        ),
    ],
)
def test_search_uses_its_index(queryset, index):
    assert index in plan_of(queryset())


@pytest.mark.django_db
def test_a_sections_count_reads_the_index_alone():
    """A section's list counts its live companies up to the cap (web.CappedPaginator); with
    the table's scans off, the plan shows whether the index answers it alone."""
    capped = Company.objects.filter(section="refusal_follow_up").order_by().values("pk")[:10_001]
    with connection.cursor() as cursor:
        for kind in ("seqscan", "bitmapscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
    assert "Index Only Scan using company_live_section" in capped.explain()
