from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAssessmentsConfig(AppConfig):
    name = "wijkkompas.selfassessments"
    verbose_name = _("Self-assessment rounds")
