from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "otdel.clients"
    label = "clients"
    verbose_name = _("Client department: the client algorithm and order rhythm")
