"""The access matrix (issue 12, item 8): every page and API route, for every persona, against
objects that are and are not his.

One table, ROUTES, lists each route of the project (a new route that is not in it fails
`test_every_route_is_in_the_matrix`), with the object its address or body names and the kind of
access it needs. Small tables of who reads and changes what (READS, WRITES, DEPARTMENTS,
BATCHES; NEEDS reads them) give the expected answer: 404 where the persona may not know the
object exists, 403 where he may read but not change it, otherwise neither (a refusal by the method's rules, 400 or 409, is an authorised answer). Lists
are read too: an object the persona may not see is absent from them. Nothing answers 500.

The objects are built once for the module (`world`); every case runs in its own transaction,
rolled back after it, so a write in one case is not seen by the next.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from otdel.algorithm.models import Activity, RefusalReason
from otdel.base.models import Company, CompanyEvent, Contact, SavedFilter, Section
from otdel.base.services import company_update
from otdel.billing.models import Invoice
from otdel.care.models import Complaint
from otdel.care.services import complaint_open
from otdel.catalog.models import PriceList
from otdel.clients.models import ClientStep
from otdel.crmimport.models import CrmImport
from otdel.crmimport.services import crm_import_preview
from otdel.deals.models import Deal, DealItem
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.models import Document
from otdel.documents.services import document_issue
from otdel.hiring.models import Candidate, OnboardingItem, Vacancy
from otdel.materials.models import Material
from otdel.materials.services import material_create
from otdel.meetings.models import Attendance, JointMeeting, Meeting, Recording
from otdel.org.services import api_token_create
from otdel.pay.models import PayAssignment, PayScheme
from otdel.pilot.models import Pilot
from otdel.plans.models import PlanLine, SalesPlan
from otdel.plans.services import plan_create
from otdel.playbook.models import Answer, Drill, Objection
from otdel.prospecting.models import ImportBatch
from otdel.prospecting.services import batch_preview
from otdel.segments.models import SegmentationRun
from otdel.segments.services import segment
from otdel.stages import config
from otdel.stages.models import Stage
from otdel.training.models import Course
from otdel.training.services import course_save, question_add
from tests.conftest import Personas, client_for, make_base, make_people, make_shop
from tests.factories import CompanyFactory, ContactFactory
from tests.org import test_visibility as visibility

PERSONAS = (
    "owner",
    "head",
    "hunters_lead",
    "farmers_lead",
    "hunter1",
    "hunter2",
    "farmer1",
    "pm1",
    "outsider",
)
COMPANY_SIDES = ("of_hunter1", "of_hunter2_gtx", "of_farmer1_north", "unclaimed")
DEAL_SIDES = COMPANY_SIDES[:3]  # a deal has its company's owner; "to call" companies have none
DEPARTMENT_SIDES = ("of_hunter1", "of_farmer1_north")  # the hunters' and the farmers' own
NONE = "-"  # a route that names no object, or one object everybody shares (a plan, a run)

# Companies and everything that hangs from them (contacts, activities, deals, documents,
# invoices): README "Who sees what", as tests/org/test_visibility.py has it.
READS = {**visibility.READS, "farmers_lead": {"of_farmer1_north", "unclaimed"}}
WRITES = {**READS, "pm1": {"unclaimed"}}
LEADERS = {"owner", "head", "hunters_lead", "farmers_lead"}
WHOLE_BASE = {"owner", "head"}
MATRIX = {"pm1"}
# Those who lead people see their own departments only (issue 12, item 7): prospect lists,
# payroll, plan lines, segmentation figures. A manager sees the lists he brought.
DEPARTMENTS = {
    "owner": set(DEPARTMENT_SIDES),
    "head": set(DEPARTMENT_SIDES),
    "hunters_lead": {"of_hunter1"},
    "farmers_lead": {"of_farmer1_north"},
}
BATCHES = {**DEPARTMENTS, "hunter1": {"of_hunter1"}, "farmer1": {"of_farmer1_north"}}
PLANNED = {"hunter1", "hunter2", "farmer1"}  # managers with a line of their own in the plan
# The accountant, the head of sales and the owner by default (Settings → Rules of the method),
# never the manager whose pay the money raises (item 4); the personas have no accountant.
PAYMENT_REGISTRARS = WHOLE_BASE
# Settings (issue 14, item 4): the owner and the head of sales change how the whole company
# works; department heads work within it and see no Settings page, not even to read.
CONFIGURERS = {"owner", "head"}

MEETING_PEOPLE = {"hunters_lead", "hunter1", "hunter2"}  # the hunters' meeting: head, attendees
DRILLED = {"owner", "head", "hunters_lead", "hunter1"}  # hunter1's drill: he and his leaders

OK, FORBIDDEN, HIDDEN, REFUSED = "ok", "403", "404", "400"
SELLERS = {"hunter1", "hunter2", "farmer1"}
# Materials (issue 19): everyone who sells, leads or configures reads them, and the matrix
# leaders; heads and configurers keep them; a retired one is seen by the configurers only.
MATERIAL_READERS = LEADERS | SELLERS | MATRIX
MATERIAL_SIDES = ("active", "inactive")
# Training: those who sell take the courses, those who lead people edit them.
LEARNERS = LEADERS | SELLERS
FILTER_OWNERS = {"of_hunter1": "hunter1", "of_farmer1_north": "farmer1"}


def _company_access(person: str, side: str, *, write: bool) -> str:
    if side not in READS[person]:
        return HIDDEN
    if write and side not in WRITES[person]:
        return FORBIDDEN
    return OK


def _lead(person: str, then: Callable[[], str] = lambda: OK) -> str:
    return then() if person in LEADERS else FORBIDDEN


def _task_for_hunter2(person: str, side: str) -> str:
    """A task names hunter2 as its assignee: only those who may set him tasks (item 7)."""
    if NEEDS["task"](person, side) != OK:
        return REFUSED
    sets_him_tasks = (
        person in WHOLE_BASE
        or person in ("hunters_lead", "hunter2")
        or (person in MATRIX and side == "of_hunter2_gtx")
    )
    return OK if sets_him_tasks else REFUSED


# What each kind of access expects for a persona and an object side.
NEEDS: dict[str, Callable[[str, str], str]] = {
    "login": lambda p, s: OK,
    "read": lambda p, s: _company_access(p, s, write=False),
    "write": lambda p, s: _company_access(p, s, write=True),
    # A claim of what is not free is refused by the method (409), never as forbidden.
    "claim": lambda p, s: _company_access(p, s, write=False),
    # Matrix leaders set tasks on the companies they read (METHOD 1).
    "task": lambda p, s: (
        _company_access(p, s, write=False) if p in MATRIX else _company_access(p, s, write=True)
    ),
    "task_for_hunter2": _task_for_hunter2,
    "lead": lambda p, s: _lead(p),
    "lead_write": lambda p, s: _lead(p, lambda: _company_access(p, s, write=True)),
    # The company first (404 unseen, 403 read-only), then whether one leads people.
    "write_lead": lambda p, s: (
        access if (access := _company_access(p, s, write=True)) != OK else _lead(p)
    ),
    # Reclassifying every client is for those who run the whole base.
    "whole_base": lambda p, s: OK if p in WHOLE_BASE else FORBIDDEN,
    "pay": lambda p, s: (
        _company_access(p, s, write=False)
        if p in PAYMENT_REGISTRARS or s not in READS[p]
        else FORBIDDEN
    ),
    "batch": lambda p, s: OK if s in BATCHES.get(p, ()) else HIDDEN,
    "edit_plans": lambda p, s: OK if p in WHOLE_BASE else FORBIDDEN,
    "plan_line": lambda p, s: _lead(p, lambda: OK if s in DEPARTMENTS[p] else HIDDEN),
    "plan_line_edit": lambda p, s: _lead(
        p, lambda: HIDDEN if s not in DEPARTMENTS[p] else OK if p in WHOLE_BASE else FORBIDDEN
    ),
    "plan_facts": lambda p, s: OK if p in LEADERS | PLANNED else FORBIDDEN,
    # A saved filter is its maker's alone: to anyone else it does not exist.
    "own_filter": lambda p, s: OK if FILTER_OWNERS[s] == p else HIDDEN,
    # The API lists plans to those who lead people only; to others a plan does not exist.
    "plans_api": lambda p, s: OK if p in LEADERS else HIDDEN,
    "settings": lambda p, s: OK if p in CONFIGURERS else FORBIDDEN,
    # The call's company first (404 unseen), then whether one leads people (issue 16).
    "read_lead": lambda p, s: (
        access if (access := _company_access(p, s, write=False)) != OK else _lead(p)
    ),
    # The hunters' meeting: read by the whole base's leaders, its department's head and its
    # attendees; changed by the leaders only.
    "meeting": lambda p, s: OK if p in WHOLE_BASE | MEETING_PEOPLE else HIDDEN,
    "meeting_change": lambda p, s: (
        OK if p in WHOLE_BASE | {"hunters_lead"} else FORBIDDEN if p in MEETING_PEOPLE else HIDDEN
    ),
    # A joint client meeting is its head's own.
    "own_joint": lambda p, s: OK if p == "hunters_lead" else HIDDEN,
    # A working-list review (issue 16): the heads of the manager's department read and mark it
    # done; the manager reads his own; to anyone else it does not exist.
    "review": lambda p, s: OK if s in DEPARTMENTS.get(p, ()) or FILTER_OWNERS[s] == p else HIDDEN,
    "review_done": lambda p, s: (
        OK if s in DEPARTMENTS.get(p, ()) else FORBIDDEN if FILTER_OWNERS[s] == p else HIDDEN
    ),
    # The big fish are the development department's and the owner's (issue 17, item 6); the
    # personas have no development department.
    "big_fish": lambda p, s: OK if p in WHOLE_BASE else FORBIDDEN,
    # A CRM is imported by those who lead people; an import is seen by its maker and by those
    # who run the whole base (the one in the world is the owner's).
    "crm_import": lambda p, s: OK if p in WHOLE_BASE else HIDDEN if p in LEADERS else FORBIDDEN,
    # Reports: the heads their departments', a manager his own (issue 16, items 5 and 6).
    "reports": lambda p, s: OK if p in LEADERS | SELLERS else FORBIDDEN,
    # The materials library (issue 19, item 1).
    "materials": lambda p, s: OK if p in MATERIAL_READERS else FORBIDDEN,
    "materials_keep": lambda p, s: OK if p in LEADERS else FORBIDDEN,
    "material": lambda p, s: (
        OK if p in MATERIAL_READERS and (s == "active" or p in CONFIGURERS) else HIDDEN
    ),
    "material_keep": lambda p, s: (
        HIDDEN if NEEDS["material"](p, s) != OK else OK if p in LEADERS else FORBIDDEN
    ),
    # Sent from a company: the company first (404 unseen, 403 when one may not set it tasks),
    # then whether one reads materials at all.
    "send_material": lambda p, s: (
        access
        if (access := NEEDS["task"](p, s)) != OK
        else OK
        if p in MATERIAL_READERS
        else FORBIDDEN
    ),
    # Training (issue 19, item 4).
    "training": lambda p, s: OK if p in LEARNERS else FORBIDDEN,
    "training_edit": lambda p, s: OK if p in LEADERS else FORBIDDEN,
    "course": lambda p, s: OK if p in LEARNERS else HIDDEN,
    "course_edit": lambda p, s: OK if p in LEADERS else FORBIDDEN if p in LEARNERS else HIDDEN,
    # A training record: the heads of the manager's department, and the manager himself.
    "training_record": lambda p, s: FORBIDDEN if p not in LEARNERS else NEEDS["review"](p, s),
    # hunter1's objection drill (issue 19): seen by him and his leaders, answered by him,
    # scored by his leaders; to anyone else it does not exist.
    "drill": lambda p, s: OK if p in DRILLED else HIDDEN,
    "drill_answer": lambda p, s: OK if p == "hunter1" else FORBIDDEN if p in DRILLED else HIDDEN,
    "drill_score": lambda p, s: FORBIDDEN if p == "hunter1" else OK if p in DRILLED else HIDDEN,
    # A pilot of hunter1 (issue 19): read by the whole base's leaders and the hunters' head;
    # another department's head does not know it; who leads nobody may not read pilots.
    "pilot": lambda p, s: (
        OK if p in WHOLE_BASE | {"hunters_lead"} else HIDDEN if p in LEADERS else FORBIDDEN
    ),
    # Vacancies and candidates (issue 19, item 5): those who lead people, a department head
    # his departments' only; a manager gets 403 for all of hiring.
    "hiring": lambda p, s: (
        OK if s in DEPARTMENTS.get(p, ()) else HIDDEN if p in LEADERS else FORBIDDEN
    ),
    # hunter1's onboarding item: his and his leaders'; to anyone else it does not exist.
    "onboarding_item": lambda p, s: OK if p in WHOLE_BASE | {"hunters_lead", "hunter1"} else HIDDEN,
    # The log of logins (issue 20, item 3): those who lead people, for their people.
    "logins": lambda p, s: OK if p in LEADERS else FORBIDDEN,
    # Unlocking hunter1: the whole base's leaders and his department's head; another
    # department's head does not know him there; anyone else may not.
    "unlock": lambda p, s: (
        OK if p in WHOLE_BASE | {"hunters_lead"} else HIDDEN if p in LEADERS else FORBIDDEN
    ),
    # hunter1's API token: his own and the configurers'; to anyone else it does not exist.
    "own_token": lambda p, s: OK if p in CONFIGURERS | {"hunter1"} else HIDDEN,
}

# Which sides a list shows to a persona (None: the list is not checked for him).
SHOWS: dict[str, Callable[[str], set[str] | None]] = {
    "companies": lambda p: READS[p],
    "claimed_in_bulk": lambda p: READS[p] if p in SELLERS else set(),
    "deals": lambda p: READS[p] & set(DEAL_SIDES),
    "batches": lambda p: BATCHES.get(p, set()),
    "departments": lambda p: DEPARTMENTS.get(p),
    "plan_lines": lambda p: DEPARTMENTS.get(p, set()),
    "complaints": lambda p: READS[p],
    "crm_imports": lambda p: {NONE} if p in WHOLE_BASE else set(),
    "materials": lambda p: set(MATERIAL_SIDES) if p in CONFIGURERS else {"active"},
}


@dataclass
class World:
    people: Personas
    companies: dict[str, Company]
    spare: Company  # "to call", everybody's to merge into the company of a case
    contacts: dict[str, Contact]
    activities: dict[str, Activity]
    deals: dict[str, Deal]
    items: dict[str, DealItem]
    documents: dict[str, Document]
    invoices: dict[str, Invoice]
    batches: dict[str, ImportBatch]
    crm_import: CrmImport  # the owner's, checked, not imported
    plan: SalesPlan
    lines: dict[str, PlanLine]  # the manager's line of hunter1 and of farmer1
    run: SegmentationRun
    lamp_pk: int
    saved_filters: dict[str, SavedFilter]  # hunter1's and farmer1's own
    complaints: dict[str, Complaint]
    fish: Company  # a big fish nobody owns
    # Signed in once for the module: signing in for each of the thousands of cases would take
    # a third of their time.
    sessions: dict[str, str]  # persona -> session key
    # The materials library (issue 19): an active material and one retired, each with a file;
    # a course for everyone who sells, with a question.
    materials: dict[str, Material] = field(default_factory=dict)
    course: Course | None = None

    def client(self, person: str) -> Client:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[person]
        return client


def _build() -> World:
    people = make_people()
    base = make_base(people)
    lamp, _install = make_shop()
    companies = base.all()
    owners = {
        "of_hunter1": people.hunter1,
        "of_hunter2_gtx": people.hunter2,
        "of_farmer1_north": people.farmer1,
    }
    contacts, activities, deals, items, documents = {}, {}, {}, {}, {}
    now = timezone.now()
    for side, company in companies.items():
        contacts[side] = ContactFactory(company=company, full_name=f"Контакт {side}")
        # A changed field: a history row the head may restore.
        company_update(company=company, acting_user=people.head, changes={"note": "было"})
        activities[side] = Activity.objects.create(
            company=company,
            kind="call",
            subject=f"Звонок {side}",
            assignee=owners.get(side, people.hunter1),
            due_at=now + timedelta(days=1),
        )
    for side, owner in owners.items():
        # Work done lately: the segmentation report lists its manager (time spent on D clients).
        Activity.objects.create(
            company=companies[side],
            kind="call",
            subject="Сделано",
            assignee=owner,
            done_at=now - timedelta(days=1),
        )
        deals[side] = deal_create(
            company=companies[side], owner=owner, title=f"Сделка {side}", acting_user=owner
        )
        items[side] = deal_add_item(
            deal=deals[side], product=lamp, quantity=Decimal(1), acting_user=owner
        )
        documents[side] = document_issue(deal=deals[side], kind="invoice", acting_user=owner)
        scheme = PayScheme.objects.create(
            name=f"Схема {side}",
            base_salary=Decimal(50000),
            new_percent=Decimal(5),
            repeat_percent=Decimal(3),
        )
        PayAssignment.objects.create(user=owner, scheme=scheme, since=now.date().replace(day=1))
    batches = {
        side: batch_preview(
            data=f"Наименование\nФирма из списка {side}\n".encode(),
            filename=f"список-{side}.csv",
            acting_user=owner,
            owner=owner,
            source=None,
        )
        for side, owner in (("of_hunter1", people.hunter1), ("of_farmer1_north", people.farmer1))
    }
    plan = plan_create(
        kind="month", day=timezone.localdate().replace(day=1), acting_user=people.head
    )
    lines = {side: plan.lines.get(user=owners[side]) for side in DEPARTMENT_SIDES}
    segment(as_of=timezone.localdate(), criteria="all", acting_user=people.head)
    return World(
        people=people,
        companies=companies,
        spare=CompanyFactory(legal_name="Запасная", section=Section.TO_CALL),
        contacts=contacts,
        activities=activities,
        deals=deals,
        items=items,
        documents=documents,
        invoices={side: Invoice.objects.get(deal=deal) for side, deal in deals.items()},
        batches=batches,
        crm_import=crm_import_preview(
            data="Компания;Этап сделки;Бюджет;Ответственный\nИз CRM;Переговоры;100;Иванов\n".encode(),
            filename="выгрузка-amo.csv",
            source="amocrm",
            acting_user=people.owner,
        ),
        plan=plan,
        lines=lines,
        run=SegmentationRun.objects.get(),
        lamp_pk=lamp.pk,
        saved_filters={
            side: SavedFilter.objects.create(user=owners[side], name="Мой фильтр", query="")
            for side in DEPARTMENT_SIDES
        },
        complaints={
            side: complaint_open(
                company=company,
                kind="late",
                description=f"Жалоба {side}",
                owner=owners.get(side, people.head),
                due_on=timezone.localdate(),
                acting_user=people.head,
            )
            for side, company in companies.items()
        },
        fish=CompanyFactory(legal_name="Кит", employees=5000, section=Section.STRATEGIC_ARCHIVE),
        sessions={
            person: client_for(people.all()[person]).session.session_key for person in PERSONAS
        },
        materials=_materials(people.head),
        course=_course(people.head),
    )


def _materials(head) -> dict[str, Material]:
    made = {}
    for side in MATERIAL_SIDES:
        made[side] = material_create(
            title=f"Материал {side}",
            kind="leaflet",
            states=["contact_1"],
            upload=SimpleUploadedFile(f"{side}.pdf", b"%PDF-1.4 matrix", "application/pdf"),
            acting_user=head,
        )
    Material.objects.filter(pk=made["inactive"].pk).update(active=False)
    return made


def _course(head) -> Course:
    course = course_save(
        course=None,
        title="Курс матрицы",
        description="",
        audience="all",
        passing_score=50,
        active=True,
        acting_user=head,
    )
    question_add(course=course, text="Вопрос", options="*Да\nНет", multiple=False, acting_user=head)
    return course


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The objects of every case, built once; each case's own transaction is rolled back
    inside this one, which is rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        config.forget()
        yield _build()
        transaction.set_rollback(True)
    config.forget()


@pytest.fixture
def db(world):
    """A case's own transaction: a savepoint in the module's, rolled back after the case.
    It stands for pytest-django's `db` (whose name still tells pytest-django to make the test
    database), which would do the same at several times the cost, thousands of times."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def fresh_algorithm_cache():
    """No case changes the algorithm: it is read once for the module (see `world`), not once
    a case as elsewhere (tests/conftest.py)."""


Args = Callable[[World, str], list]
Data = Callable[[World, str], dict]


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    need: str
    args: Args = lambda w, s: []
    data: Data = lambda w, s: {}
    sides: tuple[str, ...] = (NONE,)
    query: str = ""
    api: bool = False
    # The object is named in the body, not the address: refused with 400, never 403/404.
    in_body: bool = False
    upload: bool = False
    shows: tuple[str, Callable[[World], dict[str, str]]] | None = None  # (SHOWS key, markers)
    variant: str = ""

    @property
    def label(self) -> str:
        return " ".join(filter(None, (self.name, self.method, self.variant)))


def company(w: World, s: str) -> list:
    return [w.companies[s].pk]


def contact(w: World, s: str) -> list:
    return [w.contacts[s].pk]


def activity(w: World, s: str) -> list:
    return [w.activities[s].pk]


def deal(w: World, s: str) -> list:
    return [w.deals[s].pk]


def document(w: World, s: str) -> list:
    return [w.documents[s].pk]


def invoice(w: World, s: str) -> list:
    return [w.invoices[s].pk]


def batch(w: World, s: str) -> list:
    return [w.batches[s].pk]


def saved_filter(w: World, s: str) -> list:
    return [w.saved_filters[s].pk]


def plan(w: World, s: str) -> list:
    return [w.plan.pk]


def company_contact(w: World, s: str) -> list:
    return [w.companies[s].pk, w.contacts[s].pk]


def company_event(w: World, s: str) -> list:
    company = w.companies[s]
    return [
        company.pk,
        CompanyEvent.objects.filter(company=company).values_list("pk", flat=True)[0],
    ]


def deal_item(w: World, s: str) -> list:
    return [w.deals[s].pk, w.items[s].pk]


def plan_line(w: World, s: str) -> list:
    return [w.plan.pk, w.lines[s].pk]


def complaint(w: World, s: str) -> list:
    return [w.complaints[s].pk]


def complaint_texts(w: World) -> dict[str, str]:
    return {side: c.description for side, c in w.complaints.items()}


def company_names(w: World) -> dict[str, str]:
    return {side: c.legal_name for side, c in w.companies.items()}


def contact_names(w: World) -> dict[str, str]:
    return {side: c.full_name for side, c in w.contacts.items()}


def activity_subjects(w: World) -> dict[str, str]:
    return {side: a.subject for side, a in w.activities.items()}


def deal_titles(w: World) -> dict[str, str]:
    return {side: d.title for side, d in w.deals.items()}


def invoice_numbers(w: World) -> dict[str, str]:
    return {side: i.number for side, i in w.invoices.items()}


def batch_files(w: World) -> dict[str, str]:
    return {side: b.filename for side, b in w.batches.items()}


def manager_names(w: World) -> dict[str, str]:
    return {side: str(w.lines[side].user) for side in DEPARTMENT_SIDES}


def plan_line_users(w: World) -> dict[str, str]:
    return {side: f'"user":{w.lines[side].user_id}' for side in DEPARTMENT_SIDES}


def stage(w: World, s: str) -> list:
    return [Stage.objects.get(code="contact_1").pk]


def refusal_reason(w: World, s: str) -> list:
    return [RefusalReason.objects.order_by("pk").values_list("pk", flat=True)[0]]


def client_step(w: World, s: str) -> list:
    return [ClientStep.objects.get(code="service_call").pk]


def scheme(w: World, s: str) -> list:
    return [PayScheme.objects.order_by("pk").values_list("pk", flat=True)[0]]


def price_list(w: World, s: str) -> list:
    return [PriceList.objects.get().pk]


def person(w: World, s: str) -> list:
    return [w.people.hunter1.pk]


def reviewed(w: World, s: str) -> list:
    return [w.lines[s].user_id]


def department(w: World, s: str) -> list:
    return [w.people.hunter1.department_id]


def hunter1_token(w: World, s: str) -> list:
    token, _key = api_token_create(user=w.people.hunter1, name="matrix", acting_user=None)
    return [token.pk]


def today(w: World, s: str) -> str:
    return timezone.localdate().isoformat()


def crm_import(w: World, s: str) -> list:
    return [w.crm_import.pk]


def crm_import_files(w: World) -> dict[str, str]:
    return {NONE: w.crm_import.filename}


def _csv_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("новый.csv", "Наименование\nНовая фирма\n".encode(), "text/csv")


def hunters_meeting(w: World, s: str) -> list:
    """Made in the case's own transaction: the hunters' weekly meeting, both hunters attend."""
    meeting = Meeting.objects.create(
        kind="weekly",
        held_on=timezone.localdate(),
        department_id=w.people.hunter1.department_id,
        led_by=w.people.hunters_lead,
    )
    for person in (w.people.hunter1, w.people.hunter2):
        Attendance.objects.create(meeting=meeting, person=person)
    return [meeting.pk]


def hunters_pilot(w: World, s: str) -> list:
    """Made in the case's own transaction: a running pilot of hunter1, hunter2 the control."""
    today = timezone.localdate()
    pilot = Pilot.objects.create(
        kind="algorithm",
        title="Версия 3",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=29),
        created_by=w.people.head,
    )
    pilot.members.create(user=w.people.hunter1, group="pilot")
    pilot.members.create(user=w.people.hunter2, group="control")
    return [pilot.pk]


def vacancy(w: World, s: str) -> list:
    """Made in the case's own transaction: an open vacancy of the side's department."""
    department = {"of_hunter1": w.people.hunter1, "of_farmer1_north": w.people.farmer1}[s]
    return [
        Vacancy.objects.create(
            title=f"Вакансия {s}",
            position="sales_manager",
            department_id=department.department_id,
            opened_on=timezone.localdate(),
        ).pk
    ]


def candidate(w: World, s: str) -> list:
    vacancy_pk = vacancy(w, s)[0]
    return [Candidate.objects.create(vacancy_id=vacancy_pk, full_name=f"Кандидат {s}").pk]


def onboarding_item(w: World, s: str) -> list:
    item = OnboardingItem.objects.create(
        user=w.people.hunter1, title="Изучить продукт", due_on=timezone.localdate()
    )
    return [item.pk]


def recorded_call(w: World, s: str) -> list:
    Recording.objects.create(activity=w.activities[s], link="https://pbx.example.com/r/1")
    return [w.activities[s].pk]


def material(w: World, s: str) -> list:
    return [w.materials[s].pk]


def material_file(w: World, s: str) -> list:
    return [w.materials[s].versions.get().pk]


def material_to_company(w: World, s: str) -> list:
    return [w.materials["active"].pk, w.companies[s].pk]


def material_titles(w: World) -> dict[str, str]:
    return {side: m.title for side, m in w.materials.items()}


def course(w: World, s: str) -> list:
    assert w.course is not None
    return [w.course.pk]


def objection(w: World, s: str) -> list:
    """Made in the case's own transaction: an objection of the library."""
    return [Objection.objects.create(words="Дорого", search_text=" дорого ").pk]


def answer(w: World, s: str) -> list:
    made = Objection.objects.create(words="Дорого", search_text=" дорого ")
    return [Answer.objects.create(objection=made, text="Посчитаем стоимость владения").pk]


def company_answer(w: World, s: str) -> list:
    return [w.companies[s].pk, *answer(w, s)]


def hunter1_drill(w: World, s: str) -> list:
    made = Objection.objects.create(words="Дорого", search_text=" дорого ")
    drill = Drill.objects.create(
        objection=made,
        manager=w.people.hunter1,
        trainer=w.people.hunters_lead,
        answer_text="С чем сравниваете?",
        answered_at=timezone.now(),
    )
    return [drill.pk]


def new_drill(w: World, s: str) -> dict:
    made = Objection.objects.create(words="Дорого", search_text=" дорого ")
    return {"objection": made.pk, "manager": w.people.hunter1.pk}


def joint_meeting(w: World, s: str) -> list:
    joint = JointMeeting.objects.create(
        activity=w.activities["of_hunter1"], head=w.people.hunters_lead
    )
    return [joint.pk]


C, D, B, M = COMPANY_SIDES, DEAL_SIDES, DEPARTMENT_SIDES, MATERIAL_SIDES
ROUTES = [
    # Pages: the base
    Route("control:home", "GET", "login"),
    Route(
        "base:company_list", "GET", "login", query="scope=all", shows=("companies", company_names)
    ),
    Route(
        "base:company_list",
        "GET",
        "login",
        query="scope=all&attention=no_decision_maker",
        variant="attention",
    ),
    Route(
        "base:company_export_csv",
        "GET",
        "login",
        query="scope=all",
        shows=("companies", company_names),
    ),
    Route("base:company_export_xlsx", "GET", "login", query="scope=all"),
    Route(
        "base:saved_filter_save",
        "POST",
        "login",
        data=lambda w, s: {"name": "Новый фильтр", "query": "abc_class=A"},
    ),
    Route("base:saved_filter_delete", "POST", "own_filter", saved_filter, sides=B),
    Route("algorithm:company_create", "GET", "login"),
    Route(
        "algorithm:company_create", "POST", "login", data=lambda w, s: {"legal_name": "Новая фирма"}
    ),
    Route("base:company_detail", "GET", "read", company, sides=C),
    Route("base:company_edit", "GET", "write", company, sides=C),
    Route(
        "base:company_edit",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: visibility.edit_form_data(w.companies[s], note="правка"),
    ),
    Route(
        "base:company_merge",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {"duplicate": w.spare.pk, "reason": "дубль"},
    ),
    Route("base:contact_create", "GET", "write", company, sides=C),
    Route(
        "base:contact_create",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {"full_name": "Новый Контакт"},
    ),
    Route("base:contact_edit", "GET", "write", company_contact, sides=C),
    Route("base:contact_archive", "POST", "write", company_contact, sides=C),
    Route("base:event_restore", "POST", "write_lead", company_event, sides=C),
    Route(
        "base:contact_edit",
        "POST",
        "write",
        company_contact,
        sides=C,
        data=lambda w, s: {"full_name": "Другое Имя"},
    ),
    # Pages: the algorithm
    Route("control:my_work", "GET", "login"),
    Route("control:board", "GET", "login"),
    Route("control:call_round", "GET", "login"),
    Route("control:search", "GET", "login", query="q=а", shows=("companies", company_names)),
    Route("control:control", "GET", "lead", shows=("departments", manager_names)),
    Route("control:review", "GET", "review", reviewed, sides=B),
    Route(
        "control:review",
        "POST",
        "review_done",
        reviewed,
        lambda w, s: {"comment": "Проверено"},
        sides=B,
    ),
    Route("reports:funnel", "GET", "reports", shows=("departments", manager_names)),
    Route("reports:weekly", "GET", "reports", shows=("departments", manager_names)),
    Route("reports:weekly", "GET", "reports", query="format=xlsx"),
    Route("reports:weekly", "GET", "reports", query="format=pdf"),
    Route("algorithm:claim", "POST", "claim", company, sides=C),
    # Every company ticked: the report names those the persona sees, the others by number;
    # those who do not sell are offered no claim (the form sends them back to the list).
    Route(
        "algorithm:bulk",
        "POST",
        "login",
        data=lambda w, s: {"action": "claim", "companies": [c.pk for c in w.companies.values()]},
        shows=("claimed_in_bulk", company_names),
    ),
    Route(
        "algorithm:move",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {"state": "contact_1"},
    ),
    Route("algorithm:triage", "POST", "write", company, sides=C),
    Route(
        "algorithm:assign",
        "POST",
        "lead_write",
        company,
        sides=C,
        data=lambda w, s: {"manager": w.people.hunter2.pk, "reason": "нагрузка"},
    ),
    Route(
        "algorithm:activity_add",
        "POST",
        "task",
        company,
        sides=C,
        data=lambda w, s: {"kind": "call", "subject": "Перезвонить"},
    ),
    Route(
        "algorithm:activity_complete",
        "POST",
        "write",
        activity,
        sides=C,
        data=lambda w, s: {"result": "Поговорили"},
    ),
    Route("algorithm:activity_prepare", "POST", "write", activity, sides=C),
    Route(
        "algorithm:stage_checklist",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {"item": ["Найден телефон и ЛПР"]},
    ),
    Route("algorithm:call_log", "GET", "write", company, sides=C),
    Route(
        "algorithm:call_log",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {
            "result": "Поговорили",
            "next_kind": "call",
            "next_subject": "Перезвонить",
            "next_due_at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    ),
    # Pages: the client department
    Route(
        "clients:step_done",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {
            "result": "Поставка пришла",
            "next_step": ClientStep.objects.order_by("position").first().pk,
            "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    ),
    # Pages: prospect lists
    Route("prospecting:list", "GET", "login", shows=("batches", batch_files)),
    Route("prospecting:list", "POST", "login", upload=True),
    Route("prospecting:detail", "GET", "batch", batch, sides=B),
    Route("prospecting:commit", "POST", "batch", batch, sides=B),
    Route("prospecting:progress", "GET", "batch", batch, sides=B),
    Route("prospecting:checked_pdf", "GET", "batch", batch, sides=B),
    Route("prospecting:checked_xlsx", "GET", "batch", batch, sides=B),
    Route("prospecting:report_csv", "GET", "batch", batch, sides=B),
    Route("prospecting:report_xlsx", "GET", "batch", batch, sides=B),
    # Pages: import from a CRM
    Route("crmimport:upload", "GET", "lead", shows=("crm_imports", crm_import_files)),
    Route("crmimport:upload", "POST", "lead", upload=True, data=lambda w, s: {"source": "generic"}),
    Route("crmimport:sample", "GET", "lead"),
    Route("crmimport:detail", "GET", "crm_import", crm_import),
    Route(
        "crmimport:detail",
        "POST",
        "crm_import",
        crm_import,
        data=lambda w, s: {"action": "stages", "stage_0": "contact_2"},
    ),
    Route("crmimport:commit", "POST", "crm_import", crm_import),
    Route("crmimport:report_xlsx", "GET", "crm_import", crm_import),
    Route("crmimport:report_csv", "GET", "crm_import", crm_import),
    # Pages: deals, documents, payments
    Route("deals:list", "GET", "login", query="scope=all", shows=("deals", deal_titles)),
    Route(
        "deals:list",
        "GET",
        "login",
        query="scope=all&awaiting=payment",
        shows=("deals", deal_titles),
        variant="awaiting",
    ),
    Route("deals:create", "GET", "write", company, sides=C),
    Route(
        "deals:create",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {"title": "Ещё сделка", "probability": 50},
    ),
    Route("deals:detail", "GET", "read", deal, sides=D),
    Route(
        "deals:item_add",
        "POST",
        "write",
        deal,
        sides=D,
        data=lambda w, s: {"product": w.lamp_pk, "quantity": "1"},
    ),
    Route("deals:item_remove", "POST", "write", deal_item, sides=D),
    Route("deals:state", "POST", "write", deal, sides=D),
    Route("deals:lose", "POST", "write", deal, sides=D),
    Route(
        "deals:shipment_add",
        "POST",
        "write",
        deal,
        sides=D,
        data=lambda w, s: {"shipped_on": today(w, s), "note": "ушло"},
    ),
    # An unknown kind: the access is checked before the form, and nothing is printed.
    Route(
        "deals:document_issue",
        "POST",
        "write",
        deal,
        sides=D,
        data=lambda w, s: {"kind": "unknown"},
    ),
    Route("deals:document_pdf", "GET", "read", document, sides=D),
    Route("deals:document_docx", "GET", "read", document, sides=D),
    Route("deals:document_sign", "POST", "write", document, sides=D),
    Route("deals:document_send", "POST", "write", deal, sides=D),
    Route("deals:docx_template", "GET", "login"),
    Route(
        "deals:payment_add",
        "POST",
        "pay",
        invoice,
        sides=D,
        data=lambda w, s: {"amount": "1.00", "paid_on": today(w, s)},
    ),
    Route("billing:receivables", "GET", "login", shows=("departments", manager_names)),
    Route("billing:receivables", "GET", "login", query="manager=0", variant="one manager"),
    # Pages: segmentation, pay, plans
    Route("segments:report", "GET", "login", shows=("departments", manager_names)),
    Route("segments:run", "POST", "whole_base"),
    Route("segments:moved", "GET", "login", query="was=C&now=B"),
    Route(
        "segments:company_override",
        "POST",
        "write_lead",
        company,
        sides=C,
        data=lambda w, s: {"action": "keep", "reason": ""},
    ),
    # The audit: the owner and the heads, a department head over his departments' managers.
    Route("audit:audit", "GET", "lead"),
    Route("audit:pdf", "GET", "lead"),
    Route(
        "audit:evidence",
        "GET",
        "lead",
        lambda w, s: ["no_personal_plans"],  # the world's plan is a draft: nobody has one
        shows=("departments", manager_names),
    ),
    # Pages: care (issue 17)
    Route("care:complaints", "GET", "login", shows=("complaints", complaint_texts)),
    Route("care:complaints", "GET", "login", query="status=all", variant="all"),
    Route(
        "care:complaint_create",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {"kind": "short", "description": "Недовложение", "due_on": today(w, s)},
    ),
    Route(
        "care:complaint_close",
        "POST",
        "write",
        complaint,
        sides=C,
        data=lambda w, s: {"resolution": "Допоставили"},
    ),
    Route(
        "care:choice_record",
        "POST",
        "write",
        company,
        sides=C,
        data=lambda w, s: {"recorded_on": today(w, s), "criteria": ["quality"]},
    ),
    Route("care:big_fish", "GET", "big_fish"),
    Route(
        "care:plan_save",
        "POST",
        "big_fish",
        lambda w, s: [w.fish.pk],
        data=lambda w, s: {f"{w.fish.pk}-wallet_share": "20"},
    ),
    Route("pay:mine", "GET", "login"),
    Route("pay:payroll", "GET", "lead", shows=("departments", manager_names)),
    Route("pay:payroll", "GET", "lead", query="format=xlsx", variant="xlsx"),
    Route("plans:list", "GET", "lead"),
    Route(
        "plans:list",
        "POST",
        "edit_plans",
        data=lambda w, s: {"kind": "month", "month": timezone.localdate().strftime("%Y-%m")},
    ),
    Route("plans:detail", "GET", "lead", plan, shows=("departments", manager_names)),
    Route("plans:detail", "POST", "edit_plans", plan),
    Route("plans:approve", "POST", "edit_plans", plan),
    Route("plans:reopen", "POST", "edit_plans", plan, data=lambda w, s: {"reason": "пересчёт"}),
    Route("plans:copy", "POST", "edit_plans", plan),
    Route("control:facts", "GET", "plan_facts", plan),
    Route("control:facts", "GET", "plan_facts", plan, query="format=xlsx", variant="xlsx"),
    Route("plans:weeks", "GET", "plan_line", plan_line, sides=B),
    Route(
        "plans:weeks",
        "POST",
        "plan_line_edit",
        plan_line,
        sides=B,
        data=lambda w, s: {"spread": "1"},
    ),
    # Meetings and call review (issue 16)
    Route("meetings:list", "GET", "login"),
    Route(
        "meetings:list",
        "POST",
        "lead",
        data=lambda w, s: {"kind": "weekly", "held_on": today(w, s)},
    ),
    Route("meetings:detail", "GET", "meeting", hunters_meeting),
    Route(
        "meetings:update",
        "POST",
        "meeting_change",
        hunters_meeting,
        data=lambda w, s: {"notes": "Итоги"},
    ),
    Route(
        "meetings:decide",
        "POST",
        "meeting_change",
        hunters_meeting,
        data=lambda w, s: {"text": "Выставить счёт", "due_on": today(w, s)},
    ),
    Route("meetings:reviews", "GET", "login"),
    Route("meetings:recording", "GET", "read", activity, sides=C),
    Route("meetings:recording", "POST", "write", activity, sides=C, upload=True),
    Route("meetings:recording_file", "GET", "read", recorded_call, sides=C),
    Route("meetings:flag", "POST", "read", activity, sides=C),
    Route("meetings:review", "POST", "read_lead", activity, sides=C),
    Route("meetings:joint_plan", "POST", "read_lead", activity, sides=C),
    Route("meetings:joint_attended", "POST", "own_joint", joint_meeting),
    # The materials library and training (issue 19, items 1 and 4)
    Route("materials:library", "GET", "materials", shows=("materials", material_titles)),
    Route("materials:new", "GET", "materials_keep"),
    Route("materials:new", "POST", "materials_keep", upload=True),
    Route("materials:detail", "GET", "material", material, sides=M),
    Route("materials:edit", "POST", "material_keep", material, sides=M),
    Route("materials:version_add", "POST", "material_keep", material, sides=M, upload=True),
    Route("materials:file", "GET", "material", material_file, sides=M),
    Route("materials:send", "POST", "send_material", material_to_company, sides=C),
    Route("training:courses", "GET", "training"),
    Route("training:course_new", "GET", "training_edit"),
    Route("training:course_new", "POST", "training_edit"),
    Route("training:course", "GET", "course", course),
    Route("training:course", "POST", "course", course),
    Route("training:course_edit", "GET", "course_edit", course),
    Route("training:course_edit", "POST", "course_edit", course),
    Route("training:lesson_add", "POST", "course_edit", course, data=lambda w, s: {"title": "У"}),
    Route("training:question_add", "POST", "course_edit", course),
    Route("training:item_remove", "POST", "course_edit", course),
    Route("training:people", "GET", "training", shows=("departments", manager_names)),
    Route("training:record", "GET", "training_record", reviewed, sides=B),
    # Scripts and objections, answer uses, objection drills (issue 19, items 2 and 4)
    Route("playbook:scripts", "GET", "login"),
    Route(
        "playbook:scripts",
        "POST",
        "settings",
        data=lambda w, s: {"state": "new", "call_kind": "cold", "text": "Добрый день"},
    ),
    Route("playbook:standard", "POST", "settings", data=lambda w, s: {"text": "Стандарт"}),
    Route("playbook:objections", "GET", "login", query="q=дорого"),
    Route("playbook:objections", "POST", "settings", data=lambda w, s: {"words": "Нет времени"}),
    Route("playbook:search", "GET", "login", query="q=дорого"),
    Route("playbook:install", "POST", "settings"),
    Route("playbook:objection", "GET", "login", objection),
    Route(
        "playbook:objection", "POST", "settings", objection, data=lambda w, s: {"words": "Дорого"}
    ),
    Route("playbook:answer_add", "POST", "settings", objection, data=lambda w, s: {"text": "Да"}),
    Route("playbook:answer", "POST", "settings", answer, data=lambda w, s: {"text": "Да"}),
    Route("playbook:answers", "GET", "login"),
    Route(
        "playbook:answer_use",
        "POST",
        "write",
        company_answer,
        sides=C,
        data=lambda w, s: {"worked": "yes"},
    ),
    Route("playbook:drills", "GET", "login"),
    Route("playbook:drills", "POST", "lead", data=new_drill),
    Route("playbook:drill", "GET", "drill", hunter1_drill),
    Route(
        "playbook:drill_answer",
        "POST",
        "drill_answer",
        hunter1_drill,
        data=lambda w, s: {"text": "Ответ"},
    ),
    Route(
        "playbook:drill_score",
        "POST",
        "drill_score",
        hunter1_drill,
        data=lambda w, s: {"score": "4"},
    ),
    # Pilots and the needs at the first meeting (issue 19)
    Route("pilot:list", "GET", "lead"),
    Route("pilot:new", "GET", "settings"),
    Route("pilot:new", "POST", "settings", data=lambda w, s: {"kind": "algorithm"}),
    Route("pilot:detail", "GET", "pilot", hunters_pilot),
    Route("pilot:fix", "POST", "settings", hunters_pilot),
    Route("pilot:roll_back", "POST", "settings", hunters_pilot),
    Route("needs:edit", "GET", "read", company, sides=C),
    Route("needs:edit", "POST", "write", company, sides=C, data=lambda w, s: {"wants": "Склад"}),
    Route("deals:proposal_from_needs", "POST", "write", company, sides=C),
    # Hiring and onboarding (issue 19, items 4 and 5)
    Route("hiring:list", "GET", "lead"),
    Route("hiring:vacancy_new", "GET", "lead"),
    Route("hiring:vacancy_new", "POST", "lead"),
    Route("hiring:vacancy", "GET", "hiring", vacancy, sides=B),
    Route("hiring:vacancy_edit", "GET", "hiring", vacancy, sides=B),
    Route("hiring:vacancy_edit", "POST", "hiring", vacancy, sides=B),
    Route(
        "hiring:expense_add",
        "POST",
        "hiring",
        vacancy,
        sides=B,
        data=lambda w, s: {"channel": "hh.ru", "amount": "100", "spent_on": today(w, s)},
    ),
    Route(
        "hiring:candidate_add",
        "POST",
        "hiring",
        vacancy,
        sides=B,
        data=lambda w, s: {"full_name": "Новый кандидат"},
    ),
    Route("hiring:candidate", "GET", "hiring", candidate, sides=B),
    Route(
        "hiring:candidate_move",
        "POST",
        "hiring",
        candidate,
        sides=B,
        data=lambda w, s: {"to": "phone"},
    ),
    Route("hiring:candidate_refuse", "POST", "hiring", candidate, sides=B),
    Route(
        "hiring:candidate_record",
        "POST",
        "hiring",
        candidate,
        sides=B,
        data=lambda w, s: {"phone_notes": "Ответы"},
    ),
    Route("hiring:candidate_score", "POST", "hiring", candidate, sides=B),
    Route("hiring:candidate_hire", "POST", "hiring", candidate, sides=B),
    Route("hiring:candidate_cv", "GET", "hiring", candidate, sides=B),
    Route("hiring:candidate_cv", "POST", "hiring", candidate, sides=B, upload=True),
    Route("hiring:onboarding", "GET", "lead"),
    Route(
        "hiring:onboarding",
        "POST",
        "lead",
        data=lambda w, s: {"user": w.people.hunter1.pk, "start_on": today(w, s)},
    ),
    Route("hiring:onboarding_mine", "GET", "login"),
    Route("hiring:onboarding_tick", "POST", "onboarding_item", onboarding_item),
    Route("hiring:setup", "GET", "settings", lambda w, s: ["portrait"]),
    Route("hiring:setup", "POST", "settings", lambda w, s: ["reasons"]),
    # Settings: every page read and saved (an empty form is refused with its fields named)
    *[
        Route(name, method, "settings", args)
        for name, args in (
            ("setup:hub", lambda w, s: []),
            ("setup:rules", lambda w, s: []),
            ("setup:stages", lambda w, s: []),
            ("setup:stage", stage),
            ("setup:refusal_reason_new", lambda w, s: []),
            ("setup:refusal_reason", refusal_reason),
            ("setup:client_steps", lambda w, s: []),
            ("setup:client_step", client_step),
            ("setup:segments", lambda w, s: []),
            ("setup:care", lambda w, s: []),
            ("setup:pay", lambda w, s: []),
            ("setup:pay_scheme_new", lambda w, s: []),
            ("setup:pay_scheme", scheme),
            ("setup:prices", lambda w, s: []),
            ("setup:price_list_new", lambda w, s: []),
            ("setup:price_list", price_list),
            ("setup:company", lambda w, s: []),
            ("setup:people", lambda w, s: []),
            ("setup:user_new", lambda w, s: []),
            ("setup:user", person),
            ("setup:department", department),
        )
        for method in ("GET", "POST")
        if not (name == "setup:hub" and method == "POST")
    ],
    Route("setup:template", "POST", "settings", data=lambda w, s: {"kind": "invoice"}),
    Route("standard:page", "GET", "settings"),
    Route("standard:page", "POST", "settings", upload=True),
    Route("standard:download", "GET", "settings"),
    Route("standard:apply", "POST", "settings"),
    Route("setup:user_password", "POST", "settings", person, data=lambda w, s: {"password": "1"}),
    # Sign-in security (issue 20, item 3)
    Route("setup:logins", "GET", "logins"),
    Route("setup:user_unlock", "POST", "unlock", person),
    Route("setup:two_factor", "GET", "login"),
    Route("setup:two_factor", "POST", "login", data=lambda w, s: {"action": "start"}),
    Route("setup:tokens", "GET", "login"),
    Route("setup:tokens", "POST", "login", data=lambda w, s: {"new-name": "x", "new-days": "5"}),
    Route("setup:token_revoke", "POST", "own_token", hunter1_token),
    Route("two_factor_verify", "GET", "login"),
    Route("two_factor_verify", "POST", "login", data=lambda w, s: {"token": "123456"}),
    # API
    Route("api-root", "GET", "login", api=True),
    Route("working-list", "GET", "login", api=True),
    Route("triage-queue", "GET", "login", api=True),
    Route("reassignment-queue", "GET", "lead", api=True),
    Route("call-round", "GET", "login", api=True),
    Route("company-list", "GET", "login", api=True, shows=("companies", company_names)),
    Route(
        "company-list",
        "POST",
        "login",
        api=True,
        data=lambda w, s: {"legal_name": "Новая через API"},
    ),
    Route("company-detail", "GET", "read", company, sides=C, api=True),
    Route(
        "company-detail",
        "PATCH",
        "write",
        company,
        sides=C,
        api=True,
        data=lambda w, s: {"note": "правка"},
    ),
    Route(
        "company-detail",
        "PUT",
        "write",
        company,
        sides=C,
        api=True,
        data=lambda w, s: {"legal_name": w.companies[s].legal_name},
    ),
    Route("company-claim", "POST", "claim", company, sides=C, api=True),
    Route(
        "company-move",
        "POST",
        "write",
        company,
        sides=C,
        api=True,
        data=lambda w, s: {"state": "contact_1"},
    ),
    Route("company-triage", "POST", "write", company, sides=C, api=True),
    Route(
        "company-assign",
        "POST",
        "lead_write",
        company,
        sides=C,
        api=True,
        data=lambda w, s: {"manager": w.people.hunter2.pk, "reason": "нагрузка"},
    ),
    Route(
        "company-merge",
        "POST",
        "write",
        company,
        sides=C,
        api=True,
        data=lambda w, s: {"duplicate": w.spare.pk, "reason": "дубль"},
    ),
    Route("contact-list", "GET", "login", api=True, shows=("companies", contact_names)),
    Route(
        "contact-list",
        "POST",
        "write",
        sides=C,
        api=True,
        in_body=True,
        data=lambda w, s: {"company": w.companies[s].pk, "full_name": "Сидоров Иван"},
    ),
    Route("contact-detail", "GET", "read", contact, sides=C, api=True),
    Route(
        "contact-detail",
        "PATCH",
        "write",
        contact,
        sides=C,
        api=True,
        data=lambda w, s: {"note": "правка"},
    ),
    Route(
        "contact-detail",
        "PUT",
        "write",
        contact,
        sides=C,
        api=True,
        data=lambda w, s: {"company": w.companies[s].pk, "full_name": "Другое Имя"},
    ),
    Route("contact-detail", "DELETE", "write", contact, sides=C, api=True),
    Route("activity-list", "GET", "login", api=True, shows=("companies", activity_subjects)),
    Route(
        "activity-list",
        "POST",
        "task",
        sides=C,
        api=True,
        in_body=True,
        data=lambda w, s: {"company": w.companies[s].pk, "kind": "call", "subject": "Звонок"},
    ),
    Route(
        "activity-list",
        "POST",
        "task_for_hunter2",
        sides=C,
        api=True,
        in_body=True,
        variant="assignee",
        data=lambda w, s: {
            "company": w.companies[s].pk,
            "kind": "call",
            "subject": "Звонок",
            "assignee": w.people.hunter2.pk,
        },
    ),
    Route("activity-detail", "GET", "read", activity, sides=C, api=True),
    Route(
        "activity-complete",
        "POST",
        "write",
        activity,
        sides=C,
        api=True,
        data=lambda w, s: {"result": "Поговорили"},
    ),
    Route("user-list", "GET", "login", api=True),
    Route("user-detail", "GET", "login", lambda w, s: [w.people.hunter1.pk], api=True),
    Route("department-list", "GET", "login", api=True),
    Route(
        "department-detail", "GET", "login", lambda w, s: [w.people.hunter1.department_id], api=True
    ),
    Route("import-list", "GET", "login", api=True, shows=("batches", batch_files)),
    Route("import-list", "POST", "login", api=True, upload=True),
    Route("import-detail", "GET", "batch", batch, sides=B, api=True),
    Route("import-rows", "GET", "batch", batch, sides=B, api=True),
    Route("import-commit", "POST", "batch", batch, sides=B, api=True),
    Route("deal-list", "GET", "login", api=True, shows=("deals", deal_titles)),
    Route(
        "deal-list",
        "POST",
        "write",
        sides=C,
        api=True,
        in_body=True,
        data=lambda w, s: {"company": w.companies[s].pk, "title": "Сделка через API"},
    ),
    Route("deal-detail", "GET", "read", deal, sides=D, api=True),
    Route(
        "deal-lines",
        "POST",
        "write",
        deal,
        sides=D,
        api=True,
        data=lambda w, s: {"product": w.lamp_pk, "quantity": "1"},
    ),
    Route(
        "deal-documents",
        "POST",
        "write",
        deal,
        sides=D,
        api=True,
        data=lambda w, s: {"kind": "unknown"},
    ),
    Route("invoice-list", "GET", "login", api=True, shows=("deals", invoice_numbers)),
    Route("invoice-detail", "GET", "read", invoice, sides=D, api=True),
    Route(
        "invoice-payments",
        "POST",
        "pay",
        invoice,
        sides=D,
        api=True,
        data=lambda w, s: {"amount": "1.00", "paid_on": today(w, s)},
    ),
    Route("segmentation-list", "GET", "login", api=True),
    Route("segmentation-detail", "GET", "login", lambda w, s: [w.run.pk], api=True),
    Route("segmentation-run", "POST", "whole_base", api=True),
    Route("plan-list", "GET", "login", api=True, shows=("plan_lines", plan_line_users)),
    Route("plan-detail", "GET", "plans_api", plan, api=True, shows=("plan_lines", plan_line_users)),
    Route("plan-progress", "GET", "login", plan, api=True),
    Route("plan-approve", "POST", "edit_plans", plan, api=True),
]


@dataclass
class Known:
    """Cases today's code answers otherwise than the matrix expects, for one reason."""

    reason: str
    cases: set[tuple[str, str, str]] = field(default_factory=set)


def _labels(need: str) -> set[str]:
    return {route.label for route in ROUTES if route.need == need}


DEPARTMENT_HEADS = ("hunters_lead", "farmers_lead")
OTHER_DEPARTMENT = {("hunters_lead", "of_farmer1_north"), ("farmers_lead", "of_hunter1")}
PAYMENT_ROUTES = _labels("pay")
KNOWN: list[Known] = []


def _cases():
    for route in ROUTES:
        for person in PERSONAS:
            for side in route.sides:
                marks = [
                    pytest.mark.xfail(strict=True, reason=known.reason)
                    for known in KNOWN
                    if (person, route.label, side) in known.cases
                ]
                yield pytest.param(
                    person, route, side, marks=marks, id=f"{person}-{route.label}-{side}"
                )


def _request(client, route: Route, world: World, side: str):
    path = reverse(route.name, args=route.args(world, side))
    if route.query:
        path = f"{path}?{route.query}"
    data = route.data(world, side)
    call = getattr(client, route.method.lower())
    if route.method == "GET":
        return call(path)
    if route.upload:
        return call(path, {**data, "file": _csv_upload()})
    if route.api:
        return call(path, json.dumps(data), content_type="application/json")
    return call(path, data)


def _status_mismatch(route: Route, expected: str, status: int) -> str | None:
    if expected == OK:
        # Not signed in (401), forbidden, hidden, or a method the route does not take (405); a
        # change named in the body may still be refused by the method (409).
        allowed = (
            (status < 300 or status == 409) if route.in_body else status not in (401, 403, 404, 405)
        )
    elif route.in_body:
        allowed = status == 400
    else:
        allowed = status == int(expected)
    return None if allowed else f"expected {expected}, got {status}"


def _list_mismatch(route: Route, world: World, person: str, body: str) -> str | None:
    assert route.shows is not None
    key, markers = route.shows
    visible = SHOWS[key](person)
    if visible is None:
        return None
    shown = {side for side, marker in markers(world).items() if marker in body}
    expected = visible & set(markers(world))
    return None if shown == expected else f"lists {sorted(shown)}, expected {sorted(expected)}"


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(("person", "route", "side"), list(_cases()))
def test_access(world, person, route, side):
    expected = NEEDS[route.need](person, side)
    response = _request(world.client(person), route, world, side)
    assert response.status_code < 500
    assert not response.get("Location", "").startswith(reverse("login")), "not signed in"
    problem = _status_mismatch(route, expected, response.status_code)
    if problem is None and route.shows and expected == OK:
        problem = _list_mismatch(route, world, person, response.content.decode())
    assert problem is None, problem


def _routes(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace)))
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join(filter(None, (namespace, pattern.name))), pattern


# Not the product's own doors: Django's sign-in, the language switch, the settings (Django
# admin, with its own permissions), and the API's published schema.
OUTSIDE = {"login", "logout", "set_language", "schema", "api-docs"}


def test_every_route_is_in_the_matrix():
    """A new page or API route, or a new method of an API route, cannot skip the matrix."""
    listed = {(route.name, route.method) for route in ROUTES}
    names = {name for name, _method in listed}
    missing = set()
    for name, pattern in _routes(get_resolver().url_patterns):
        if name in OUTSIDE or name.startswith("admin:") or "format>" in str(pattern.pattern):
            continue  # DRF's `.json` suffix twins answer as the routes they double
        actions = getattr(pattern.callback, "actions", None)
        methods = {m.upper() for m in actions if m not in ("head", "options")} if actions else None
        if methods is None:
            if name not in names:
                missing.add((name, "*"))
        else:
            missing |= {(name, method) for method in methods if (name, method) not in listed}
    assert not missing, f"routes missing from ROUTES: {sorted(missing)}"


def test_known_failures_name_real_cases():
    """A known failure names a case of the matrix, so that a typo cannot hide one."""
    cases = {(p, route.label, s) for route in ROUTES for p in PERSONAS for s in route.sides}
    for known in KNOWN:
        assert known.cases, known.reason
        assert known.cases <= cases, sorted(known.cases - cases)
