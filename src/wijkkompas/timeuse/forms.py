"""Forms of the time pages: the shape of the input; the services own the rules.

The four shares are number inputs (they work without JavaScript); the page adds a linked
range slider to each (``static/timeuse/time-split.js``). The shares must add up to 100:
the form says so at once, the service checks it again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import NOTE_MAX, WORK_KIND_HELP, WORK_KINDS, WorkKind
from .weeks import recordable_weeks, week_key, week_label


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _share_field(kind: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=WorkKind(kind).label,
        help_text=WORK_KIND_HELP[WorkKind(kind)],
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Fill in a share for each kind of work."),
            "invalid": _("A share is a whole number from 0 to 100."),
            "min_value": _("A share is a whole number from 0 to 100."),
            "max_value": _("A share is a whole number from 0 to 100."),
        },
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric", "data-share": kind}),
    )


class TimeSplitForm(forms.Form):
    """A member's split of one week: team, week, four shares, a note."""

    team = TeamChoiceField(
        queryset=None,
        label=_("Team"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your teams.")},
    )
    week = forms.ChoiceField(
        label=_("Week"), error_messages={"invalid_choice": _("Choose one of the recent weeks.")}
    )
    casework = _share_field(WorkKind.CASEWORK)
    collective = _share_field(WorkKind.COLLECTIVE)
    network = _share_field(WorkKind.NETWORK)
    overhead = _share_field(WorkKind.OVERHEAD)
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Optional, one line: what stood out this week?"),
        required=False,
        max_length=NOTE_MAX,
        error_messages={"max_length": _("Keep the note to %(limit_value)s characters.")},
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if teams.count() == 1:
            self.fields["team"].widget = forms.HiddenInput()
        self.fields["week"].choices = [  # type: ignore[attr-defined]
            (week_key(monday), week_label(monday)) for monday in recordable_weeks()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shares = [data.get(kind) for kind in WORK_KINDS]
        if all(isinstance(v, int) for v in shares):
            total = sum(v for v in shares if v is not None)
            if total != 100:
                raise forms.ValidationError(
                    _("The four shares must add up to 100%% (now %(total)s%%).") % {"total": total}
                )
        return data


class AmbitionForm(forms.Form):
    """The team's target share of time for the collective."""

    collective_target = forms.IntegerField(
        label=_("Target share of time for the collective (%)"),
        help_text=_("Collective work with residents plus network work, as a share of all time."),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Fill in the target share."),
            "invalid": _("A share is a whole number from 0 to 100."),
            "min_value": _("A share is a whole number from 0 to 100."),
            "max_value": _("A share is a whole number from 0 to 100."),
        },
    )
    note = forms.CharField(
        label=_("What we stop to make time"),
        help_text=_("What the team stops or does differently, so that there is time."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep the note to %(limit_value)s characters.")},
    )
