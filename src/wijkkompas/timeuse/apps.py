from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimeUseConfig(AppConfig):
    name = "wijkkompas.timeuse"
    label = "timeuse"
    verbose_name = _("Time for the collective")
