from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "wijkkompas.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from .logs import configure_structlog
        from .middleware import note_database_unavailable

        got_request_exception.connect(note_database_unavailable, dispatch_uid="wk_db_away")
        configure_structlog()
