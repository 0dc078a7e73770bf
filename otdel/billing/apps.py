from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "otdel.billing"
    label = "billing"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from otdel.base.selectors import register_finance_share
        from otdel.deals.selectors import register_paper_fact
        from otdel.deals.views import register_page_part

        from .selectors import invoiced, invoiced_share, paid_any
        from .views import deal_page_part

        register_finance_share("billing", invoiced_share)
        register_paper_fact("invoiced", invoiced)
        register_paper_fact("paid_any", paid_any)
        register_page_part("billing", deal_page_part)
