"""Receivers of the accounts app: session clocks at login, the admin group after migrate."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .middleware import session_mark_started


@receiver(user_logged_in, dispatch_uid="wijkkompas.accounts.session_clocks")
def _start_session_clocks(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_mark_started(request)


def _ensure_admin_group(sender: Any, **kwargs: Any) -> None:
    from django.apps import apps

    # After the last app with models (the only ones that get the signal): by then every
    # app's permissions exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from .services import admin_group_ensure

    admin_group_ensure()


def connect_post_migrate(app_config: Any) -> None:
    """Called from AppConfig.ready: after migrate (and flush), the admin group is ensured."""
    post_migrate.connect(_ensure_admin_group, dispatch_uid="wijkkompas.accounts.admin_group")
