"""Filter of the access log page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Event


class AccessLogFilterForm(forms.Form):
    event = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("All events"))] + list(Event.choices),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    username = forms.CharField(
        label=_("User name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format="%Y-%m-%d",
        ),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format="%Y-%m-%d",
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data
