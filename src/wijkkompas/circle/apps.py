from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircleConfig(AppConfig):
    name = "wijkkompas.circle"
    verbose_name = _("Knowledge circle")

    def ready(self) -> None:
        from . import cache, services

        services.connect()
        cache.connect()
