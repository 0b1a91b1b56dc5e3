from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "wijkkompas.plans"
    verbose_name = _("Plans and case discussions")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section

        from . import sections

        register_section("household", sections.household_plan, order=20)
        register_section("resident", sections.resident_plan, order=40)
