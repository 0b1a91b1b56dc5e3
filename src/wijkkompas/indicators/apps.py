from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "wijkkompas.indicators"
    verbose_name = _("Indicators and stories")

    def ready(self) -> None:
        from . import cache

        cache.connect()
