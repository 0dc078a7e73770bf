from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardConfig(AppConfig):
    name = "otdel.standard"
    label = "standard"
    verbose_name = _("The standard")

    def ready(self) -> None:
        from . import builtin, teaching

        builtin.register()
        teaching.register()
