"""Receivers of the accounts app: start the session clocks at login."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import session_mark_started


@receiver(user_logged_in, dispatch_uid="wijkkompas.accounts.session_clocks")
def _start_session_clocks(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_mark_started(request)
