"""Periodic jobs of the algorithm; each is also a management command (enforce-rules)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .enforcement import enforce_rules


@db_periodic_task(crontab(minute="7"))
def enforce_rules_hourly() -> dict[str, int]:
    return enforce_rules()
