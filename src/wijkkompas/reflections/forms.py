"""Forms of the reflection pages: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .constants import RECORD_FIELDS, ActionStatus, ReviewOutcome
from .models import FollowUpAction, Reflection
from .selectors import STATUS_ALL

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 3})

_DATE_ERRORS = {
    "required": _("Choose the date of the session."),
    "invalid": _("Enter the date as day-month-year."),
}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.person_name


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.person_name


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class PlanForm(ServiceModelForm):
    """Plan (or change the planning of) a session. ``teams``: the teams the user leads
    (only when planning); ``members``: who can take part."""

    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Team"))
    facilitator = MemberChoiceField(queryset=None, required=False, label=_("Facilitator"))
    participants = MembersChoiceField(
        queryset=None,
        required=False,
        label=_("Participants"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Reflection
        fields = ["title", "planned_on", "facilitator", "participants"]
        widgets = {"planned_on": DATE}
        error_messages = {
            "title": {"required": _("Give the session a short title.")},
            "planned_on": _DATE_ERRORS,
        }

    field_order = ["team", *Meta.fields]

    def __init__(self, *args: Any, teams: Any = None, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is None:
            self.fields.pop("team")
        else:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["facilitator"].queryset = members  # type: ignore[attr-defined]
        self.fields["participants"].queryset = members  # type: ignore[attr-defined]
        self.fields["title"].help_text = _(
            "For example: Kairos moment spring, or Looking back at the first half year."
        )


class RecordForm(ServiceModelForm):
    """The record of a session: the day, who took part, the answers and a summary."""

    participants = MembersChoiceField(
        queryset=None,
        required=False,
        label=_("Participants"),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("What changed, and why?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: for the history of the session."),
    )

    class Meta:
        model = Reflection
        fields = ["held_on", "participants", *RECORD_FIELDS]
        widgets = {"held_on": DATE, **{name: _TEXT for name in RECORD_FIELDS}}
        error_messages = {
            "held_on": {
                "required": _("Fill in the day the session was held."),
                "invalid": _("Enter the date as day-month-year."),
            }
        }

    def __init__(self, *args: Any, members: Any, amend: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        self.fields["participants"].queryset = members  # type: ignore[attr-defined]
        if not amend:
            self.fields.pop("note")


class ActionForm(ServiceModelForm):
    """A decision of the session as a follow-up action."""

    owner = OwnerChoiceField(queryset=None, label=_("Owner"))

    class Meta:
        model = FollowUpAction
        fields = ["decision", "owner", "due_date"]
        widgets = {"decision": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}
        error_messages = {
            "decision": {"required": _("Write down what the team decided.")},
            "owner": {"required": _("Choose the team member who sees to this action.")},
            "due_date": {
                "required": _("Choose the date the action is due."),
                "invalid": _("Enter the date as day-month-year."),
            },
        }

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].error_messages["required"] = _(
            "Choose the team member who sees to this action."
        )
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "The owner must be an active member of the team with an account."
        )


class ReviewForm(forms.Form):
    """Look at an action again in a session: done, continued or dropped, with a note."""

    reflection: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label=_("In the session"),
        error_messages={
            "required": _("Choose the session in which the action is reviewed."),
            "invalid_choice": _("Choose a session of the action's own team."),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose done, continued or dropped."),
            "invalid_choice": _("Choose done, continued or dropped."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What did the team see? Required when the action continues or is dropped. "
            "Never write the name of a resident."
        ),
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reflection"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["reflection"].label_from_instance = _session_label  # type: ignore[attr-defined]


def _session_label(session: Any) -> str:
    from django.utils.formats import date_format

    return f"{session.title} ({date_format(session.held_on or session.planned_on)})"


class CompleteForm(forms.Form):
    """The owner marks an action done, with an optional note."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what was done. Never write the name of a resident."),
    )


class ActionFilterForm(forms.Form):
    """Filter the action list by status."""

    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[*ActionStatus.choices, (STATUS_ALL, _("All"))],
    )
