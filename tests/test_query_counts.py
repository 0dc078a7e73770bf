"""The number of queries of every list page and API list, pinned in query_counts.json (NetBox's
way of catching N+1): each is measured over the same data built with 3 and with 12 rows of
everything the page lists, and must equal its pinned count at both sizes. A count that moves
with the data is an N+1; a count that moves with the code is a change to review, then to pin.

Pages are named by their path, not by their URL name, so that moving a view to another app
leaves its entry as it was. `{card}`, `{deal}` and `{plan}` are filled in from the data; `rows`
names the page's lists that must grow with the data. A known N+1 is pinned at each size
(`queries_by_size`, with its `bug`) until it is fixed: then it gets one `queries` like the rest."""

import json
import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from otdel.algorithm.models import Activity, StageChecklist
from otdel.base.models import CompanyEvent, Email, Phone, Section
from otdel.base.services import company_history_add
from otdel.billing.models import Invoice
from otdel.billing.services import payment_register
from otdel.care.services import client_choice_record
from otdel.clients.models import AlertKind, ClientAlert, ClientPlan, ClientStep
from otdel.crmimport.models import CrmImport
from otdel.days import add_months
from otdel.deals.services import deal_add_item, deal_create, shipment_register
from otdel.documents.services import document_issue
from otdel.hiring.models import (
    Candidate,
    CandidateEvent,
    HiringExpense,
    OnboardingItem,
    RejectionReason,
    Stage,
    Vacancy,
)
from otdel.materials.models import Material, MaterialState, MaterialVersion
from otdel.meetings.models import (
    Attendance,
    CallFlag,
    CallReview,
    Decision,
    JointMeeting,
    Meeting,
    Recording,
)
from otdel.orders.models import Order, OrderLine
from otdel.org.models import LoginEvent, LoginResult
from otdel.org.services import api_token_create
from otdel.pay.models import PayAssignment, PayScheme
from otdel.pilot.models import Pilot
from otdel.plans.services import plan_create
from otdel.playbook.models import Answer, AnswerUse, Drill, Objection
from otdel.prospecting.models import ImportBatch
from otdel.segments.services import segment
from otdel.stages import config
from otdel.training.models import Course, Lesson, Option, Question, TestAttempt
from tests.conftest import client_for, complaint_past_due
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    ContactFactory,
    DepartmentFactory,
    UserFactory,
)

PINNED = Path(__file__).with_name("query_counts.json")
SIZES = (3, 12)
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))


def build(people, shop, n: int) -> dict[str, int]:
    """n of everything the pages list: managers, departments, companies in work (in triage,
    due for reassignment, with a contact and an overdue next step), companies to call round,
    deals of several managers with overdue invoices (half of them paid), imports, plans,
    segmentation runs; one company card with n contacts, phones, activities, history rows,
    deals and orders; one deal with n lines, proposals, payments and shipments; clients of a
    farmer, each with a next step due and a dormant alert escalated."""
    lamp, _install = shop
    hunter1, head = people.hunter1, people.head
    today = timezone.localdate()
    category = CategoryFactory()
    scheme = PayScheme.objects.create(
        name="Оклад и процент",
        base_salary=30000,
        new_percent=5,
        repeat_percent=3,
        hunter_share_percent=1,
    )
    managers = [hunter1, people.hunter2, people.farmer1]
    for i in range(n):
        managers.append(UserFactory(username=f"manager{i}", department=hunter1.department))
        DepartmentFactory()
    for manager in managers:
        PayAssignment.objects.create(user=manager, scheme=scheme, since=today.replace(day=1))
    card = CompanyFactory(
        legal_name="Карточка", owner=hunter1, section="", state="contact_2", category=category
    )
    big = deal_create(company=card, owner=hunter1, title="Большая", acting_user=hunter1)
    for i in range(n):
        work = CompanyFactory(
            owner=hunter1,
            section="",
            state="contact_1",
            category=category,
            owned_since=timezone.now() - timedelta(days=120),
            work_deadline=today - timedelta(days=3),
            triage_since=today - timedelta(days=3),
            reassign_due_since=today,
        )
        Phone.objects.create(
            company=work, contact=ContactFactory(company=work), number=f"+7495123{i:04d}"
        )
        Activity.objects.create(
            company=work,
            kind="call",
            subject=f"Звонок {i}",
            due_at=timezone.now() - timedelta(hours=1),
            assignee=hunter1,
        )
        StageChecklist.objects.create(
            company=work,
            state="new",
            missing=["Найден телефон и ЛПР"],
            left_at=timezone.now() - timedelta(days=1),
            left_owner=hunter1,
        )
        CompanyFactory(
            owner=people.hunter2,
            section=Section.REFUSAL_FOLLOW_UP,
            state="call_round",
            category=category,
            reactivation_date=today,
            call_round_since=today,
        )
        ContactFactory(company=card)
        Phone.objects.create(company=card, number=f"+7812555{i:04d}")
        Email.objects.create(company=card, address=f"office{i}@example.com")
        order = Order.objects.create(company=card, number=f"З-{i}", ordered_at=timezone.now())
        OrderLine.objects.create(order=order, product=lamp, quantity=1, unit_price=100)
        Activity.objects.create(
            company=card,
            kind="meeting",
            subject=f"Встреча {i}",
            due_at=timezone.now() + timedelta(days=i),
            assignee=hunter1,
        )
        company_history_add(
            company=card, kind=CompanyEvent.Kind.OWNER, old="", new=f"{i}", acting_user=head
        )
        deal_create(company=card, owner=hunter1, title=f"На карточке {i}", acting_user=hunter1)
        deal_add_item(deal=big, product=lamp, quantity=Decimal(i + 1), acting_user=hunter1)
        document_issue(deal=big, kind="proposal", acting_user=hunter1)
        shipment_register(deal=big, shipped_on=today, note=f"Партия {i}", acting_user=hunter1)
        owner = hunter1 if i % 2 == 0 else managers[3 + i]
        client = CompanyFactory(owner=owner, section="", state="contact_2", category=category)
        deal = deal_create(company=client, owner=owner, title=f"Сделка {i}", acting_user=owner)
        deal_add_item(deal=deal, product=lamp, quantity=Decimal(1), acting_user=owner)
        document_issue(deal=deal, kind="invoice", acting_user=owner)
        invoice = deal.invoices.get()
        paid = invoice.amount if i % 4 in (0, 1) else Decimal(100)
        payment_register(invoice=invoice, amount=paid, paid_on=today, acting_user=head)
        ImportBatch.objects.create(
            created_by=head, owner=hunter1, filename=f"список {i}.csv", file_sha256=f"{i:064d}"
        )
        farmers = CompanyFactory(owner=people.farmer1, section="", state="client", abc_class="A")
        ClientPlan.objects.create(
            company=farmers, step=ClientStep.objects.first(), due_on=today - timedelta(days=i)
        )
        ClientAlert.objects.create(
            company=farmers, kind=AlertKind.DORMANT, raised_on=today, escalated=True
        )
        for company, person in ((client, owner), (card, hunter1)):
            complaint_past_due(
                1,
                company=company,
                kind="late",
                description=f"Опоздание {i}",
                owner=person,
                deal=deal if company == client else None,
                acting_user=person,
            )
        client_choice_record(
            company=client, recorded_on=today, criteria=["quality"], note=f"{i}", acting_user=owner
        )
        CompanyFactory(legal_name=f"Кит {i}", employees=1000 + i)
        CrmImport.objects.create(created_by=head, filename=f"amo {i}.csv", source="amocrm")
    document_issue(deal=big, kind="invoice", acting_user=hunter1)
    for _i in range(n):
        payment_register(
            invoice=big.invoices.get(), amount=Decimal(1), paid_on=today, acting_user=head
        )
    Invoice.objects.update(due_on=today - timedelta(days=40))
    plans = [
        plan_create(kind="month", day=add_months(today.replace(day=1), i), acting_user=head)
        for i in range(n)
    ]
    for i in range(n):
        segment(as_of=today - timedelta(days=i))
    meeting = _meetings_and_calls(people, managers, card, n)
    _materials_and_training(people, managers, lamp, n)
    _playbook(people, managers, card, n)
    pilot = _pilots(people, n)
    for i in range(n):
        manager = managers[i % len(managers)]
        LoginEvent.objects.create(
            user=manager, username=manager.username, result=LoginResult.FAILURE
        )
        api_token_create(user=manager, name=f"token {i}", acting_user=head)
    return {
        "pilot": pilot,
        "card": card.pk,
        "deal": big.pk,
        "plan": plans[0].pk,
        "manager": hunter1.pk,
        "meeting": meeting,
        **_hiring(people, managers, n),
    }


def _pilots(people, n: int) -> int:
    """n pilots; the first with n managers in its control group, each with a company moved
    through the funnel and a call done in the pilot's days."""
    today = timezone.localdate()
    pilots = [
        Pilot.objects.create(
            kind="algorithm",
            title=f"Пилот {i}",
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=24),
            created_by=people.head,
        )
        for i in range(n)
    ]
    for pilot in pilots:
        pilot.members.create(user=people.hunter1, group="pilot")
    for i in range(n):
        seller = UserFactory(username=f"контроль{i}")
        pilots[0].members.create(user=seller, group="control")
        company = CompanyFactory(owner=seller, section="", state="new")
        CompanyEvent.objects.create(
            company=company,
            kind=CompanyEvent.Kind.STATE,
            old_value="new",
            new_value="contact_1",
            at=timezone.now() - timedelta(days=2),
        )
        Activity.objects.create(
            company=company,
            kind="call",
            subject="Звонок",
            assignee=seller,
            done_at=timezone.now() - timedelta(days=1),
        )
    return pilots[0].pk


def _hiring(people, managers, n: int) -> dict[str, int]:
    """n vacancies of the hunters, the first with n candidates at every stage (the first one
    with n events) and n expenses; n managers onboarding with n items each."""
    vacancies = [
        Vacancy.objects.create(
            title=f"Вакансия {i}",
            position="sales_manager",
            department=people.hunter1.department,
            opened_on=NOW.date(),
            budget=Decimal(1000),
        )
        for i in range(n)
    ]
    stages = [stage for stage in Stage.values if stage != Stage.HIRED]
    refused = RejectionReason.objects.first()
    candidates = [
        Candidate.objects.create(
            vacancy=vacancy,
            full_name=f"Кандидат {i}",
            stage=stages[i % len(stages)],
            refusal_reason=refused if stages[i % len(stages)] == Stage.REFUSED else None,
        )
        for vacancy in vacancies
        for i in range(n)
    ]
    for i in range(n):
        CandidateEvent.objects.create(candidate=candidates[0], kind="recorded", author=people.head)
        HiringExpense.objects.create(
            vacancy=vacancies[0], channel=f"Канал {i}", amount=Decimal(100), spent_on=NOW.date()
        )
    OnboardingItem.objects.bulk_create(
        OnboardingItem(user=manager, title=f"Пункт {i}", due_on=NOW.date(), done_by=people.head)
        for manager in managers[3 : 3 + n]
        for i in range(n)
    )
    return {"vacancy": vacancies[0].pk, "candidate": candidates[0].pk}


def _meetings_and_calls(people, managers, card, n: int) -> int:
    """n meetings of the hunters, the first with every manager attending and n decisions; a
    call of each manager this week (some recorded, flagged, reviewed), n of hunter1's calls
    his head scored, and the head going with hunter1 to n of his meetings."""
    lead = people.hunters_lead
    meetings = [
        Meeting.objects.create(
            kind="weekly", held_on=NOW.date(), department=lead.department, led_by=lead
        )
        for _i in range(n)
    ]
    Attendance.objects.bulk_create(Attendance(meeting=meetings[0], person=m) for m in managers)
    Attendance.objects.bulk_create(
        Attendance(meeting=m, person=people.hunter1) for m in meetings[1:]
    )
    for i, manager in enumerate(managers):
        task = Activity.objects.create(
            company=card, kind="task", subject=f"Решение {i}", assignee=people.hunter1
        )
        if i < n:
            Decision.objects.create(meeting=meetings[0], text=task.subject, task=task)
        call = Activity.objects.create(
            company=card,
            kind="call",
            subject=f"Звонок недели {i}",
            assignee=manager,
            done_at=timezone.now() - timedelta(hours=1),
        )
        if i % 2:
            Recording.objects.create(activity=call, link=f"https://pbx.example.com/{i}")
            CallFlag.objects.create(activity=call, flagged_by=manager)
        reviewed = Activity.objects.create(
            company=card,
            kind="call",
            subject=f"Разобранный {i}",
            assignee=people.hunter1,
            done_at=timezone.now() - timedelta(days=10),
        )
        if i < n:
            CallReview.objects.create(activity=reviewed, reviewer=lead, score=80, comment="Хорошо")
    for meeting in Activity.objects.filter(company=card, kind="meeting")[: n // 2]:
        JointMeeting.objects.create(activity=meeting, head=lead)
    return meetings[0].pk


def _materials_and_training(people, managers, lamp, n: int) -> None:
    """n materials of the library (two versions, two stages and a product each, sent at the
    card's stage); n courses with a lesson on a material, two questions, and an attempt of
    each manager (hunter1 tries each twice)."""
    for i in range(n):
        material = Material.objects.create(title=f"Материал {i}", kind="leaflet", tags="цены")
        material.products.add(lamp)
        MaterialState.objects.bulk_create(
            MaterialState(material=material, state=state) for state in ("contact_2", "deal")
        )
        for number in (1, 2):
            MaterialVersion.objects.create(
                material=material,
                number=number,
                file=f"materials/{i}-{number}.pdf",
                filename=f"{i}-{number}.pdf",
                size=100,
                content_type="application/pdf",
                uploaded_by=people.head,
            )
        course = Course.objects.create(title=f"Курс {i}", passing_score=50)
        Lesson.objects.create(course=course, title="Урок", material=material)
        for q in range(2):
            question = Question.objects.create(course=course, text=f"Вопрос {q}")
            Option.objects.create(question=question, text="Да", correct=True)
            Option.objects.create(question=question, text="Нет")
        for person in (people.hunter1, *managers):
            TestAttempt.objects.create(course=course, person=person, score=50, passed=True)
        TestAttempt.objects.create(course=course, person=people.hunter1, score=0, passed=False)


def _playbook(people, managers, card, n: int) -> None:
    """n objections of the card's stage with two answers each, every answer used by each
    manager (some worked), and n drills of each manager, half of them scored."""
    for i in range(n):
        objection = Objection.objects.create(
            words=f"Дорого {i}", states=f",{card.state},", search_text=f" дорого {i} "
        )
        for j in range(2):
            answer = Answer.objects.create(objection=objection, text=f"Ответ {i}.{j}")
            AnswerUse.objects.bulk_create(
                AnswerUse(answer=answer, user=m, company=card, worked=("yes", "no")[k % 2])
                for k, m in enumerate(managers)
            )
        for manager in managers:
            Drill.objects.create(
                objection=objection,
                manager=manager,
                trainer=people.head,
                answer_text="Ответ",
                answered_at=timezone.now(),
                score=4 if i % 2 else None,
                scored_at=timezone.now() if i % 2 else None,
                scored_by=people.head if i % 2 else None,
            )


def measure(people, names: dict[str, int], entries: list[dict]) -> tuple[dict, dict]:
    """The queries of each entry's second request (the first also fills caches: the algorithm,
    the rule settings), and the number of rows it lists (its `rows` in the page's context, or
    the rows of an API list's first page: the API pages by a cursor and counts nothing)."""
    clients = {}
    found, listed = {}, {}
    for entry in entries:
        who = entry["as"]
        client = clients.setdefault(who, client_for(getattr(people, who)))
        url = entry["url"].format(**names)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        key = f"{entry['url']} as {who}"
        found[key] = len(queries) if response.status_code == 200 else response.status_code
        if url.startswith("/api/"):
            body = response.json()
            listed[key] = [len(body["results"] if isinstance(body, dict) else body)]
        else:
            listed[key] = [len(response.context[name]) for name in entry.get("rows", [])]
    return found, listed


def pinned_count(entry: dict, n: int) -> int:
    """A known N+1 is pinned per size (`queries_by_size`) until it is fixed."""
    return entry["queries_by_size"][str(n)] if "queries_by_size" in entry else entry["queries"]


def test_every_list_runs_its_pinned_number_of_queries_whatever_the_data(people, shop, time_machine):
    time_machine.move_to(NOW, tick=False)
    entries = json.loads(PINNED.read_text())
    rows = []
    for n in SIZES:
        with transaction.atomic():
            found, listed = measure(people, build(people, shop, n), entries)
            transaction.set_rollback(True)
        config.forget()
        rows.append(listed)
        pinned = {f"{e['url']} as {e['as']}": pinned_count(e, n) for e in entries}
        assert found == pinned, f"with {n} rows of everything"
    # A count over a page that lists no more rows with more data would prove nothing.
    few, many = rows
    not_growing = {
        k for k, v in few.items() if any(f >= m for f, m in zip(v, many[k], strict=True))
    }
    assert not_growing == set()
