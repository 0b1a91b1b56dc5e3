from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wijkkompas.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from . import receivers, signals  # noqa: F401

        receivers.connect_post_migrate(self)
