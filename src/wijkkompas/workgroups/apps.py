from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkGroupsConfig(AppConfig):
    name = "wijkkompas.workgroups"
    label = "workgroups"
    verbose_name = _("Working groups (werkgroepen)")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section

        from . import sections

        register_section("team", sections.team_groups, order=50)
        register_section("initiative", sections.initiative_groups, order=50)
        register_section("opportunity", sections.opportunity_groups, order=50)
