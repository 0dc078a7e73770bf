from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmimportConfig(AppConfig):
    name = "otdel.crmimport"
    label = "crmimport"
    verbose_name = _("Import from a CRM")
