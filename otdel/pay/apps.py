from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    name = "otdel.pay"
    label = "pay"
    verbose_name = _("Pay")

    def ready(self) -> None:
        from otdel.plans.services import register_month_plan_writer

        from .services import month_plan_set

        register_month_plan_writer("pay", month_plan_set)
