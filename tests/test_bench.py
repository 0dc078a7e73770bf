"""The benchmarks still run (on a tiny base, untimed): a benchmark that rots measures nothing."""

from bench.enforcement import add_clocks_and_activities, measure_rules
from bench.generate import generate
from bench.pages import measure_pages, measure_work_pages


def test_benchmarks_run_on_a_small_base(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    generate(300)
    add_clocks_and_activities(2)
    rule_lines = measure_rules()
    assert [line.split()[0] for line in rule_lines[:4]] == [
        "warned", "expired", "to_reassign", "reactivated",
    ]  # fmt: skip
    assert any(line.startswith("all rules") for line in rule_lines)
    page_lines = list(measure_pages(runs=1)) + list(measure_work_pages(runs=1))
    assert len(page_lines) == 15
    assert all("queries" in line for line in page_lines)
