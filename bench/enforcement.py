"""enforce-rules on a large base: each rule as Otdel runs it, beside the same rule written as
one hand-written SQL statement (PostgreSQL), each timed in a transaction that is rolled back so
both start from the same data.

    python -m bench.enforcement [--size 10k|100k|1M] [--activities-per-company 10]
"""

import argparse
import datetime as dt
import time

from django.db import connection, transaction
from django.utils import timezone

from bench.report import goal_line
from bench.setup import open_bench_database

HAND_WRITTEN = {
    "warned": """
        WITH changed AS (
            UPDATE base_company SET deadline_warned_on = %(today)s
            WHERE section = '' AND owner_id IS NOT NULL AND state = ANY(%(working)s)
              AND NOT (state = ANY(%(deal)s)) AND work_deadline BETWEEN %(today)s AND %(warn_until)s
              AND deadline_warned_on IS NULL
            RETURNING id, work_deadline)
        INSERT INTO base_companyevent (company_id, kind, old_value, new_value, actor_id, rule, reason, at)
        SELECT id, 'deadline_warning', '', work_deadline::varchar, NULL, 'deadline_warning', '', now()
        FROM changed""",
    "expired": """
        WITH changed AS (
            UPDATE base_company SET triage_since = %(today)s
            WHERE section = '' AND owner_id IS NOT NULL AND state = ANY(%(working)s)
              AND NOT (state = ANY(%(deal)s)) AND work_deadline < %(today)s AND triage_since IS NULL
            RETURNING id, work_deadline)
        INSERT INTO base_companyevent (company_id, kind, old_value, new_value, actor_id, rule, reason, at)
        SELECT id, 'triage', '', work_deadline::varchar, NULL, 'work_deadline', '', now()
        FROM changed""",
    "to_reassign": """
        WITH changed AS (
            UPDATE base_company SET reassign_due_since = %(today)s
            WHERE section = '' AND owner_id IS NOT NULL AND state = ANY(%(working)s)
              AND NOT (state = ANY(%(deal)s)) AND owned_since < %(reassign_before)s
              AND reassign_due_since IS NULL
            RETURNING id, owned_since)
        INSERT INTO base_companyevent (company_id, kind, old_value, new_value, actor_id, rule, reason, at)
        SELECT id, 'reassign_due', '', (owned_since AT TIME ZONE %(tz)s)::date::varchar, NULL,
               'three_month_rule', '', now()
        FROM changed""",
    "reactivated": """
        WITH changed AS (
            UPDATE base_company c SET call_round_since = %(today)s, state = 'call_round'
            FROM base_company old
            WHERE c.id = old.id AND c.section IN ('refusal_follow_up', 'strategic_archive')
              AND c.reactivation_date <= %(today)s AND c.call_round_since IS NULL
            RETURNING c.id, c.owner_id, old.state),
        moved AS (
            INSERT INTO base_companyevent (company_id, kind, old_value, new_value, actor_id, rule,
                                           reason, at)
            SELECT id, 'state', state, 'call_round', NULL, 'call_round', '', now()
            FROM changed),
        -- The funnel's stays, as every move writes them: the one each company was in ends, the
        -- call round's begins (the statements of one WITH see the same snapshot, so the stays
        -- just begun are not among those ended).
        ended AS (
            UPDATE base_companystay s SET left_at = now(), next_state = 'call_round', reason = ''
            FROM changed WHERE s.company_id = changed.id AND s.left_at IS NULL)
        INSERT INTO base_companystay (company_id, owner_id, state, entered_at, next_state, reason)
        SELECT id, owner_id, 'call_round', now(), '', '' FROM changed""",
}


def add_clocks_and_activities(per_company: int) -> tuple[float, float]:
    """Start the clocks of the companies in work at spread-out days, archive some with past
    reactivation dates, and add `per_company` activities to every company. Set-based SQL."""
    from otdel.base.models import Company

    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    in_work = Company.objects.filter(section="", owner__isnull=False)
    # Days since the claim spread over 0..119 by id: every rule finds its share.
    with connection.cursor() as cursor:
        day_expr = "(id %% 120)"
        if connection.vendor == "postgresql":
            claimed = f"%s - ({day_expr} || ' days')::interval"
            deadline = f"%s - ({day_expr})::int + 30"
            react = "%s - (id %% 60)::int + 30"
        else:
            claimed = f"datetime(%s, '-' || {day_expr} || ' days')"
            deadline = f"date(%s, '-' || {day_expr} || ' days', '+30 days')"
            react = "date(%s, '-' || (id % 60) || ' days', '+30 days')"
        ids_sql, ids_params = in_work.values("pk").query.sql_with_params()
        cursor.execute(
            f"UPDATE base_company SET claimed_at = {claimed}, owned_since = {claimed}, "
            f"work_deadline = {deadline} WHERE id IN ({ids_sql})",
            [now, now, today, *ids_params],
        )
        cursor.execute(
            f"UPDATE base_company SET reactivation_date = {react} "
            "WHERE section IN ('refusal_follow_up', 'strategic_archive')",
            [today],
        )
    clocks = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM org_user WHERE username = 'bench_head'")
        head_id = cursor.fetchone()[0]
        # Due times spread over the day by id, as real appointments are.
        if connection.vendor == "postgresql":
            due = "%s + (id %% 1440) * interval '1 minute'"
        else:
            due = "datetime(%s, '+' || (id %% 1440) || ' minutes')"
        for k in range(per_company):
            cursor.execute(
                "INSERT INTO algorithm_activity (company_id, kind, subject, due_at, done_at, "
                "result, prepared, assignee_id, author_id, created_at) "
                f"SELECT id, %s, %s, {due}, CASE WHEN id %% 3 = 0 THEN NULL ELSE %s END, '', '[]', "
                "COALESCE(owner_id, %s), %s, %s FROM base_company",
                [
                    "call" if k % 2 else "meeting",
                    f"Шаг {k}",
                    now + dt.timedelta(days=k - 5),
                    now,
                    head_id,
                    head_id,
                    now,
                ],
            )
    add_moves(now)
    return clocks, time.perf_counter() - started


def add_moves(now: dt.datetime) -> None:
    """Each company in work got to its state by the algorithm's moves since it was claimed (or
    created, when the generator made it after its claim's day):
    new -> 1st contact -> ... -> its state, spread evenly from the claim to now, one history
    row each (the funnel reads them: a base with no history would flatter it), and the stays
    they cut, as the services write them with each move. Set-based."""
    from bench.generate import WORK_STATES
    from otdel.base.services import stays_rebuild

    steps = len(WORK_STATES) - 1
    rank = "CASE c.state " + " ".join(f"WHEN %s THEN {n}" for n in range(steps + 1)) + " END"
    old = "CASE k.n " + " ".join(f"WHEN {n} THEN %s" for n in range(1, steps + 1)) + " END"
    new = "CASE k.n " + " ".join(f"WHEN {n} THEN %s" for n in range(1, steps + 1)) + " END"
    if connection.vendor == "postgresql":
        since = "GREATEST(c.owned_since, c.created_at)"
        at = f"{since} + (%s - {since}) * k.n / ({rank} + 1)"
    else:
        since = "max(julianday(c.owned_since), julianday(c.created_at))"
        at = f"datetime({since} + (julianday(%s) - {since}) * k.n / ({rank} + 1.0))"
    states = [str(state) for state in WORK_STATES]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < {steps}) "
            "INSERT INTO base_companyevent (company_id, kind, old_value, new_value, actor_id, "
            "rule, reason, at) "
            f"SELECT c.id, 'state', {old}, {new}, c.owner_id, '', '', {at} "
            f"FROM base_company c JOIN k ON k.n <= {rank} "
            "WHERE c.section = '' AND c.owner_id IS NOT NULL AND c.owned_since IS NOT NULL",
            [
                *states[:-1],
                *states[1:],
                connection.ops.adapt_datetimefield_value(now),
                *states,
                *states,
            ],
        )
    stays_rebuild()


def _timed(run) -> tuple[float, int]:
    with transaction.atomic():
        started = time.perf_counter()
        count = run()
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, count


def measure_rules() -> list[str]:
    from otdel.algorithm import enforcement, rules
    from otdel.algorithm.models import RuleSettings
    from otdel.stages import config

    settings = RuleSettings.load()
    today = timezone.localdate()
    otdel_rules = {
        "warned": lambda: enforcement.apply_deadline_warnings(today, settings),
        "expired": lambda: enforcement.apply_expiry(today),
        "to_reassign": lambda: enforcement.apply_three_month_rule(today, settings),
        "reactivated": lambda: enforcement.apply_call_round(today),
    }
    cutoff = rules.reassignment_cutoff(today, settings.reassign_after_days)
    params = {
        "today": today,
        "warn_until": today + dt.timedelta(days=settings.warn_days_before),
        "working": list(config.current().working),
        "deal": list(config.current().deal),
        "reassign_before": timezone.make_aware(
            dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time.min)
        ),
        "tz": str(timezone.get_current_timezone()),
    }
    lines = []
    total_otdel = total_sql = 0.0
    for name, run in otdel_rules.items():
        seconds, count = _timed(run)
        total_otdel += seconds
        line = f"{name:12} otdel {seconds:7.2f} s  {count:8d} companies"
        if connection.vendor == "postgresql":

            def hand_written(sql=HAND_WRITTEN[name]):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.rowcount

            sql_seconds, sql_count = _timed(hand_written)
            total_sql += sql_seconds
            ratio = seconds / sql_seconds if sql_seconds else float("inf")
            line += (
                f"   hand-written SQL {sql_seconds:7.2f} s  {sql_count:8d}   ratio {ratio:4.2f}x"
            )
            if sql_count != count:
                line += "   COUNTS DIFFER"
        lines.append(line)
    seconds, result = _timed(lambda: enforcement.enforce_rules(today=today))
    lines.append(f"{'all rules':12} otdel {seconds:7.2f} s  {result}")
    if total_sql:
        lines.append(
            f"{'sum':12} otdel {total_otdel:7.2f} s   hand-written SQL {total_sql:7.2f} s   "
            f"ratio {total_otdel / total_sql:4.2f}x"
        )
        # The table: 1.08-1.11x per rule holds; kept, with the noise of a shared machine.
        lines.append(
            goal_line(
                "enforcement, all rules x hand-written SQL", total_otdel / total_sql, "x", goal=1.2
            )
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.enforcement")
    parser.add_argument("--size", choices=["10k", "100k", "1M"], default="10k")
    parser.add_argument("--activities-per-company", type=int, default=10)
    args = parser.parse_args()
    open_bench_database(args.size)
    from otdel.algorithm.models import Activity

    vendor = connection.vendor
    if not Activity.objects.exists():
        clocks, activities = add_clocks_and_activities(args.activities_per_company)
        print(
            f"{vendor} {args.size}: clocks {clocks:.1f} s, "
            f"{Activity.objects.count()} activities {activities:.1f} s"
        )
    if vendor == "postgresql":
        # Each measurement rolls back its writes; their dead rows would slow the next run.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE base_company")
            cursor.execute("VACUUM ANALYZE base_companyevent")
            cursor.execute("VACUUM ANALYZE base_companystay")
            cursor.execute("VACUUM ANALYZE algorithm_activity")
    for line in measure_rules():
        print(f"{vendor} {args.size}  {line}")
    from bench.pages import measure_work_pages

    for line in measure_work_pages(runs=20):
        print(f"{vendor} {args.size}  {line}")


if __name__ == "__main__":
    main()
