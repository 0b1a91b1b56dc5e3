from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkGroupsConfig(AppConfig):
    name = "wijkkompas.workgroups"
    label = "workgroups"
    verbose_name = _("Working groups (werkgroepen)")
