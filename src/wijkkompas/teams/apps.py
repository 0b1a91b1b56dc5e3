from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "wijkkompas.teams"
    verbose_name = _("Teams and networks")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
