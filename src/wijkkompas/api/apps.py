from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "wijkkompas.api"
    verbose_name = _("API and exchange with other systems")
