"""ABC segmentation over the order history (issue 6), ours beside the same segmentation written
as one hand-written window-function SQL query, in the same run.

    python -m bench.segments                    # SQLite: the online-retail file (541,909 lines)
    DATABASE_URL=postgres://... python -m bench.segments --lines 10000000   # generated lines

"compute" is what both do: per client revenue (delivered lines), returns, orders, and the
Pareto class (both count orders on their own table: COUNT(DISTINCT) over the lines would cost
several times the rest). Ours is the ORM aggregate plus the rules in Python (otdel/segments); the
hand-written query does it all in SQL. Both must give every client the same class. "full run"
adds what only ours does: storing the run and recording each class change in the history.
"""

import argparse
import time
from datetime import date

from bench.report import goal_line
from bench.setup import open_own_database

HAND_WRITTEN = """
WITH lines AS (
    SELECT o.company_id AS company_id,
           SUM(CASE WHEN l.quantity > 0 AND l.unit_price > 0 AND NOT l.is_return
                    THEN l.quantity * l.unit_price ELSE 0 END) AS revenue,
           SUM(CASE WHEN l.is_return OR l.quantity < 0
                    THEN ABS(l.quantity * l.unit_price) ELSE 0 END) AS returns
    FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id
    WHERE o.ordered_at >= %(start)s AND o.ordered_at < %(end)s
    GROUP BY o.company_id
), counted AS (
    SELECT company_id, COUNT(*) AS orders FROM orders_order
    WHERE ordered_at >= %(start)s AND ordered_at < %(end)s AND NOT is_return
    GROUP BY company_id
), per AS (
    SELECT lines.company_id, revenue, returns, COALESCE(orders, 0) AS orders
    FROM lines LEFT JOIN counted ON counted.company_id = lines.company_id
), ranked AS (
    SELECT company_id, revenue, returns, orders,
           SUM(revenue) OVER (ORDER BY revenue DESC)
             - revenue * COUNT(*) OVER (PARTITION BY revenue) AS above,
           SUM(revenue) OVER () AS total
    FROM per
)
SELECT company_id, revenue, returns, orders,
       CASE WHEN revenue <= 0 OR total <= 0 THEN 'C'
            WHEN above < 0.8 * total THEN 'A'
            WHEN above < 0.95 * total THEN 'B'
            ELSE 'C' END AS abc_class
FROM ranked
"""


def ours(as_of: date, days: int) -> dict[int, str]:
    from otdel.segments.selectors import classify, client_figures

    return classify(client_figures(as_of, days), "revenue")


def hand_written(as_of: date, days: int) -> dict[int, str]:
    from django.db import connection

    from otdel.segments.rules import period

    with connection.cursor() as cursor:
        start, end = period(as_of, days)
        cursor.execute(HAND_WRITTEN, {"start": start, "end": end})
        return {row[0]: row[4] for row in cursor.fetchall()}


def _best(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(as_of: date, days: int = 365, runs: int = 3) -> list[str]:
    from django.db import connection, transaction

    from otdel.orders.models import OrderLine
    from otdel.segments.services import segment

    ours_classes, theirs = ours(as_of, days), hand_written(as_of, days)
    differ = sum(ours_classes.get(c) != k for c, k in theirs.items()) + len(
        ours_classes.keys() - theirs.keys()
    )
    ours_s = _best(lambda: ours(as_of, days), runs)
    hand_s = _best(lambda: hand_written(as_of, days), runs)
    started = time.perf_counter()
    with transaction.atomic():
        segment(as_of=as_of, days=days)
        full_s = time.perf_counter() - started
        transaction.set_rollback(True)
    lines = OrderLine.objects.count()
    vendor = connection.vendor
    return [
        f"segment {vendor}  {lines} order lines, {len(theirs)} clients, classes differing: {differ}",
        f"segment {vendor}  compute: ours {ours_s:.2f} s, hand-written SQL {hand_s:.2f} s, "
        f"ratio {ours_s / hand_s:.2f}x",
        f"segment {vendor}  full run with history (ours): {full_s:.2f} s",
        goal_line(f"ABC(D) full run with history, {lines} lines {vendor}", full_s, "s", goal=30),
    ]


def generate_lines(total: int, clients: int = 100_000, per_order: int = 10) -> float:
    """PostgreSQL only: `total` order lines, `per_order` an order, over the last two years,
    for the first `clients` companies of the bench base. Set-based (generate_series)."""
    from django.db import connection

    from otdel.base.models import Company
    from otdel.catalog.models import Product

    started = time.perf_counter()
    if not Product.objects.filter(code__startswith="BENCH-").exists():
        Product.objects.bulk_create(
            Product(code=f"BENCH-{n}", name=f"Товар {n}") for n in range(500)
        )
    first = Company.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    product = Product.objects.filter(code="BENCH-0").values_list("pk", flat=True).get()
    orders = total // per_order
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO orders_order (company_id, number, ordered_at, is_return, country)
               SELECT %s + (g * 7919) %% %s, 'B' || g,
                      now() - ((g * 104729) %% 730) * interval '1 day', g %% 50 = 0, ''
               FROM generate_series(1::bigint, %s) g""",
            [first, clients, orders],
        )
        cursor.execute(
            """INSERT INTO orders_orderline (order_id, product_id, description, quantity,
                                             unit_price, is_return)
               SELECT o.id, %s + (o.id * 31 + k) %% 500, '',
                      CASE WHEN o.is_return THEN -1 ELSE 1 + (o.id + k) %% 20 END,
                      ((o.id * 13 + k * 7) %% 10000) / 100.0, o.is_return
               FROM orders_order o CROSS JOIN generate_series(1, %s) k
               WHERE o.number LIKE 'B%%'""",
            [product, per_order],
        )
        cursor.execute("ANALYZE orders_order; ANALYZE orders_orderline")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.segments")
    parser.add_argument(
        "--lines",
        type=int,
        default=10_000_000,
        help="PostgreSQL: order lines to generate when there are none",
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    open_own_database("orders", fresh=False)
    from django.core.management import call_command
    from django.db import connection

    from otdel.demo.files import shared_data_dir
    from otdel.orders.models import OrderLine

    call_command("migrate", verbosity=0)
    if not OrderLine.objects.exists():
        if connection.vendor == "postgresql":
            print(f"generate  {args.lines} order lines  {generate_lines(args.lines):.1f} s")
        else:
            call_command("import-orders", str(shared_data_dir() / "online_retail.csv.gz"))
    as_of = date(2011, 12, 9) if connection.vendor == "sqlite" else date.today()
    for line in measure(as_of, runs=args.runs):
        print(line)


if __name__ == "__main__":
    main()
