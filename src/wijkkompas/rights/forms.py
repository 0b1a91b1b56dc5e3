"""Forms of the register of data requests: ids, dates and codes; no case content."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import RequestKind, RequestStatus


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of request"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    resident_id = forms.IntegerField(
        label=_("Resident number"),
        min_value=1,
        help_text=_(
            "The number of the resident the request is about, as the team gave it to you. "
            "You cannot search by name."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        help_text=_("The answer is due one month later (AVG art. 12(3))."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class DataRequestUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=RequestStatus.choices, widget=forms.RadioSelect
    )
    outcome_note = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=2000,
        help_text=_(
            "What was done and why, e.g. 'export handed over in person'. No case content: "
            "no names and no description of the situation."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
