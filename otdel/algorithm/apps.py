from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlgorithmConfig(AppConfig):
    name = "otdel.algorithm"
    label = "algorithm"
    verbose_name = _("Sales algorithm")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from otdel.base.services import register_merge_hand_over
        from otdel.org.language import set_company_language
        from otdel.org.models import set_cap_range
        from otdel.org.security import set_two_factor_positions

        from .models import RuleSettings
        from .selectors import cap_range, company_language, forget_company_language
        from .services import activity_hand_over

        set_cap_range(cap_range)
        set_company_language(company_language)
        set_two_factor_positions(lambda: RuleSettings.load().two_factor_positions)
        post_save.connect(forget_company_language, sender=RuleSettings)
        register_merge_hand_over("algorithm", activity_hand_over)
