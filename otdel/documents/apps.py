from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "otdel.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from otdel.deals.selectors import register_paper_fact
        from otdel.deals.services import register_lines_changed
        from otdel.deals.views import register_page_part

        from .selectors import closing_signed, contracted
        from .services import document_reissue_invoice
        from .views import deal_page_part

        register_paper_fact("contracted", contracted)
        register_paper_fact("closing_signed", closing_signed)
        register_lines_changed("documents", document_reissue_invoice)
        register_page_part("documents", deal_page_part)
