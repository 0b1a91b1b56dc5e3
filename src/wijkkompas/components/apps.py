from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComponentsConfig(AppConfig):
    name = "wijkkompas.components"
    verbose_name = _("Template components")
