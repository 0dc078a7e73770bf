from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    name = "otdel.hiring"
    label = "hiring"
    verbose_name = _("Hiring and onboarding")

    def ready(self) -> None:
        from otdel.training.selectors import register_record_part
        from otdel.web import register_part

        from . import selectors

        # A newcomer's onboarding checklist on his training record (issue 19, item 4), and what
        # of it is due on his day's page.
        register_record_part("hiring/_record_part.html", selectors.record_part)
        register_part("my_work", "hiring", selectors.work_part)
