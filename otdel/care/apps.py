from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "otdel.care"
    label = "care"
    verbose_name = _("Client care and development")

    def ready(self) -> None:
        from otdel.web import PagePart, register_part

        from . import selectors

        def control_part(request: HttpRequest, managers: list[Any]) -> PagePart:
            """Overdue complaints of the head's clients, and the check of the organisation
            against METHOD 1."""
            today = timezone.localdate()
            active, client, check = selectors.organisation_figures(today)
            visible = selectors.visible_complaints(request.user)
            return PagePart(
                "care/_control.html",
                {
                    "overdue_complaints": selectors.overdue_complaints(request.user, today)[:50],
                    "open_complaints": selectors.open_complaints(visible).count(),
                    "active": active,
                    "client": client,
                    "check": check,
                    "warnings": [w.value for w in check.warnings],
                },
            )

        register_part("control", "care", control_part)
