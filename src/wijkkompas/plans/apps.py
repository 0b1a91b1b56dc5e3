from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "wijkkompas.plans"
    verbose_name = _("Plans and case discussions")
