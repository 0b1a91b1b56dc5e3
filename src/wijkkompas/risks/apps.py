from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "wijkkompas.risks"
    verbose_name = _("Team risk register")
