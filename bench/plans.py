"""Plan against fact for a year (issue 7): a year plan for 5 departments of 20 managers each,
with a year of their work behind it (generated: deals with a line each, invoices, payments and
refunds, first orders, done activities), read the way the pages read it.

    python -m bench.plans [--managers 100] [--payments 200000] [--activities 500000]

SQLite in a fresh var/bench-plans.sqlite3 by default; set DATABASE_URL to an empty database to
measure another. Prints the data's size, the queries and the seconds of plan_progress for the
whole plan and of the Plan and fact and Control pages.
"""

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bench.setup import open_own_database

YEAR = 2026
TODAY = date(YEAR, 11, 18)


def generate(managers: int, payments: int, activities: int) -> dict[str, int]:
    from django.db import connection

    from otdel.algorithm.models import Activity
    from otdel.base.models import Company
    from otdel.base.services import stays_open
    from otdel.billing.models import Invoice, Payment
    from otdel.catalog.models import Product
    from otdel.deals.models import Deal, DealItem, DealStatus
    from otdel.orders.models import Order
    from otdel.org.models import Department, DepartmentKind, Position, User
    from otdel.plans.services import plan_approve, plan_create, plan_set_amounts

    rng = random.Random(7)
    departments = [
        Department.objects.create(name=f"Отдел {n + 1}", kind=DepartmentKind.ACTIVE_SALES)
        for n in range(5)
    ]
    User.objects.bulk_create(
        [
            User(username=f"m{n}", position=Position.SALES_MANAGER, department=departments[n % 5])
            for n in range(managers)
        ]
    )
    owner = User.objects.create(username="owner", position=Position.OWNER, email="o@example.com")
    people = list(User.objects.filter(position=Position.SALES_MANAGER))
    product = Product.objects.create(code="P-1", name="Товар", unit="шт.", cost_price=Decimal(600))
    stays_open(
        Company.objects.bulk_create(
            [
                Company(
                    legal_name=f"Клиент {n}",
                    owner=people[n % len(people)],
                    section="",
                    state="client",
                )
                for n in range(managers * 50)
            ]
        )
    )
    companies = list(Company.objects.values_list("pk", "owner_id"))
    deals = len(companies) * 2
    Deal.objects.bulk_create(
        [
            Deal(
                company_id=c,
                owner_id=o,
                title="Сделка",
                state="client",
                status=DealStatus.WON,
                currency="RUB",
                amount=Decimal(120000),
                margin=Decimal(40000),
                closed_at=datetime(YEAR, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(320)),
            )
            for c, o in companies
            for _ in range(2)
        ],
        batch_size=5000,
    )
    deal_ids = list(Deal.objects.values_list("pk", flat=True))
    DealItem.objects.bulk_create(
        [
            DealItem(
                deal_id=d,
                product=product,
                quantity=Decimal(100),
                unit_price=Decimal(1200),
                vat_percent=Decimal(20),
                amount=Decimal(120000),
            )
            for d in deal_ids
        ],
        batch_size=5000,
    )
    Invoice.objects.bulk_create(
        [
            Invoice(
                deal_id=d,
                number=f"И-{d}",
                issued_on=date(YEAR, 1, 1),
                due_on=date(YEAR, 1, 10),
                amount=Decimal(120000),
                currency="RUB",
                paid=Decimal(120000),
            )
            for d in deal_ids
        ],
        batch_size=5000,
    )
    invoices = list(Invoice.objects.values_list("pk", flat=True))
    Payment.objects.bulk_create(
        [
            Payment(
                invoice_id=rng.choice(invoices),
                amount=Decimal(rng.randrange(1000, 60000)),
                kind=Payment.Kind.REFUND if n % 50 == 0 else Payment.Kind.PAYMENT,
                paid_on=date(YEAR, 1, 1) + timedelta(days=rng.randrange(321)),
                recorded_by=owner,
            )
            for n in range(payments)
        ],
        batch_size=5000,
    )
    Order.objects.bulk_create(
        [
            Order(
                company_id=c,
                number=f"З-{c}",
                ordered_at=datetime(YEAR, 1, 1, 9, tzinfo=UTC) + timedelta(days=rng.randrange(321)),
            )
            for c, _o in companies
        ],
        batch_size=5000,
    )
    kinds = ["call", "call", "call", "meeting", "first_meeting"]
    Activity.objects.bulk_create(
        [
            Activity(
                company_id=companies[n % len(companies)][0],
                kind=rng.choice(kinds),
                subject="…",
                assignee_id=companies[n % len(companies)][1],
                done_at=datetime(YEAR, 1, 1, 10, tzinfo=UTC) + timedelta(days=rng.randrange(321)),
            )
            for n in range(activities)
        ],
        batch_size=5000,
    )
    for kind, months in (("year", 12), ("month", 1)):
        plan = plan_create(kind=kind, day=TODAY, acting_user=owner)
        figures: dict[int, dict[str, object]] = {}
        for line in plan.lines.all():
            # A month's plan a little above what was paid on average: some are behind.
            each = rng.uniform(0.6, 1.6) if line.user_id else 1
            share = 1 if line.user_id else (managers // 5 if line.department_id else managers)
            figures[line.pk] = {
                m: round(v * months * share * each)
                for m, v in (
                    ("revenue", 4_500_000),
                    ("margin", 1_500_000),
                    ("new_clients", 5),
                    ("deals_won", 10),
                    ("calls", 300),
                    ("meetings", 100),
                )
            }
        plan_set_amounts(plan=plan, amounts=figures, acting_user=owner)
        if kind == "year":  # the month's lines may overshoot: it is measured, not approved
            plan_approve(plan=plan, acting_user=owner, today=date(YEAR, 1, 1))
    with connection.cursor() as cursor:  # statistics, as autovacuum would gather them by now
        cursor.execute("ANALYZE")
    return {
        "managers": managers,
        "companies": len(companies),
        "deals": deals,
        "payments": payments,
        "activities": activities,
        "plan_lines": plan.lines.count(),
    }


def measure() -> list[str]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from otdel.org.models import User
    from otdel.plans.models import SalesPlan
    from otdel.plans.selectors import plan_progress

    out = []
    for plan in SalesPlan.objects.order_by("-kind"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = plan_progress(plan, TODAY)
            seconds = time.perf_counter() - started
        behind = sum(1 for r in report if r.behind)
        out.append(
            f"plan_progress {connection.vendor}  {plan.kind}: {len(report)} lines x 7 "
            f"metrics x {len(report[0].weeks)} weeks  {len(queries)} queries  "
            f"{seconds:.2f} s  ({behind} lines behind)"
        )
    plan = SalesPlan.objects.get(kind="year")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="owner"))
    quarter = f"first={TODAY - timedelta(days=91):%Y-%m-%d}&last={TODAY:%Y-%m-%d}"
    for name, url in [
        ("plan and fact page, year", f"/plans/{plan.pk}/facts/"),
        ("control page (the year plan)", "/control/"),
        # Issue 16: the funnel of a quarter and the weekly report of every manager.
        ("funnel page, a quarter", f"/reports/?{quarter}"),
        ("weekly report page", "/reports/week/"),
        ("weekly report PDF", "/reports/week/?format=pdf"),
        ("weekly report XLSX", "/reports/week/?format=xlsx"),
    ]:
        client.get(url)  # caches filled, as on a running server
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status = client.get(url).status_code
            seconds = time.perf_counter() - started
        goal = WEEK_GOALS.get(name)
        out.append(
            f"{name} {connection.vendor}  HTTP {status}  {len(queries)} queries  {seconds:.2f} s"
            + (f"  goal < {goal:g} s {'met' if seconds < goal else 'MISSED'}" if goal else "")
        )
    return out


# Issue 16: the weekly report of 100 managers under 5 s, in each of its forms.
WEEK_GOALS = {"weekly report page": 5, "weekly report PDF": 5, "weekly report XLSX": 5}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.plans")
    parser.add_argument("--managers", type=int, default=100)
    parser.add_argument("--payments", type=int, default=200_000)
    parser.add_argument("--activities", type=int, default=500_000)
    args = parser.parse_args()
    open_own_database("plans", fresh=True)
    import time_machine

    with time_machine.travel(
        datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC), tick=False
    ):
        started = time.perf_counter()
        size = generate(args.managers, args.payments, args.activities)
        print(f"generated {size} in {time.perf_counter() - started:.0f} s")
        for line in measure():
            print(line)


if __name__ == "__main__":
    main()
