from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SegmentsConfig(AppConfig):
    name = "otdel.segments"
    label = "segments"
    verbose_name = _("ABC(D) segmentation and hand-off")

    def ready(self) -> None:
        from otdel.billing.services import register_paid_in_full

        from .services import handoff_after_payment

        register_paid_in_full("segments", handoff_after_payment)
