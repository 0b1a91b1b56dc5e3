"""Session lifetime and the second factor, enforced for every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.messages import warning
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from wijkkompas.core import compiled

from .constants import RESIDENT_ROLES
from .signals import session_expired

SESSION_STARTED = "wk_started"
SESSION_LAST_SEEN = "wk_seen"

#: URL names a user who still has to pass the second factor may use.
OTP_EXEMPT_URL_NAMES = frozenset({"login", "logout", "otp", "otp_setup"})
#: Path prefixes that need no second factor (assets, language switch, health check).
OTP_EXEMPT_PREFIXES = ("/static/", "/i18n/", "/health/")


def idle_timeout_for(user: Any) -> int:
    """Seconds of inactivity after which the session of ``user`` ends."""
    if getattr(user, "role", None) in RESIDENT_ROLES:
        return settings.SESSION_IDLE_TIMEOUT_RESIDENT
    return settings.SESSION_IDLE_TIMEOUT_STAFF


def session_mark_started(request: HttpRequest, now: int | None = None) -> None:
    """Start the session clocks (called on login)."""
    now = int(time.time()) if now is None else now
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now


def login_url_with_next(request: HttpRequest, url_name: str = "accounts:login") -> str:
    """``url_name`` with ``?next=`` the current page (GET only; never a form post target)."""
    url = reverse(url_name)
    if request.method == "GET":
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``, ``otp_device``), with the
    second-factor device of the session loaded by a compiled query (``core.compiled``):
    every signed-in request loads it, and the ORM would build that query anew each time.

    The rest is django-otp's: the device must belong to the user and be confirmed
    (``_finalize_device``), or the session's device is forgotten and the user is not
    verified."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            device_model = apps.get_model(model_label)
            pk = int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(device_model, Device):
            return None
        rows = compiled.objects(
            ("otp.device", device_model._meta.label),
            lambda device_pk: device_model.objects.using(DEFAULT_DB_ALIAS).filter(pk=device_pk),
            args={"device_pk": pk},
        )
        return rows[0] if rows else None


class SessionTimeoutMiddleware:
    """Idle timeout (30 minutes for staff, 15 for residents) and a 12-hour absolute limit.

    Both clocks live in the session (server side). A session without them (made before
    this middleware ran, or forged) is treated as started now.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_LAST_SEEN)
            reason = None
            if isinstance(started, int) and now - started >= settings.SESSION_ABSOLUTE_TIMEOUT:
                reason = "absolute"
            elif isinstance(seen, int) and now - seen >= idle_timeout_for(user):
                reason = "idle"
            if reason is not None:
                return self._expire(request, user, reason)
            if not isinstance(started, int):
                session_mark_started(request, now)
            elif not isinstance(seen, int) or now - seen >= settings.SESSION_TOUCH_INTERVAL:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)

    def _expire(self, request: HttpRequest, user: Any, reason: str) -> HttpResponse:
        session_expired.send(sender=type(self), request=request, user=user, reason=reason)
        # Tell the logout receivers this was not the user's own logout.
        request.wk_session_expired = True  # type: ignore[attr-defined]
        logout(request)
        if reason == "absolute":
            message = _(
                "Your session has reached its maximum length of 12 hours. Please log in again."
            )
        else:
            message = _(
                "Your session has ended because it was idle for too long. Please log in again."
            )
        warning(request, message)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("accounts:login")
            return response
        return redirect(login_url_with_next(request))


class TwoFactorRequiredMiddleware:
    """Roles that can see personal data (and superusers) must pass TOTP before anything else.

    Until they do, every page except the login, logout and second-factor pages redirects
    to the second-factor page (or to setting it up when the user has no device yet).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.requires_2fa or user.is_superuser)
            and not user.is_verified()
            and not self._exempt(request)
        ):
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("accounts:otp")
                return response
            return redirect(login_url_with_next(request, "accounts:otp"))
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        if request.path.startswith(OTP_EXEMPT_PREFIXES):
            return True
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.namespace == "accounts" and match.url_name in OTP_EXEMPT_URL_NAMES
