"""Log successful and failed logins, logouts and lockouts."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from wijkkompas.accounts.signals import access_refused, session_expired

from .constants import Event
from .services import log_event


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_event(event=Event.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_event(event=Event.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    log_event(event=Event.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150], request=request)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    log_event(event=Event.LOCKED_OUT, username=(username or "")[:150], request=request)


@receiver(access_refused)
def _refused(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    log_event(event=Event.REFUSED, user=user, request=request, object_type=sender._meta.label)


@receiver(session_expired)
def _expired(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    log_event(event=Event.SESSION_EXPIRED, user=user, request=request)
