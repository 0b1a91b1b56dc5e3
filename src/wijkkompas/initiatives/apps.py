from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "wijkkompas.initiatives"
    verbose_name = _("Collective opportunities and initiatives")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section

        from . import sections

        register_section("resident", sections.resident_referrals, order=50)
        register_section("place", sections.place_initiatives, order=20)
