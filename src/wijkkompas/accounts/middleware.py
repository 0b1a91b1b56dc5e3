"""Session lifetime and the second factor, enforced for every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.messages import warning
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .constants import RESIDENT_ROLES

SESSION_STARTED = "wk_started"
SESSION_LAST_SEEN = "wk_seen"

#: Paths a user who still has to pass the second factor may use.
OTP_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health")


def idle_timeout_for(user: Any) -> int:
    if getattr(user, "role", None) in RESIDENT_ROLES:
        return settings.SESSION_IDLE_TIMEOUT_RESIDENT
    return settings.SESSION_IDLE_TIMEOUT_STAFF


class SessionTimeoutMiddleware:
    """Idle timeout (30 minutes for staff, 15 for residents) and a 12-hour absolute limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_LAST_SEEN)
            expired = (started is not None and now - started > settings.SESSION_ABSOLUTE_TIMEOUT) or (
                seen is not None and now - seen > idle_timeout_for(user)
            )
            if expired:
                from wijkkompas.accounts.signals import session_expired

                session_expired.send(sender=type(self), request=request, user=user)
                logout(request)
                warning(request, _("Your session has ended because it was idle for too long. Please log in again."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if started is None:
                request.session[SESSION_STARTED] = now
            request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Roles that can see personal data must have passed TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.requires_2fa or user.is_superuser)
            and not user.is_verified()
            and not request.path.startswith(OTP_EXEMPT_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:otp')}?next={request.path}")
        return self.get_response(request)
