"""The demo's care: a development department with its big fish and their plans, complaints
(one open past its day, one closed), and why the A clients say they choose us."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from otdel.base.models import Company
from otdel.care.models import CareEvent, Complaint
from otdel.care.selectors import big_fish
from otdel.care.services import (
    care_settings_update,
    client_choice_record,
    complaint_close,
    complaint_open,
    relationship_plan_save,
)
from otdel.org.models import Department, DepartmentKind, Position, User

# What the A clients said at their review meetings, in turn.
_SAID = [
    (["quality", "delivery"], "Ни одной сорванной поставки за год."),
    (["service", "relationship"], "Менеджер всегда на связи, вопросы решаются за день."),
    (["quality", "range"], ""),
    (["delivery", "service"], "Привозите точно в окно разгрузки."),
    (["price", "quality"], ""),
    (["relationship", "quality", "delivery"], "Работаем давно, доверяем."),
]


def build_care(*, owner: User, head: User, farmers: list[User], make_user) -> User:
    """Returns the development department's manager (a login of the demo)."""
    today = timezone.localdate()
    development = Department.objects.create(
        name="Отдел развития", kind=DepartmentKind.DEVELOPMENT, head=head
    )
    developer = make_user(
        "developer1", "Павел", "Смирнов", Position.KEY_ACCOUNT_MANAGER, department=development
    )
    care_settings_update(
        changes={
            "big_fish_min_employees": 10000,
            "big_fish_min_revenue": Decimal(5_000_000_000),
            "big_fish_high_potential": False,
        },
        acting_user=owner,
    )
    fish = list(big_fish(owner)[:2])
    plans = [
        {
            "decision_makers": "Генеральный директор; директор по закупкам",
            "next_meeting": today + timedelta(days=12),
            "wallet_share": Decimal(15),
            "growth_target": Decimal(12_000_000),
            "growth_note": "Вторая линейка продуктов и рамочный договор на год.",
        },
        {
            "decision_makers": "Коммерческий директор",
            "next_meeting": today - timedelta(days=3),
            "wallet_share": Decimal(40),
            "growth_target": Decimal(6_000_000),
            "growth_note": "",
        },
    ]
    for company, plan in zip(fish, plans, strict=False):
        relationship_plan_save(company=company, changes=plan, acting_user=developer)

    # Asked at the review meetings so far: a dozen of them.
    a_clients = list(Company.objects.filter(abc_class="A").order_by("pk")[:12])
    for n, company in enumerate(a_clients):
        criteria, note = _SAID[n % len(_SAID)]
        client_choice_record(
            company=company,
            recorded_on=today - timedelta(days=7 + n),
            criteria=criteria,
            note=note,
            acting_user=company.owner or head,
        )

    for farmer in farmers[:2]:
        clients = list(
            Company.objects.filter(owner=farmer, abc_class__in=["A", "B"]).order_by("pk")[:2]
        )
        if len(clients) < 2:
            continue
        late, short = clients
        # Recorded four days ago to be resolved by yesterday, so past its day: the head sees it
        # on Control.
        late_one = complaint_open(
            company=late,
            kind="late",
            description="Поставка пришла на четыре дня позже согласованной даты.",
            owner=farmer,
            due_on=today,
            acting_user=farmer,
        )
        recorded, due = timezone.now() - timedelta(days=4), today - timedelta(days=1)
        Complaint.objects.filter(pk=late_one.pk).update(opened_at=recorded, due_on=due)
        event = CareEvent.objects.get(complaint=late_one)
        event.at = recorded
        event.changes = {
            field: [was, due.isoformat() if now == today.isoformat() else now]
            for field, (was, now) in event.changes.items()
        }
        event.save(update_fields=["at", "changes"])
        closed = complaint_open(
            company=short,
            kind="short",
            description="Недовложение: две позиции из десяти.",
            owner=farmer,
            due_on=today + timedelta(days=2),
            acting_user=farmer,
        )
        complaint_close(
            complaint=closed,
            resolution="Допоставили за свой счёт, клиент подтвердил.",
            acting_user=farmer,
        )
    return developer
