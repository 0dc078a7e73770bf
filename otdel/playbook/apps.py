from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaybookConfig(AppConfig):
    name = "otdel.playbook"
    label = "playbook"
    verbose_name = _("Scripts and objections")

    def ready(self) -> None:
        from otdel.algorithm.templatetags.otdel_algorithm import register_panel_part
        from otdel.training.selectors import register_record_part
        from otdel.web import register_part

        from . import selectors

        # Beside the call form (issue 19, item 2): the script of the company's stage and the
        # objection library searched as the client speaks.
        register_panel_part("playbook/_panel.html", selectors.panel_part)
        # The scored objection drills on the manager's training record (item 4).
        register_record_part("playbook/_record_part.html", selectors.record_part)
        # The drills waiting for the manager's answer, on his day's page.
        register_part("my_work", "playbook", selectors.work_part)
