from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "otdel.api"
    label = "api"
    verbose_name = "API"
