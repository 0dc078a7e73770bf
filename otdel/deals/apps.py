from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "otdel.deals"
    label = "deals"
    verbose_name = _("Deals")

    def ready(self) -> None:
        from otdel.base.selectors import register_matrix_share

        from .selectors import matrix_share

        register_matrix_share("deals", matrix_share)
