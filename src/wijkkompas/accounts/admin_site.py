"""The admin site (/beheer/): staff only, and only after the second factor.

There is no separate admin login form: the admin's login page sends the user through
the normal login and the second step, so the same lockout, logging and TOTP apply.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    site_header = _("Wijkkompas administration")
    site_title = _("Wijkkompas administration")
    index_title = _("Functional administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_staff and getattr(user, "is_verified", lambda: False)()
        )

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from .views import safe_next_url

        next_url = safe_next_url(request, request.GET.get(REDIRECT_FIELD_NAME)) or reverse(
            "admin:index", current_app=self.name
        )
        user: Any = request.user
        if not user.is_authenticated:
            return redirect(
                f"{reverse('accounts:login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
            )
        if not user.is_verified():
            return redirect(
                f"{reverse('accounts:otp')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
            )
        if not self.has_permission(request):
            raise PermissionDenied
        return redirect(next_url)
