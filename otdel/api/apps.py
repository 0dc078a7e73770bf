from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "otdel.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from otdel.apiutils import use_rfc3339_moments

        use_rfc3339_moments()
