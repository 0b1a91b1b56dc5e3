"""Forms of the team pages. They check the input's shape; the services own the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.areas.selectors import districts_of, neighbourhoods_of
from wijkkompas.components.forms import ServiceModelForm
from wijkkompas.organisations.selectors import organisations_of

from .models import Membership, Partner, Team
from .selectors import account_choices


class AreaChoiceField(forms.ModelMultipleChoiceField):
    """Districts or neighbourhoods as a checkbox list, labelled with name and CBS code."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args: Any, show_municipality: bool = False, **kwargs: Any) -> None:
        self.show_municipality = show_municipality
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.name} ({obj.code})"
        if self.show_municipality:
            municipality = getattr(obj, "municipality", None) or obj.district.municipality
            label = f"{municipality.name}: {label}"
        return label


class AccountChoiceField(forms.ModelChoiceField):
    """An account, shown by its person's name (or user name)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class TeamForm(ServiceModelForm):
    """Edit (or create) a team: description, type, areas served, target group, positioning."""

    districts = AreaChoiceField(
        queryset=None,
        required=False,
        label=_("Districts served"),
        help_text=_("A team serves at least one district or neighbourhood."),
    )
    neighbourhoods = AreaChoiceField(
        queryset=None,
        required=False,
        label=_("Neighbourhoods served"),
        help_text=_("Only the neighbourhoods the team serves outside the districts ticked above."),
    )

    class Meta:
        model = Team
        fields = [
            "name",
            "team_type",
            "description",
            "districts",
            "neighbourhoods",
            "target_group",
            "target_group_description",
            "positioning",
            "started_on",
            "caseload_visible_without_consent",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, municipality_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        many = len(municipality_ids) > 1
        districts = cast(AreaChoiceField, self.fields["districts"])
        districts.queryset = districts_of(municipality_ids=municipality_ids)
        districts.show_municipality = many
        neighbourhoods = cast(AreaChoiceField, self.fields["neighbourhoods"])
        neighbourhoods.queryset = neighbourhoods_of(municipality_ids=municipality_ids)
        neighbourhoods.show_municipality = many

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("districts")
            and not data.get("neighbourhoods")
            and not self.has_error("districts")
        ):
            self.add_error(
                "districts",
                _(
                    "A team serves at least one district or neighbourhood: "
                    "choose the areas it serves."
                ),
            )
        return data


class TeamCreateForm(TeamForm):
    """Create a team (administrator): the team form, the municipality and a first perspective."""

    municipality: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Municipality")
    )
    perspective = forms.CharField(
        label=_("Shared perspective (stip aan de horizon)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Where the team wants to be. You can also write it later, with residents."),
    )
    perspective_with_residents = forms.BooleanField(
        label=_("The perspective was written together with residents"), required=False
    )

    field_order = ["municipality", "name", "team_type", "description"]

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, municipality_ids=[m.pk for m in municipalities], **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk


class PerspectiveForm(forms.Form):
    """Change the shared perspective; the previous version stays in the history."""

    text = forms.CharField(
        label=_("Shared perspective (stip aan de horizon)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Where does the team want to be in a few years? In the words of residents."),
    )
    written_with_residents = forms.BooleanField(
        label=_("Written together with residents"), required=False
    )
    note = forms.CharField(
        label=_("What changed and why"),
        max_length=300,
        required=False,
        help_text=_('A short note for the history, e.g. "after the neighbourhood evening".'),
    )


class MembershipForm(ServiceModelForm):
    """Add or edit a team member."""

    class Meta:
        model = Membership
        field_classes = {"user": AccountChoiceField}
        fields = [
            "person_name",
            "organisation",
            "job_title",
            "ring",
            "hours_per_week",
            "started_on",
            "user",
            "personal_drive",
        ]
        widgets = {
            "personal_drive": forms.Textarea(attrs={"rows": 3}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "hours_per_week": forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "40"}),
        }

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations_of(
            municipality_ids=[team.municipality_id]
        )
        account = cast(forms.ModelChoiceField, self.fields["user"])
        account.queryset = account_choices(team=team)
        account.required = False
        account.help_text = _("Optional: the member's own Wijkkompas account, if they have one.")


class PartnerForm(ServiceModelForm):
    """Add or edit a partner, programme or network around the team."""

    class Meta:
        model = Partner
        fields = ["name", "kind", "ring", "organisation", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations_of(
            municipality_ids=[team.municipality_id]
        )
        self.fields["organisation"].required = False
