from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "wijkkompas.instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section

        from . import sections

        register_section("resident", sections.resident_profile, order=30)
