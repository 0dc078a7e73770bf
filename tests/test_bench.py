"""The benchmarks still run (on a tiny base, untimed): a benchmark that rots measures nothing."""

import json

import pytest

from bench.api import measure_api
from bench.enforcement import add_clocks_and_activities, measure_rules
from bench.generate import generate
from bench.pages import measure_pages, measure_work_pages


def test_benchmarks_run_on_a_small_base(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    generate(300)
    add_clocks_and_activities(2)
    # Each company in work came to its state by the algorithm's moves, in time order.
    from otdel.base.models import Company, CompanyEvent

    worked = Company.objects.filter(section="", owner__isnull=False).exclude(state="new").first()
    moves = list(
        CompanyEvent.objects.filter(company=worked, kind="state")
        .order_by("at")
        .values_list("old_value", "new_value", "at")
    )
    assert moves[0][0] == "new" and moves[-1][1] == worked.state
    assert all(a[1] == b[0] and a[2] < b[2] for a, b in zip(moves, moves[1:], strict=False))
    rule_lines = measure_rules()
    assert [line.split()[0] for line in rule_lines[:4]] == [
        "warned",
        "expired",
        "to_reassign",
        "reactivated",
    ]
    assert any(line.startswith("all rules") for line in rule_lines)
    page_lines = list(measure_pages(runs=1)) + list(measure_work_pages(runs=1))
    assert len(page_lines) == 16
    assert all("queries" in line for line in page_lines)
    # The head's week (issue 16): Control and the funnel of a quarter, each against its goal.
    head_lines = [line for line in page_lines if line.startswith("head     /")][-2:]
    assert head_lines[0].split()[1] == "/control/" and "goal p95 <= 200 ms" in head_lines[0]
    assert head_lines[1].split()[1].startswith("/reports/?first=")
    assert "goal p95 <= 300 ms" in head_lines[1]
    api_lines = list(measure_api(runs=1))
    assert len(api_lines) == 8  # head and a manager, two pages, by number and by cursor
    assert all(" p95 " in line for line in api_lines)


def test_matching_benchmark_prints_ours_and_splinks_line():
    from bench.matching import measure
    from otdel.demo.files import shared_data_dir

    if not (shared_data_dir() / "patstat_names").exists():
        pytest.skip("../shared/data is not beside this checkout")

    lines = measure()
    assert lines[0].startswith("otdel ") and "precision 0.99" in lines[0]
    assert lines[1].startswith("splink ")


def test_import_benchmark_runs_a_list_through_the_command_and_rolls_back(db):
    from bench.importing import measure
    from otdel.base.models import Company

    generate(200)
    lines = measure(rows=300)
    assert Company.objects.count() == 200  # the bench base stays as it was
    result = json.loads(lines[1].split("  ", 1)[1])
    assert result["rows"] == 300
    assert result["rows"] == sum(result[k] for k in ("created", "merged", "conflicts", "rejected"))
    assert result["created"] > 0 and result["conflicts"] > 0 and result["rejected"] > 0
    assert "peak memory" in lines[2]


def test_orders_benchmark_imports_a_file_and_prints_the_time(db, tmp_path):
    from bench.orders import measure

    path = tmp_path / "orders.csv"
    path.write_text(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
        "1,A,Lamp,2,2011-01-01 10:00:00,1.5,100\n"
    )
    lines = measure(path)
    assert '"orders": 1' in lines[0]
    assert lines[1].endswith(" s") and "1 lines" in lines[1]


def test_segments_benchmark_agrees_with_the_hand_written_query(db):
    from datetime import date, timedelta

    from bench.segments import measure
    from tests.factories import CompanyFactory
    from tests.segments.test_segment import order

    for n, revenue in enumerate([500, 300, 300, 150, 40, 10]):  # ties included
        order(CompanyFactory(), date.today() - timedelta(days=n), (1, revenue))
    order(CompanyFactory(), date.today(), (-1, 20), is_return=True)  # only a return
    lines = measure(date.today(), runs=1)
    assert "7 clients, classes differing: 0" in lines[0]
    assert "ratio" in lines[1] and "full run" in lines[2]
