from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "otdel.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from .security import connect_signals

        connect_signals()
