"""Sign-in security in the demo (issue 20, item 3): a week of logins in the log (with a
mistyped password and a manager locked out after repeated failures, for the head to unlock)
and an API token of the head's for the company's 1C exchange."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from otdel.org.models import LoginEvent, LoginResult, User
from otdel.org.services import api_token_create

_BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"


def build(head: User, hunters: list[User]) -> None:
    now = timezone.now()
    events = []
    for day in range(6, 0, -1):
        for number, person in enumerate([head, *hunters]):
            at = now - timedelta(days=day, hours=9 - number)
            events.append((at, person, LoginResult.SUCCESS))
            events.append((at + timedelta(hours=9), person, LoginResult.LOGOUT))
    typo = hunters[0]
    events.append((now - timedelta(days=2, hours=8, minutes=1), typo, LoginResult.FAILURE))
    locked = hunters[3] if len(hunters) > 3 else hunters[-1]
    for minute in range(settings.AXES_FAILURE_LIMIT):
        events.append((now - timedelta(minutes=20 - minute), locked, LoginResult.FAILURE))
    events.append((now - timedelta(minutes=10), locked, LoginResult.LOCKED))
    rows = LoginEvent.objects.bulk_create(
        [
            LoginEvent(
                user=person,
                username=person.username,
                address=f"192.168.1.{10 + index % 5}",
                user_agent=_BROWSER,
                result=result,
            )
            for index, (_at, person, result) in enumerate(events)
        ]
    )
    for row, (at, _person, _result) in zip(rows, events, strict=True):
        row.at = at
    LoginEvent.objects.bulk_update(rows, ["at"])
    # The lock itself, as django-axes counts it: the head sees him under "Locked out now".
    AccessAttempt.objects.create(
        username=locked.username,
        ip_address="192.168.1.77",
        user_agent=_BROWSER,
        path_info="/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=now - timedelta(minutes=10),
    )
    api_token_create(user=head, name="Обмен с 1С", days=90, acting_user=head)
