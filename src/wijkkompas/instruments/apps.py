from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "wijkkompas.instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from wijkkompas.components.sections import register_section

        from . import sections

        register_section("resident", sections.resident_profile, order=30)

        # Domains and levels are kept per process (selectors._reference); they are written
        # only with their version, but a change in this process (a shell, a test) is seen.
        from django.db.models.signals import post_delete, post_save

        from .models import InstrumentDomain, InstrumentLevel
        from .selectors import forget_reference

        for model in (InstrumentDomain, InstrumentLevel):
            for signal in (post_save, post_delete):
                signal.connect(forget_reference, sender=model, dispatch_uid=f"wk-ref-{model}")
