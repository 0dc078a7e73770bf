from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "otdel.meetings"
    label = "meetings"
    verbose_name = _("Meetings and call review")

    def ready(self) -> None:
        from otdel.algorithm.templatetags.otdel_algorithm import register_activity_part

        # A call on the company card links to its recording and review (METHOD 8).
        register_activity_part("meetings/_call_link.html")
