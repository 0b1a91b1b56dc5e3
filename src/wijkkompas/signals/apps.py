from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "wijkkompas.signals"
    verbose_name = _("Neighbourhood signals")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
