"""The API keeps its contract (issue 20, item 4): schemathesis calls every operation of the
served schema, reads and writes, as a hunter and as the head of sales, against the WSGI app in
this process, and every answer must be

- no server error;
- a status code the schema documents for that operation, with its content type and a body of
  its documented schema (a 404, a 409 refusal and a 400 naming the fields included);
- for the hunter, nothing of another manager's: no company, deal, activity, contact, invoice
  or prospect list of hunter2's or farmer1's, listed, read or named in another object.

The generation is bounded and seeded (a few examples per operation, derandomised), so the
suite runs the same every time and in a few minutes on either database. Generated ids are
mostly mapped onto the objects of the world built for the test (some left as they are, for
the 404s), so that the calls reach real companies, deals and lists rather than only "not
found".
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.utils import timezone, translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from otdel.algorithm.models import Activity, RefusalReason
from otdel.algorithm.services import activity_plan
from otdel.base.models import Company, Contact, Section
from otdel.billing.models import Invoice
from otdel.catalog.models import Product
from otdel.deals.models import Deal
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.services import document_issue
from otdel.org.models import Department, User
from otdel.plans.models import SalesPlan
from otdel.plans.services import plan_create
from otdel.prospecting.models import ImportBatch
from otdel.prospecting.services import batch_preview
from otdel.segments.models import SegmentationRun
from otdel.segments.services import segment
from otdel.wsgi import application
from tests.conftest import client_for, make_base, make_people, make_shop
from tests.factories import CompanyFactory, ContactFactory

from .tokens import api_headers

EXAMPLES = 12  # per operation and persona: about 1,100 calls in all


def served_schema() -> dict:
    """The document /api/schema/ serves, made in this process (in English): the page's own
    language is the company's, read from the database, which a test module may not touch
    while it is collected. test_the_schema_loaded_is_the_served_one holds them equal."""
    with translation.override("en"):
        return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))


schema = schemathesis.openapi.from_dict(
    served_schema(),
    config=schemathesis.Config.from_dict(
        {
            "seed": 20,
            "generation": {
                "mode": "positive",
                "max-examples": EXAMPLES,
                "deterministic": True,
                "no-shrink": True,  # a failure is reported as found: the run stays bounded
                "with-security-parameters": False,
            },
            # The coverage phase's boundary values are many per operation: the bound is the
            # fuzzing's examples (and the schema's own examples).
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    ),
)
schema.app = application  # every call goes through the WSGI handler in this process

# What each path's objects are, by its first part (sub-lists and lines name none).
KINDS = {
    "companies": "company",
    "working-list": "company",
    "triage-queue": "company",
    "reassignment-queue": "company",
    "call-round": "company",
    "contacts": "contact",
    "activities": "activity",
    "deals": "deal",
    "invoices": "invoice",
    "imports": "import",
}
NOT_THE_RESOURCE = {"rows", "lines", "documents", "progress"}
# Fields of a request body that name another object, and which.
REFERENCES = {
    "company": "company",
    "duplicate": "company",
    "deal": "deal",
    "owner": "user",
    "manager": "user",
    "assignee": "user",
    "user": "user",
    "department": "department",
    "product": "product",
    "refusal_reason": "refusal_reason",
}
PATH_KINDS = {
    **KINDS,
    "users": "user",
    "departments": "department",
    "plans": "plan",
    "segmentations": "segmentation",
}


CALLS: Counter[str] = Counter()  # "operation persona status" -> calls made
REFUSED: dict[str, list[str]] = {}  # "operation persona" -> a few 400 answers, for reading


@pytest.fixture(scope="module", autouse=True)
def calls_written() -> Iterator[None]:
    """OTDEL_CONTRACT_CALLS=FILE: the count of calls by operation, persona and status, kept
    for a report (how many examples reached a real object, how many were refused)."""
    yield
    if path := os.environ.get("OTDEL_CONTRACT_CALLS"):
        report = {"calls": dict(sorted(CALLS.items())), "refused": REFUSED}
        Path(path).write_text(json.dumps(report, indent=1, ensure_ascii=False))


@dataclass
class World:
    ids: dict[str, list[int]]  # every object of each kind, for the generated ids
    foreign: dict[str, set[int]] = field(default_factory=dict)  # hunter2's and farmer1's
    users: dict[str, User] = field(default_factory=dict)


def build_world() -> World:
    people = make_people()
    base = make_base(people)
    lamp, _install = make_shop()
    hunter1, hunter2 = people.hunter1, people.hunter2
    CompanyFactory(legal_name="Эпсилон", owner=hunter1, section="")  # his second, for merges
    CompanyFactory(legal_name="Зета", owner=hunter2, section="")
    CompanyFactory(legal_name="Эта", section=Section.TO_CALL)
    mine, theirs = base.of_hunter1, base.of_hunter2_gtx
    for company in (mine, theirs, base.of_farmer1_north):
        ContactFactory(company=company, full_name=f"Контакт {company.legal_name}")
        activity_plan(
            company=company,
            kind="call",
            subject="Позвонить",
            due_at=timezone.now() + timedelta(days=1),
            assignee=company.owner,
            acting_user=company.owner,
        )
        deal = deal_create(
            company=company, owner=company.owner, title="Поставка", acting_user=company.owner
        )
        deal_add_item(deal=deal, product=lamp, quantity=Decimal(2), acting_user=company.owner)
        document_issue(deal=deal, kind="invoice", acting_user=people.head)
    for owner in (hunter1, hunter2):
        batch_preview(
            data=f"Наименование\nФирма из списка {owner.username}\n".encode(),
            filename=f"список-{owner.username}.csv",
            acting_user=owner,
            owner=owner,
            source=None,
        )
    plan_create(kind="month", day=timezone.localdate().replace(day=1), acting_user=people.head)
    segment(as_of=timezone.localdate(), criteria="all", acting_user=people.head)

    def ids(model) -> list[int]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True))

    others = [hunter2, people.farmer1]
    foreign_companies = set(
        Company.objects.filter(owner__in=others, call_round_since__isnull=True).values_list(
            "pk", flat=True
        )
    )
    foreign_deals = set(
        Deal.objects.filter(company__in=foreign_companies).values_list("pk", flat=True)
    )
    return World(
        ids={
            "company": ids(Company),
            "contact": ids(Contact),
            "activity": ids(Activity),
            "deal": ids(Deal),
            "invoice": ids(Invoice),
            "import": ids(ImportBatch),
            "user": ids(User),
            "department": ids(Department),
            "plan": ids(SalesPlan),
            "segmentation": ids(SegmentationRun),
            "product": ids(Product),
            "refusal_reason": ids(RefusalReason),
        },
        foreign={
            "company": foreign_companies,
            "deal": foreign_deals,
            "contact": set(
                Contact.objects.filter(company__in=foreign_companies).values_list("pk", flat=True)
            ),
            "activity": set(
                Activity.objects.filter(company__in=foreign_companies).values_list("pk", flat=True)
            ),
            "invoice": set(
                Invoice.objects.filter(deal__in=foreign_deals).values_list("pk", flat=True)
            ),
            "import": set(
                ImportBatch.objects.filter(created_by__in=others).values_list("pk", flat=True)
            ),
        },
        users={"hunter1": hunter1, "head": people.head},
    )


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Requests through the WSGI handler keep the test's database connection (and its open
    transaction), as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world, built once for the module in a transaction that is rolled back at its end;
    each test runs inside it in its own (a savepoint), so each starts from the world as built
    whatever the one before wrote."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(built_world, db, in_process_requests) -> World:
    return built_world


def _known(world: World, kind: str | None, value: Any) -> Any:
    """A generated id onto one of the world's objects of that kind; one slot in n keeps the
    generated value (mostly "not found")."""
    if kind is None or isinstance(value, bool) or not isinstance(value, int):
        return value
    known = world.ids.get(kind, [])
    slot = value % (len(known) + 1)
    return known[slot] if slot < len(known) else value


def aim(case: schemathesis.Case, world: World) -> None:
    """The generated call, pointed at the world's objects."""
    parts = case.operation.path.removeprefix("/api/v1/").split("/")
    if case.query:
        # A made-up cursor is always refused (tests/api/test_pagination.py): the lists' calls
        # are spent on the filters and the page size.
        case.query.pop("cursor", None)
    if case.path_parameters and "id" in case.path_parameters:
        kind = PATH_KINDS.get(parts[0])
        case.path_parameters["id"] = _known(world, kind, case.path_parameters["id"])
    if isinstance(case.body, dict):
        for name, kind in REFERENCES.items():
            if name in case.body:
                case.body[name] = _known(world, kind, case.body[name])


def leaks(case: schemathesis.Case, body: Any, world: World) -> list[str]:
    """Objects of another manager's in the answer: as the resource itself, or named by its
    company or deal."""
    parts = case.operation.path.removeprefix("/api/v1/").split("/")
    kind = None if NOT_THE_RESOURCE & set(parts) else KINDS.get(parts[0])
    rows = body.get("results", [body]) if isinstance(body, dict) else body
    found = []
    for row in rows if isinstance(rows, list) else []:
        if kind and isinstance(row, dict) and row.get("id") in world.foreign.get(kind, ()):
            found.append(f"{kind} {row['id']}")

    def named(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in ("company", "deal") and inner in world.foreign[key]:
                    found.append(f"{key} {inner} named in {value}")
                named(inner)
        elif isinstance(value, list):
            for inner in value:
                named(inner)

    named(body)
    return found


@pytest.mark.parametrize("persona", ["hunter1", "head"])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_contract(case, persona, world):
    user = world.users[persona]
    aim(case, world)

    def no_other_managers_objects(ctx, response, case):
        if persona != "hunter1" or response.status_code >= 300 or not response.content:
            return None
        found = leaks(case, response.json(), world)
        assert not found, f"{persona} was given another manager's objects: {found}"
        return None

    response = case.call(headers=api_headers(user))
    CALLS[f"{case.operation.label} {persona} {response.status_code}"] += 1
    if response.status_code == 400:
        REFUSED.setdefault(f"{case.operation.label} {persona}", []).append(
            f"{case.query} {case.body!r:.300} -> {response.text:.400}"
        )
    case.validate_response(
        response,
        headers=api_headers(user),
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            no_other_managers_objects,
        ],
    )


def test_the_schema_loaded_is_the_served_one(world):
    head = world.users["head"]
    head.language = "en"  # the schema's texts in the language the suite reads it in
    head.save(update_fields=["language"])
    served = client_for(head).get(
        "/api/schema/", {"format": "json", "lang": "en"}, HTTP_ACCEPT="application/json"
    )
    with translation.override("en"):
        assert served.json() == served_schema()


def test_the_check_sees_another_managers_objects_listed_read_or_named():
    world = World(ids={}, foreign={"company": {7}, "deal": {9}, "activity": {3}})

    def case(path: str) -> Any:
        return SimpleNamespace(operation=SimpleNamespace(path=path))

    assert leaks(case("/api/v1/companies/"), {"results": [{"id": 1}, {"id": 7}]}, world) == [
        "company 7"
    ]
    assert leaks(case("/api/v1/working-list/"), {"results": [{"id": 7}]}, world) == ["company 7"]
    assert leaks(case("/api/v1/activities/{id}/"), {"id": 3, "company": 1}, world) == ["activity 3"]
    named = leaks(case("/api/v1/deals/{id}/documents/"), {"id": 7, "deal": 9}, world)
    assert named == ["deal 9 named in {'id': 7, 'deal': 9}"]  # a document's own id is no company
    assert leaks(case("/api/v1/companies/"), {"results": [{"id": 1, "company": 2}]}, world) == []
