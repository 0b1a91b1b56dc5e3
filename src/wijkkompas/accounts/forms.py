"""Forms of the login, the second factor and the password change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class UtrechtFormMixin:
    """Gives text inputs the NL Design System (Utrecht) classes.

    Django itself adds ``aria-invalid`` and ``aria-describedby`` (help text, errors).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            classes = field.widget.attrs.get("class", "")
            if "utrecht-textbox" not in classes:
                field.widget.attrs["class"] = (
                    f"{classes} utrecht-textbox utrecht-textbox--html-input".strip()
                )


class LoginForm(UtrechtFormMixin, auth_forms.AuthenticationForm):
    """User name and password. The error never says which of the two was wrong."""

    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Both are case-sensitive. "
            "After %(limit)s failed attempts, logging in is blocked for a while."
        ),
        "inactive": _("This account has been deactivated. Ask your functional administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class OTPTokenForm(UtrechtFormMixin, forms.Form):
    """The six-digit code from the authenticator app."""

    otp_token = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("Open your authenticator app and type the code it shows for Wijkkompas."),
        min_length=6,
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]{6,12}",
                "autofocus": True,
                "class": "utrecht-textbox utrecht-textbox--html-input wk-otp-input",
            }
        ),
        error_messages={"required": _("Enter the six-digit code.")},
    )

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("The code consists of six digits."), code="format")
        return token


class PasswordChangeForm(UtrechtFormMixin, auth_forms.PasswordChangeForm):
    """Django's form, which applies the password validators (12 characters, not common)."""
