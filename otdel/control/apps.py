from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "otdel.control"
    label = "control"
    verbose_name = _("Control")

    def ready(self) -> None:
        from otdel.base.filtersets import register_attention

        from .selectors import attention

        for name, (label, condition) in attention().items():
            register_attention(name, label, condition)
