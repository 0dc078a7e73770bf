from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "otdel.clients"
    label = "clients"
    verbose_name = _("Client department: the client algorithm and order rhythm")

    def ready(self) -> None:
        from otdel.segments.services import register_handed_off
        from otdel.web import PagePart, register_part

        from . import selectors
        from .services import client_cycle_start

        def alerts_part(request: HttpRequest, managers: list[Any]) -> PagePart:
            alerts = selectors.control_alerts(request.user, timezone.localdate())
            return PagePart("clients/_control.html", {"client_alerts": alerts})

        register_part("control", "clients", alerts_part)
        register_handed_off("clients", client_cycle_start)
