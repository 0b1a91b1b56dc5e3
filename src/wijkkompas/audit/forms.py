"""Filter of the access log page: by event, account, purpose, kind of object, data subject
(a resident id from the register of data requests, never a name), request (trace) and dates."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .constants import Event, Purpose

_SELECT = {"class": "utrecht-select utrecht-select--html-select"}
_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_TRACE = re.compile(r"^[0-9a-fA-F]{32}$")


def object_type_choices() -> list[tuple[str, Any]]:
    """Every kind of object the permission layer knows (``app.Model``), by its name."""
    choices = [
        (model._meta.label, f"{model._meta.verbose_name} ({model._meta.label})")
        for model in apps.get_models()
        if hasattr(model, "access_policy")
    ]
    return [("", _("All kinds of object"))] + sorted(choices, key=lambda c: str(c[1]).lower())


class AccessLogFilterForm(forms.Form):
    event = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("All events"))] + list(Event.choices),
        widget=forms.Select(attrs=_SELECT),
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        required=False,
        choices=[("", _("All purposes"))] + list(Purpose.choices),
        widget=forms.Select(attrs=_SELECT),
    )
    object_type = forms.ChoiceField(
        label=_("Kind of object"),
        required=False,
        choices=object_type_choices,
        widget=forms.Select(attrs=_SELECT),
    )
    resident = forms.IntegerField(
        label=_("Data subject (resident number)"),
        required=False,
        min_value=1,
        help_text=_("The number from the register of data requests. Names cannot be searched."),
        widget=forms.NumberInput(attrs={**_TEXT, "inputmode": "numeric"}),
    )
    username = forms.CharField(
        label=_("User name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs=_TEXT),
    )
    trace = forms.CharField(
        label=_("Request (trace id)"),
        required=False,
        max_length=32,
        help_text=_("All entries of one request or task: 32 characters 0-9 and a-f."),
        widget=forms.TextInput(attrs={**_TEXT, "spellcheck": "false", "autocomplete": "off"}),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **_TEXT}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **_TEXT}, format="%Y-%m-%d"),
    )

    def clean_trace(self) -> str:
        value = (self.cleaned_data.get("trace") or "").strip()
        if value and not _TRACE.match(value):
            raise forms.ValidationError(_("A trace id is 32 characters 0-9 and a-f."))
        return value.lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data
