from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlgorithmConfig(AppConfig):
    name = "otdel.algorithm"
    label = "algorithm"
    verbose_name = _("Sales algorithm")
