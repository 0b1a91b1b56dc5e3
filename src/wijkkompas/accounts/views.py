"""Login, the second factor (TOTP), password change and logout."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_otp
import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from qrcode.image.svg import SvgPathImage

from wijkkompas.core.exceptions import ApplicationError

from . import services
from .forms import LoginForm, OTPTokenForm, PasswordChangeForm
from .signals import otp_device_confirmed, otp_failed, otp_verified, password_changed


def safe_next_url(request: HttpRequest, url: str | None) -> str | None:
    """``url`` when it is a path on this site (``/…``), otherwise ``None``.

    Absolute URLs, scheme-relative ``//host`` and back-slash tricks are all refused, so a
    link to the login page cannot send the user elsewhere after logging in.
    """
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False):
        return None
    return url


def _next_from(request: HttpRequest) -> str | None:
    return safe_next_url(
        request, request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    )


def _with_next(url_name: str, next_url: str | None) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


def needs_second_factor(user: Any) -> bool:
    return bool(user.is_authenticated and (user.requires_2fa or user.is_superuser))


@method_decorator([sensitive_post_parameters("password"), never_cache], name="dispatch")
class LoginView(auth_views.LoginView):
    """Step one: user name and password (locked after 5 failures by django-axes)."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:  # type: ignore[override]
        return _next_from(self.request) or ""

    def form_valid(self, form: Any) -> HttpResponse:
        super().form_valid(form)  # logs in; receivers start the session clocks
        user = form.get_user()
        next_url = self.get_redirect_url() or None
        if needs_second_factor(user):
            if services.otp_device_for(user) is None:
                return redirect(_with_next("accounts:otp_setup", next_url))
            return redirect(_with_next("accounts:otp", next_url))
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class _SecondFactorBase(LoginRequiredMixin, FormView):
    form_class = OTPTokenForm

    def _user(self) -> Any:
        return self.request.user

    def next_url(self) -> str:
        return _next_from(self.request) or resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = _next_from(self.request) or ""
        return context

    def _passed(self, device: Any) -> HttpResponse:
        request = self.request
        # A new session key for the raised privilege (no session fixation across steps).
        request.session.cycle_key()
        django_otp.login(request, device)
        otp_verified.send(sender=type(self), request=request, user=request.user, device=device)
        return redirect(self.next_url())

    def _refused(self, form: OTPTokenForm, error: ApplicationError) -> HttpResponse:
        otp_failed.send(sender=type(self), request=self.request, user=self.request.user)
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return self.form_invalid(form)


@method_decorator(never_cache, name="dispatch")
class OTPVerifyView(_SecondFactorBase):
    """Step two: the six-digit code of the user's authenticator app."""

    template_name = "accounts/otp.html"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            if request.user.is_verified():
                return redirect(self.next_url())
            if services.otp_device_for(request.user) is None:
                return redirect(_with_next("accounts:otp_setup", _next_from(request)))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: OTPTokenForm) -> HttpResponse:
        try:
            device = services.otp_token_verify(
                user=self._user(), token=form.cleaned_data["otp_token"]
            )
        except ApplicationError as error:
            return self._refused(form, error)
        return self._passed(device)


@method_decorator(never_cache, name="dispatch")
class OTPSetupView(_SecondFactorBase):
    """Set up the second step: scan the QR code (or type the key), confirm with a code."""

    template_name = "accounts/otp_setup.html"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and services.otp_device_for(request.user) is not None:
            return redirect(_with_next("accounts:otp", _next_from(request)))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        device = services.otp_setup_device_get_or_create(user=self._user())
        secret = services.otp_secret_b32(device)
        context["secret_groups"] = [secret[i : i + 4] for i in range(0, len(secret), 4)]
        context["qr_svg"] = qr_svg(device.config_url)
        context["issuer"] = getattr(settings, "OTP_TOTP_ISSUER", "Wijkkompas")
        return context

    def form_valid(self, form: OTPTokenForm) -> HttpResponse:
        try:
            device = services.otp_setup_device_confirm(
                user=self._user(), token=form.cleaned_data["otp_token"]
            )
        except ApplicationError as error:
            return self._refused(form, error)
        otp_device_confirmed.send(
            sender=type(self), request=self.request, user=self.request.user, device=device
        )
        messages.success(
            self.request, _("The second step is set up. From now on you log in with a code.")
        )
        return self._passed(device)


def qr_svg(data: str) -> str:
    """``data`` as a QR code in inline SVG (drawn on the server: no script, no image request)."""
    image = qrcode.make(data, image_factory=SvgPathImage, box_size=20, border=4)
    svg = image.to_string(encoding="unicode")
    svg = svg.split("?>", 1)[-1].strip() if svg.startswith("<?xml") else svg
    svg = svg.replace(
        "<svg ",
        '<svg role="img" aria-labelledby="wk-qr-title" class="wk-qr" ',
        1,
    )
    title = escape(_("QR code with the secret key for your authenticator app"))
    svg = svg.replace(">", f'><title id="wk-qr-title">{title}</title>', 1)
    return mark_safe(svg)  # noqa: S308 - generated by qrcode from our own data


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (at least 12 characters, not a common password)."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed.send(sender=type(self), request=self.request, user=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


class LogoutView(auth_views.LogoutView):
    """Log out (POST only, with the CSRF token) and say so on the next page."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page django-axes shows when logging in is blocked (``AXES_LOCKOUT_CALLABLE``).

    Says what to do; does not echo the user name that was tried.
    """
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
