from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "wijkkompas.imports"
    verbose_name = _("Imports from other registration systems")
