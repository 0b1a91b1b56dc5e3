"""Forms of the resident pages. They check the input's shape; the services own the rules.

Field names match the ``field`` of the services' refusals (``consent_team`` …), so a
refusal lands on its field.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.areas.selectors import neighbourhoods_of
from wijkkompas.organisations.selectors import organisations_of

from .constants import (
    OPTIONAL_CONSENT_PARTS,
    ConsentForm,
    ConsentPurpose,
    MeldcodeStep,
    RiskKind,
    Urgency,
)
from .services import ConsentInput

DATE_WIDGET = {"type": "date"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


class BsnInput(forms.TextInput):
    """A text box that never puts a BSN back into the page (not even after an error)."""

    def format_value(self, value: Any) -> str | None:
        return None


class NeighbourhoodField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class PersonaliaForm(forms.Form):
    """Name, year of birth, neighbourhood and contact details; BSN optional."""

    name = forms.CharField(label=_("Name"), max_length=150)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, max_value=2100
    )
    neighbourhood = NeighbourhoodField(queryset=None, label=_("Neighbourhood"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        required=False,
        help_text=_(
            "Optional. Only when needed, e.g. for a Wmo application; checked with the 11-proef."
        ),
        widget=BsnInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["neighbourhood"]).queryset = neighbourhoods_of(
            municipality_ids=[municipality_id]
        )

    def personalia(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "birth_year": data["birth_year"],
            "neighbourhood": data["neighbourhood"],
            "phone": data["phone"],
            "email": data["email"],
            "address": data["address"],
        }


class ResidentEditForm(PersonaliaForm):
    """Edit personalia. The BSN is never put back into the page: fill it in to change it."""

    remove_bsn = forms.BooleanField(label=_("Remove the BSN"), required=False)

    def __init__(self, *args: Any, bsn_masked: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bsn_masked:
            self.fields["bsn"].help_text = _(
                "Registered: %(masked)s. Leave empty to keep it; fill in a number to replace it."
            ) % {"masked": bsn_masked}
        else:
            del self.fields["remove_bsn"]
            self.fields["bsn"].help_text = _(
                "Optional. Only when needed, e.g. for a Wmo application; checked with the 11-proef."
            )

    def bsn_change(self) -> str | None:
        """None: keep the BSN; "": remove it; else the new number."""
        if self.cleaned_data.get("remove_bsn"):
            return ""
        return self.cleaned_data["bsn"] or None


class ConsentFieldsMixin(forms.Form):
    """The parts, purpose, form and period of a consent (shared by registration and the
    consent page)."""

    consent_organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("To an organisation"),
        help_text=_("Optional: an organisation whose professionals may see these parts."),
    )
    consent_parts = forms.MultipleChoiceField(
        label=_("Which parts of the file"),
        choices=[(part.value, part.label) for part in OPTIONAL_CONSENT_PARTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Name and contact details are always part of the consent."),
    )
    consent_purpose = forms.ChoiceField(
        label=_("Purpose"), choices=ConsentPurpose.choices, initial=ConsentPurpose.SUPPORT
    )
    consent_form = forms.ChoiceField(
        label=_("How the consent was given"),
        choices=[(k, v) for k, v in ConsentForm.choices if k != ConsentForm.DIGITAL],
        initial=ConsentForm.VERBAL,
        widget=forms.RadioSelect,
    )
    consent_valid_from = forms.DateField(label=_("Valid from"), widget=_date_input())
    consent_valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=_date_input(),
        help_text=_("Leave empty for 'until withdrawn'."),
    )

    def setup_consent_fields(self, *, municipality_id: int) -> None:
        cast(
            forms.ModelChoiceField, self.fields["consent_organisation"]
        ).queryset = organisations_of(municipality_ids=[municipality_id])
        self.fields["consent_valid_from"].initial = timezone.localdate()

    def consent_input(self, *, team: Any) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(
            team=team,
            organisation=data["consent_organisation"],
            parts=set(data["consent_parts"]),
            purpose=data["consent_purpose"],
            form=data["consent_form"],
            valid_from=data["consent_valid_from"],
            valid_until=data["consent_valid_until"],
        )


class RegisterForm(PersonaliaForm, ConsentFieldsMixin):
    """Register a resident: household, team, personalia and consent in one form."""

    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Team"), empty_label=None
    )
    household_label = forms.CharField(
        label=_("Name of the new household"),
        max_length=150,
        required=False,
        help_text=_("How the team refers to the household, e.g. 'Familie De Vries'."),
    )
    consent_team = forms.BooleanField(
        label=_("To the team"),
        required=False,
        initial=True,
        help_text=_("The professionals of the team chosen above may see these parts."),
    )

    field_order = [
        "team",
        "household_label",
        "name",
        "birth_year",
        "neighbourhood",
        "address",
        "phone",
        "email",
        "bsn",
        "consent_team",
        "consent_organisation",
        "consent_parts",
        "consent_purpose",
        "consent_form",
        "consent_valid_from",
        "consent_valid_until",
    ]

    #: Groups of fields, each shown as a fieldset with a legend.
    GROUPS = [
        (_("Household and team"), ["team", "household_label"]),
        (
            _("Personal details"),
            ["name", "birth_year", "neighbourhood", "address", "phone", "email", "bsn"],
        ),
        (
            _("Consent"),
            [
                "consent_team",
                "consent_organisation",
                "consent_parts",
                "consent_purpose",
                "consent_form",
                "consent_valid_from",
                "consent_valid_until",
            ],
        ),
    ]

    def __init__(
        self, *args: Any, teams: Any, municipality_id: int, household: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, municipality_id=municipality_id, **kwargs)
        self.household = household
        team_field = cast(forms.ModelChoiceField, self.fields["team"])
        team_field.queryset = teams
        if household is not None:
            team_field.queryset = teams.filter(pk=household.team_id)
            team_field.initial = household.team_id
            del self.fields["household_label"]
        else:
            self.fields["household_label"].required = True
        self.setup_consent_fields(municipality_id=municipality_id)

    def groups(self) -> list[tuple[Any, list[Any]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]


class ConsentRecordForm(ConsentFieldsMixin):
    """Record a new consent of a resident."""

    consent_team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("To a team"),
        help_text=_("The professionals of this team may see these parts."),
    )

    field_order = [
        "consent_team",
        "consent_organisation",
        "consent_parts",
        "consent_purpose",
        "consent_form",
        "consent_valid_from",
        "consent_valid_until",
    ]

    def __init__(
        self, *args: Any, teams: Any, municipality_id: int, default_team: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        team_field = cast(forms.ModelChoiceField, self.fields["consent_team"])
        team_field.queryset = teams
        team_field.initial = default_team.pk if default_team is not None else None
        self.setup_consent_fields(municipality_id=municipality_id)


class RiskSignalForm(forms.Form):
    """Raise or change a risk signal."""

    kind = forms.ChoiceField(label=_("Kind of risk"), choices=RiskKind.choices)
    resident = forms.TypedChoiceField(
        label=_("About"), coerce=int, empty_value=None, required=False
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        coerce=int,
        initial=Urgency.MEDIUM,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("What was observed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    review_on = forms.DateField(label=_("Review on"), required=False, widget=_date_input())
    meldcode_step = forms.TypedChoiceField(
        label=_("Meldcode step reached"),
        choices=[("", _("Not applicable")), *MeldcodeStep.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For domestic violence and child abuse only; see the five steps above."),
    )

    def __init__(
        self, *args: Any, members: list[Any] | None = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
            del self.fields["resident"]
        else:
            self.members = {member.pk: member for member in members or []}
            cast(forms.TypedChoiceField, self.fields["resident"]).choices = [
                ("", _("The whole household")),
                *((member.pk, member.name) for member in members or []),
            ]

    def chosen_resident(self) -> Any:
        pk = self.cleaned_data.get("resident")
        return self.members.get(pk) if pk is not None else None


class DateForm(forms.Form):
    """One date (closing a case, resolving a signal)."""

    day = forms.DateField(label=_("Date"), widget=_date_input())

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["day"].label = label
        self.fields["day"].initial = timezone.localdate()


class CaseloadSearchForm(forms.Form):
    """Search the caseload by (part of) a name. Sent by POST: names never go in a URL."""

    naam = forms.CharField(label=_("Name"), max_length=100, required=False)
