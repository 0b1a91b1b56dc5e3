"""Record security events in the access log: logins (also failed ones), lockouts,
logouts, the second factor, password changes and expired sessions."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from wijkkompas.accounts import signals as account_signals

from .constants import Event, Purpose
from .services import log_event


def _municipality_of(username: str) -> int | None:
    """The tenant of an existing account, so that its privacy officer sees the failures."""
    if not username:
        return None
    User = get_user_model()
    return (
        User._default_manager.filter(**{User.USERNAME_FIELD: username})
        .values_list("municipality_id", flat=True)
        .first()
    )


def _username_from(credentials: dict | None, request: Any) -> str:
    username = (credentials or {}).get("username")
    if not username and request is not None and hasattr(request, "POST"):
        username = request.POST.get("username")
    return str(username or "")[:150]


@receiver(user_logged_in, dispatch_uid="wijkkompas.audit.login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_event(event=Event.LOGIN, user=user, request=request, purpose=Purpose.ACCOUNT_SECURITY)


@receiver(user_logged_out, dispatch_uid="wijkkompas.audit.logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or getattr(request, "wk_session_expired", False):
        return  # an expired session is logged as such, not as a logout
    log_event(event=Event.LOGOUT, user=user, request=request, purpose=Purpose.ACCOUNT_SECURITY)


@receiver(user_login_failed, dispatch_uid="wijkkompas.audit.login_failed")
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # ``credentials`` has the password masked by Django; only the user name is used.
    username = _username_from(credentials, request)
    log_event(
        event=Event.LOGIN_FAILED,
        username=username,
        request=request,
        municipality_id=_municipality_of(username),
        purpose=Purpose.ACCOUNT_SECURITY,
    )


@receiver(user_locked_out, dispatch_uid="wijkkompas.audit.locked_out")
def _locked_out(sender: Any, request: Any = None, username: str | None = "", **kwargs: Any) -> None:
    username = (username or _username_from(None, request))[:150]
    log_event(
        event=Event.LOCKED_OUT,
        username=username,
        request=request,
        municipality_id=_municipality_of(username),
        purpose=Purpose.ACCOUNT_SECURITY,
    )


@receiver(account_signals.session_expired, dispatch_uid="wijkkompas.audit.session_expired")
def _session_expired(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_event(
        event=Event.SESSION_EXPIRED, user=user, request=request, purpose=Purpose.ACCOUNT_SECURITY
    )


@receiver(account_signals.otp_verified, dispatch_uid="wijkkompas.audit.otp_verified")
def _otp_verified(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_event(
        event=Event.OTP_VERIFIED, user=user, request=request, purpose=Purpose.ACCOUNT_SECURITY
    )


@receiver(account_signals.otp_failed, dispatch_uid="wijkkompas.audit.otp_failed")
def _otp_failed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_event(event=Event.OTP_FAILED, user=user, request=request, purpose=Purpose.ACCOUNT_SECURITY)


@receiver(account_signals.otp_device_confirmed, dispatch_uid="wijkkompas.audit.otp_setup")
def _otp_setup(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_event(event=Event.OTP_SETUP, user=user, request=request, purpose=Purpose.ACCOUNT_SECURITY)


@receiver(account_signals.password_changed, dispatch_uid="wijkkompas.audit.password_changed")
def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_event(
        event=Event.PASSWORD_CHANGED, user=user, request=request, purpose=Purpose.ACCOUNT_SECURITY
    )


@receiver(account_signals.access_refused, dispatch_uid="wijkkompas.audit.refused")
def _refused(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    log_event(
        event=Event.REFUSED,
        user=user,
        request=request,
        object_type=getattr(getattr(sender, "_meta", None), "label", ""),
    )
