from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighbourhoodsConfig(AppConfig):
    name = "wijkkompas.neighbourhoods"
    verbose_name = _("Neighbourhood pages")

    def ready(self) -> None:
        from . import cache

        cache.connect()
