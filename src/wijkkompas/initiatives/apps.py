from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "wijkkompas.initiatives"
    verbose_name = _("Collective opportunities and initiatives")
