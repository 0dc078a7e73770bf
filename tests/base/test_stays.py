"""The stays the funnel counts are written with every state move, through each door that moves
a company, and can be cut anew from the history (issue 16, item 5)."""

import datetime as dt
import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from otdel.algorithm.enforcement import apply_call_round
from otdel.algorithm.services import algorithm_apply_preset
from otdel.base import services
from otdel.base.models import Company, CompanyEvent, CompanyStay, Section
from otdel.crmimport.models import Export
from otdel.crmimport.samples import export_bytes, make_export
from tests import invariants
from tests.factories import CompanyFactory

Kind = CompanyEvent.Kind
STAY = ("state", "entered_at", "left_at", "next_state", "reason")


def stays_of(company):
    return list(company.stays.order_by("entered_at", "pk").values_list(*STAY))


def test_a_first_move_ends_the_stay_since_creation_and_opens_the_next(people):
    company = CompanyFactory(state="new")
    services.company_set_state(company=company, state="contact_1", acting_user=people.hunter1)
    moved = company.events.get(kind=Kind.STATE).at
    services.company_set_state(
        company=company, state="refusal", acting_user=people.hunter1, reason="Нет денег: позже"
    )
    refused = company.events.get(kind=Kind.STATE, new_value="refusal").at
    assert stays_of(company) == [
        ("new", company.created_at, moved, "contact_1", ""),
        ("contact_1", moved, refused, "refusal", "Нет денег: позже"),
        ("refusal", refused, None, "", ""),
    ]


def test_a_move_to_the_same_state_writes_nothing(people):
    company = CompanyFactory(state="new")
    services.company_set_state(company=company, state="new", acting_user=people.hunter1)
    assert stays_of(company) == [("new", company.created_at, None, "", "")]


def test_a_rule_moving_many_companies_writes_their_stays_in_a_fixed_number_of_queries(people):
    def move(names, state):
        companies = Company.objects.filter(legal_name__in=names)
        with CaptureQueriesContext(connection) as queries:
            services.record_and_update(
                companies,
                kind=Kind.STATE,
                rule="test",
                acting_user=None,
                old_value=F("state"),
                new_value=Value(state),
                updates={"state": state},
            )
        return len(queries)

    few = [CompanyFactory(legal_name=f"Мало {n}").legal_name for n in range(2)]
    many = [CompanyFactory(legal_name=f"Много {n}").legal_name for n in range(12)]
    services.company_set_state(
        company=Company.objects.get(legal_name="Много 0"), state="contact_1", acting_user=None
    )
    assert move(few, "contact_2") == move(many, "contact_2")
    invariants.stays_agree_with_the_history()
    assert CompanyStay.objects.filter(left_at=None, state="contact_2").count() == 14


def test_the_call_round_rule_writes_stays(people):
    today = timezone.localdate()
    for n in range(3):
        company = CompanyFactory(
            legal_name=f"Архив {n}",
            section=Section.REFUSAL_FOLLOW_UP,
            state="refusal",
            reactivation_date=today - dt.timedelta(days=1),
        )
        if n:
            services.company_set_state(company=company, state="contact_1", acting_user=None)
            services.company_set_state(company=company, state="refusal", acting_user=None)
    assert apply_call_round(today) == 3
    invariants.stays_agree_with_the_history()
    assert CompanyStay.objects.filter(left_at=None, state="call_round").count() == 3


def test_a_template_moving_companies_out_of_dropped_stages_writes_stays(people):
    moved = CompanyFactory(state="new")
    services.company_set_state(company=moved, state="contact_1", acting_user=None)
    CompanyFactory(state="contact_1")
    assert algorithm_apply_preset(name="active_sales_14", acting_user=people.head)["contact_1"] == 2
    invariants.stays_agree_with_the_history()


def test_an_imported_crm_places_its_companies_with_stays(people, tmp_path):
    headers, rows, _expected = make_export(Export.AMOCRM, rows=60)
    path = tmp_path / "export.csv"
    path.write_bytes(export_bytes(headers, rows, "utf-8"))
    call_command(
        "import-crm", str(path), "--format", Export.AMOCRM, "--by", "owner", stdout=StringIO()
    )
    assert CompanyStay.objects.exists()
    invariants.stays_agree_with_the_history()


def test_past_moves_written_before_the_own_ones_are_cut_in_their_order(people):
    company = CompanyFactory(state="new")
    services.company_set_state(company=company, state="contact_1", acting_user=None)
    long_ago = company.created_at - dt.timedelta(days=30)
    services.company_moves_import(
        company=company,
        moves=[
            services.PastMove("new", "contact_1", long_ago),
            services.PastMove("contact_1", "refusal", long_ago + dt.timedelta(days=2), "Кризис"),
        ],
        acting_user=None,
        rule="test",
    )
    invariants.stays_agree_with_the_history()
    own_move = company.events.get(kind=Kind.STATE, rule="").at
    refused = long_ago + dt.timedelta(days=2)
    assert stays_of(company)[:2] == [
        ("contact_1", long_ago, refused, "refusal", "Кризис"),
        ("refusal", refused, own_move, "contact_1", ""),
    ]


def test_a_merge_cuts_the_survivors_stays_from_both_histories(people):
    keep, gone = CompanyFactory(state="new"), CompanyFactory(state="new")
    services.company_set_state(company=gone, state="contact_1", acting_user=None)
    services.company_set_state(company=keep, state="contact_1", acting_user=None)
    services.company_set_state(company=gone, state="contact_2", acting_user=None)
    services.company_merge(survivor=keep, duplicate=gone, acting_user=people.head)
    invariants.stays_agree_with_the_history()
    assert not CompanyStay.objects.filter(company=gone).exists()


def stay_owners(*companies):
    return set(CompanyStay.objects.filter(company__in=companies).values_list("owner", flat=True))


def test_a_company_handed_to_another_manager_takes_its_stays_along(people):
    company = CompanyFactory(state="new", owner=people.hunter1)
    services.company_set_state(company=company, state="contact_1", acting_user=None)
    assert stay_owners(company) == {people.hunter1.pk}
    services.company_reassign(company=company, new_owner=people.hunter2, acting_user=people.head)
    assert stay_owners(company) == {people.hunter2.pk}
    services.company_reassign(company=company, new_owner=None, acting_user=people.head)
    assert stay_owners(company) == {None}
    invariants.stays_agree_with_the_history()


def test_a_rule_handing_many_companies_moves_their_stays_in_one_statement(people):
    def hand(names, owner):
        with CaptureQueriesContext(connection) as queries:
            services.record_and_update(
                Company.objects.filter(legal_name__in=names),
                kind=Kind.OWNER,
                rule="test",
                acting_user=None,
                old_value=Value(""),
                new_value=Value(str(owner)),
                updates={"owner": owner},
            )
        return len(queries)

    few = [CompanyFactory(legal_name=f"Мало {n}", owner=people.hunter1) for n in range(2)]
    many = [CompanyFactory(legal_name=f"Много {n}", owner=people.hunter1) for n in range(12)]
    for company in (few[0], many[0], many[5]):
        services.company_set_state(company=company, state="contact_1", acting_user=None)
    assert hand([c.legal_name for c in few], people.hunter2) == hand(
        [c.legal_name for c in many], people.hunter2
    )
    assert stay_owners(*few, *many) == {people.hunter2.pk}
    invariants.stays_agree_with_the_history()


def test_moves_of_a_company_with_an_owner_are_kept_with_him(people):
    company = CompanyFactory(state="new", owner=people.hunter1)
    long_ago = company.created_at - dt.timedelta(days=30)
    services.company_moves_import(
        company=company,
        moves=[services.PastMove("new", "contact_1", long_ago)],
        acting_user=None,
        rule="test",
    )
    services.company_set_state(company=company, state="contact_2", acting_user=None)
    assert stay_owners(company) == {people.hunter1.pk}
    invariants.stays_agree_with_the_history()


def test_a_merge_keeps_the_survivors_owner_on_every_stay(people):
    keep = CompanyFactory(state="new", owner=people.hunter1)
    gone = CompanyFactory(state="new", owner=people.hunter2)
    services.company_set_state(company=gone, state="contact_1", acting_user=None)
    services.company_merge(survivor=keep, duplicate=gone, acting_user=people.head)
    assert stay_owners(keep) == {people.hunter1.pk}
    assert not CompanyStay.objects.filter(company=gone).exists()
    invariants.stays_agree_with_the_history()


@pytest.fixture
def hand_built_history(people):
    """Moves written straight into the history, as before the stays were kept: one company
    moved three times (two moves at the same moment), one once, one never."""
    base = timezone.now() - dt.timedelta(days=40)
    moved, once, _never = CompanyFactory(owner=people.hunter1), CompanyFactory(), CompanyFactory()
    rows = [
        (moved, "new", "contact_1", 1, ""),
        (moved, "contact_1", "refusal", 3, "Нет денег"),
        (moved, "refusal", "contact_1", 3, ""),
        (once, "new", "contact_1", 2, ""),
    ]
    for company, old, new, day, reason in rows:
        event = CompanyEvent.objects.create(
            company=company, kind=Kind.STATE, old_value=old, new_value=new, reason=reason
        )
        CompanyEvent.objects.filter(pk=event.pk).update(at=base + dt.timedelta(days=day))
    CompanyStay.objects.all().delete()


def kept_stays():
    return sorted(CompanyStay.objects.values_list("company", "owner", *STAY), key=str)


def migrations_fill_the_stays():
    """The stays cut from the history, then their companies' owners, then the stays of the
    companies never moved, as the migrations do."""
    editor = SimpleNamespace(connection=connection)
    for name in (
        "0021_company_stay_backfill",
        "0022_company_stay_owner",
        "0023_company_stay_opening",
    ):
        importlib.import_module(f"otdel.base.migrations.{name}").backfill(None, editor)


def test_the_migration_fills_the_stays_from_the_history_and_again_the_same(hand_built_history):
    migrations_fill_the_stays()
    invariants.stays_agree_with_the_history()
    first = kept_stays()
    assert len(first) == 7  # the moved company's four stays, the other's two, one unmoved
    migrations_fill_the_stays()
    assert kept_stays() == first


def test_the_command_rebuilds_the_same_stays_as_the_migration(hand_built_history):
    out = StringIO()
    call_command("rebuild-stays", stdout=out)
    invariants.stays_agree_with_the_history()
    assert out.getvalue().strip() == "7 stays written."
    rebuilt = kept_stays()
    migrations_fill_the_stays()
    assert kept_stays() == rebuilt
