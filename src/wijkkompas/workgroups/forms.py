"""Forms of the working-group pages: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .constants import OuterKind
from .models import AgendaItem, WorkGroup, WorkGroupAction, WorkGroupMember
from .selectors import member_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_INVALID = _("Enter the date as day-month-year.")


class MembershipChoiceField(forms.ModelChoiceField):
    """A team member, shown with the craft of their organisation."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person_name} — {obj.organisation.get_craft_display()}"


class MembershipsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person_name} — {obj.organisation.get_craft_display()}"


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return member_name(obj)


class WorkGroupForm(ServiceModelForm):
    """Form a group (``teams``: where the user forms groups; ``memberships``: who can start
    in it) or change one (neither)."""

    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label=_("Team"),
        error_messages={"required": _("Choose one of the teams you lead or coordinate.")},
    )
    memberships = MembershipsChoiceField(
        queryset=None,
        required=False,
        label=_("Team members who start in the group"),
        help_text=_("Ideally one each from hulp, zorg and welzijn. You can add others later."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkGroup
        fields = [
            "name",
            "focus_kind",
            "focus",
            "purpose",
            "started_on",
            "opportunities",
            "initiatives",
            "idea",
        ]
        widgets = {
            "started_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "opportunities": forms.CheckboxSelectMultiple,
            "initiatives": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "name": {"required": _("Give the group a short name.")},
            "focus": {"required": _("Write in a few words what the group forms around.")},
            "started_on": {
                "required": _("Choose the day the group starts."),
                "invalid": _DATE_INVALID,
            },
        }

    field_order = ["team", *Meta.fields, "memberships"]

    def __init__(
        self,
        *args: Any,
        teams: Any = None,
        memberships: Any = None,
        choices: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if teams is None:
            self.fields.pop("team")
        else:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if memberships is None:
            self.fields.pop("memberships")
        else:
            self.fields["memberships"].queryset = memberships  # type: ignore[attr-defined]
        for name in ("opportunities", "initiatives", "idea"):
            self.fields[name].queryset = choices[name]  # type: ignore[attr-defined]
        self.fields["opportunities"].error_messages["invalid_choice"] = _(
            "Choose signals and opportunities of the group's team."
        )
        self.fields["initiatives"].error_messages["invalid_choice"] = _(
            "Choose initiatives of the team's municipality."
        )
        self.fields["idea"].error_messages["invalid_choice"] = _(
            "Choose an idea of the team's municipality."
        )


class TeamMemberForm(forms.Form):
    """Add a member of the team to the group."""

    membership = MembershipChoiceField(
        queryset=None,
        label=_("Team member"),
        error_messages={
            "required": _("Choose a member of the group's team."),
            "invalid_choice": _("Choose a member of the group's team."),
        },
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class OuterMemberForm(ServiceModelForm):
    """Add a resident or a partner from the outer ring."""

    class Meta:
        model = WorkGroupMember
        fields = ["outer_kind", "label"]
        labels = {"outer_kind": _("Who")}
        error_messages = {
            "outer_kind": {"invalid_choice": _("Choose resident or partner.")},
            "label": {"required": _("Write a first name or a role, as the person agrees.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outer_kind"] = forms.ChoiceField(
            choices=OuterKind.choices,
            label=_("Who"),
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose resident or partner."),
                "invalid_choice": _("Choose resident or partner."),
            },
        )
        self.fields["label"].required = True


class AgendaForm(ServiceModelForm):
    class Meta:
        model = AgendaItem
        fields = ["day", "topic", "notes"]
        widgets = {"day": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "day": {"required": _("Choose the date of the meeting."), "invalid": _DATE_INVALID},
            "topic": {"required": _("Write the topic.")},
        }


class ActionForm(ServiceModelForm):
    owner = OwnerChoiceField(
        queryset=None,
        required=False,
        label=_("Who"),
        error_messages={"invalid_choice": _("Choose someone of the group.")},
    )

    class Meta:
        model = WorkGroupAction
        fields = ["what", "owner", "due_on"]
        widgets = {"due_on": DATE}
        error_messages = {
            "what": {"required": _("Write what is to be done.")},
            "due_on": {"invalid": _DATE_INVALID},
        }

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class CloseForm(ServiceModelForm):
    """Close the group with its lesson."""

    class Meta:
        model = WorkGroup
        fields = ["closed_on", "lesson", "keep", "stop"]
        widgets = {
            "closed_on": DATE,
            "lesson": forms.Textarea(attrs={"rows": 4}),
            "keep": forms.Textarea(attrs={"rows": 2}),
            "stop": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "closed_on": {"invalid": _DATE_INVALID},
            "lesson": {"required": _("Write what the group learned before closing it.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lesson"].required = True
        self.fields["closed_on"].required = True
        self.fields["closed_on"].error_messages["required"] = _("Choose the day the group closes.")


class ListFilterForm(forms.Form):
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Team"), empty_label=_("All teams")
    )
    state = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Open and closed")), ("open", _("Open")), ("closed", _("Closed"))],
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
