"""The form of the API clients page: a new client."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import ApiScope
from .models import ApiClient
from .selectors import account_choices, organisation_choices


class AccountChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
        role = obj.get_role_display() if hasattr(obj, "get_role_display") else ""
        return " – ".join(part for part in (obj.username, name, str(role)) if part)


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiClient._meta.get_field("name").max_length,
        help_text=_('Which system this is, e.g. "Wmo-registratie gemeente".'),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=ApiClient.objects.none(),
        required=False,
        help_text=_("The organisation whose system this is (optional)."),
    )
    account = AccountChoiceField(
        label=_("Acts as account"),
        queryset=ApiClient.objects.none(),
        help_text=_(
            "The system sees and changes exactly what this account may. Prefer a separate "
            "account for each system."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the system may do, on top of what the account's role allows."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices(user=user)  # type: ignore[attr-defined]
        self.fields["account"].queryset = account_choices(user=user)  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    """Nothing to fill in: the page asks to confirm."""
