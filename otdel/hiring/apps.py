from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "otdel.hiring"
    label = "hiring"
    verbose_name = _("Hiring and onboarding")

    def ready(self) -> None:
        from otdel.training.selectors import register_record_part

        from . import selectors

        # A newcomer's onboarding checklist on his training record (issue 19, item 4).
        register_record_part("hiring/_record_part.html", selectors.record_part)
