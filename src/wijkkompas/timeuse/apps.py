from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimeUseConfig(AppConfig):
    name = "wijkkompas.timeuse"
    label = "timeuse"
    verbose_name = _("Time for the collective")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section

        from . import sections

        register_section("worklist", sections.worklist_prompt, order=10)
