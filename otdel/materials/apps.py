from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "otdel.materials"
    label = "materials"
    verbose_name = _("Materials library")

    def ready(self) -> None:
        from otdel.algorithm.templatetags.otdel_algorithm import register_panel_part

        from .selectors import panel_part

        # What is sent at the company's stage, beside the call form (METHOD 3).
        register_panel_part("materials/_panel.html", panel_part)
