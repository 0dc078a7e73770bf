"""The Monday warning to the heads; also the command plan-warnings."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .warnings import send_weekly_warnings


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="0"))
def plan_warnings_on_monday() -> int:
    return len(send_weekly_warnings(today=timezone.localdate()))
