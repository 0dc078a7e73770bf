from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotConfig(AppConfig):
    name = "otdel.pilot"
    label = "pilot"
    verbose_name = _("Pilots of a changed setting")
