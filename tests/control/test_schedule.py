"""The department's schedule: every periodic job, when it runs, and that it is declared in
otdel/control/tasks.py only."""

import ast
import datetime as dt
from pathlib import Path

from huey.contrib.djhuey import HUEY

import otdel
from otdel.control import tasks  # noqa: F401 - registers the jobs, as huey's consumer does

MONDAY = dt.datetime(2026, 11, 23)


def one_week() -> dict[str, list[str]]:
    """Each periodic job with the moments of one week, Monday to Sunday, at which it is due."""
    due: dict[str, list[str]] = {task.name: [] for task in HUEY._registry.periodic_tasks}
    for n in range(7 * 24 * 60):
        moment = MONDAY + dt.timedelta(minutes=n)
        for task in HUEY.read_periodic(moment):
            due[task.name].append(f"{moment:%a %H:%M}")
    return due


def test_every_periodic_job_and_its_time():
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert one_week() == {
        "enforce_rules_hourly": [f"{d} {h:02}:07" for d in days for h in range(24)],
        "segment_and_hand_off_nightly": [f"{d} 02:30" for d in days],
        "client_watch_nightly": [f"{d} 03:00" for d in days],
        "weekly_report_on_monday": ["Mon 08:00"],
    }


def test_periodic_jobs_are_declared_in_the_schedule_only():
    root = Path(otdel.__file__).parent
    declared = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Name | ast.Attribute)
        and (node.id if isinstance(node, ast.Name) else node.attr).endswith("periodic_task")
    }
    assert declared == {"control/tasks.py"}
