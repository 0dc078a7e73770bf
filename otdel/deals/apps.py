from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "otdel.deals"
    label = "deals"
    verbose_name = _("Deals")

    def ready(self) -> None:
        from otdel.algorithm.services import DealPapers, register_deal_papers
        from otdel.base.selectors import register_matrix_share

        from . import selectors

        register_matrix_share("deals", selectors.matrix_share)
        register_deal_papers(
            DealPapers(
                under_way=selectors.deal_under_way,
                at_the_deal_stage=selectors.has_deal_at_the_deal_stage,
                deal_stage_condition=selectors.deal_stage_condition,
                won=selectors.has_won_deal,
            )
        )
