from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlgorithmConfig(AppConfig):
    name = "otdel.algorithm"
    label = "algorithm"
    verbose_name = _("Sales algorithm")

    def ready(self) -> None:
        from otdel.base.services import register_merge_hand_over
        from otdel.org.models import set_cap_range

        from .selectors import cap_range
        from .services import activity_hand_over

        set_cap_range(cap_range)
        register_merge_hand_over("algorithm", activity_hand_over)
