from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "otdel.billing"
    label = "billing"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from otdel.base.selectors import register_finance_share

        from .selectors import invoiced_share

        register_finance_share("billing", invoiced_share)
