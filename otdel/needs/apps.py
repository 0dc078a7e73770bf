from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "otdel.needs"
    label = "needs"
    verbose_name = _("Needs")

    def ready(self) -> None:
        from otdel.algorithm.templatetags.otdel_algorithm import register_panel_part

        from .selectors import panel_part

        # The company panel shows the needs beside the call form, and asks for them once the
        # first meeting is done (METHOD 3, seed 003: the first meeting is for the needs).
        register_panel_part("needs/_panel.html", panel_part)
