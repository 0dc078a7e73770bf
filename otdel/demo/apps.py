from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only so that Django finds the `demo` command; the demo has no models."""

    name = "otdel.demo"
    label = "demo"
