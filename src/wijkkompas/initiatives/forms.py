"""Forms of opportunities, initiatives and referrals: the shape of the input only; the
services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .constants import OpportunityStatus, Stage, TransformationLevel
from .models import Initiative, InitiativeStory, Opportunity, OpportunityComment


class _Choices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


def _account_label(user: Any) -> str:
    return user.get_full_name() or user.username


class InitiativeForm(ServiceModelForm):
    """Create or edit an initiative. ``querysets``: the choices for team, neighbourhoods,
    place, partner organisations, residents in charge and coaches, from the selectors;
    ``team_fields=False`` leaves out what only the team changes (for initiators). Whether
    it shows on the public pages (``public``, with ``how_to_join``) is for everyone who may
    change the initiative, initiators in charge included."""

    class Meta:
        model = Initiative
        fields = [
            "name",
            "description",
            "level",
            "origin",
            "team",
            "neighbourhoods",
            "place",
            "partner_organisations",
            "other_partners",
            "residents_in_charge",
            "coaches",
            "budget",
            "participants_count",
            "public",
            "how_to_join",
        ]
        widgets = {
            "level": forms.RadioSelect,
            "origin": forms.RadioSelect,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "partner_organisations": forms.CheckboxSelectMultiple,
            "residents_in_charge": forms.CheckboxSelectMultiple,
            "coaches": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_to_join": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }

    def __init__(
        self,
        *args: Any,
        querysets: dict[str, Any],
        team_fields: bool = True,
        team_required: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        for name in ("residents_in_charge", "coaches"):
            if name in self.fields:
                self.fields[name].label_from_instance = _account_label  # type: ignore[attr-defined]
        if not team_fields:
            # Initiators: not who runs and coaches it, nor the partner organisations (whose
            # names their role does not see); those stay as they are.
            for name in ("team", "residents_in_charge", "coaches", "partner_organisations"):
                self.fields.pop(name, None)
        elif "team" in self.fields:
            self.fields["team"].required = team_required
        self.fields["level"].choices = TransformationLevel.choices  # type: ignore[attr-defined]


class StartInitiativeForm(forms.Form):
    """Start an initiative from an idea or an opportunity: the few things to decide."""

    name = forms.CharField(label=_("name"), max_length=150)
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)
    level = forms.ChoiceField(
        label=_("transformation level"),
        choices=TransformationLevel.choices,
        widget=forms.RadioSelect,
    )
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("team"),
        queryset=None,  # type: ignore[arg-type]
    )
    residents_in_charge = _Choices(
        label=_("residents in charge"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("Accounts with the role initiator that run the initiative."),
    )

    def __init__(
        self, *args: Any, querysets: dict[str, Any], with_team: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        self.fields["residents_in_charge"].label_from_instance = _account_label  # type: ignore[attr-defined]
        if not with_team:
            self.fields.pop("team")


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("new stage"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("note or lesson learned"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the initiative stops: what did we learn?"),
    )

    def __init__(self, *args: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        self.fields["stage"].choices = [(s, labels[s]) for s in stages]  # type: ignore[attr-defined]


class StoryForm(ServiceModelForm):
    class Meta:
        model = InitiativeStory
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}


class OpportunityForm(ServiceModelForm):
    """A new opportunity; the signal key comes along in hidden fields."""

    class Meta:
        model = Opportunity
        fields = [
            "team",
            "title",
            "description",
            "signal_snapshot",
            "signal_area_kind",
            "signal_area_id",
            "signal_period",
            "signal_period_start",
            "signal_measure",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "signal_snapshot": forms.Textarea(attrs={"rows": 2}),
            "signal_area_kind": forms.HiddenInput,
            "signal_area_id": forms.HiddenInput,
            "signal_period": forms.HiddenInput,
            "signal_period_start": forms.HiddenInput,
            "signal_measure": forms.HiddenInput,
        }

    idea = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class CommentForm(ServiceModelForm):
    class Meta:
        model = OpportunityComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}


class LinkForm(forms.Form):
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("initiative"),
        queryset=None,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]


class OpportunityStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (OpportunityStatus.DROPPED, OpportunityStatus.DROPPED.label),
            (OpportunityStatus.OPEN, _("Open again")),
        ],
        widget=forms.RadioSelect,
    )


class ReferralForm(forms.Form):
    """Refer one of the resident's conversations to an initiative (prefixed: it sits on
    the resident page among other sections' forms)."""

    prefix = "referral"
    conversation = forms.ChoiceField(label=_("conversation"))
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("initiative"),
        queryset=None,  # type: ignore[arg-type]
    )

    def __init__(
        self, *args: Any, conversations: list[Any], initiatives: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.conversations = {str(c.pk): c for c in conversations}
        self.fields["conversation"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), f"{c.held_on:%d-%m-%Y} · {c.get_outcome_display()}") for c in conversations
        ]
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]

    def clean_conversation(self) -> Any:
        return self.conversations[self.cleaned_data["conversation"]]


class ListFilterForm(forms.Form):
    """The filters of the initiative list (GET)."""

    buurt = forms.TypedChoiceField(label=_("neighbourhood"), required=False, coerce=int)
    fase = forms.ChoiceField(label=_("stage"), required=False)
    niveau = forms.ChoiceField(label=_("transformation level"), required=False)

    def __init__(self, *args: Any, neighbourhoods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["buurt"].choices = everything + [(n.pk, n.name) for n in neighbourhoods]  # type: ignore[attr-defined]
        self.fields["fase"].choices = everything + list(Stage.choices)  # type: ignore[attr-defined]
        self.fields["niveau"].choices = everything + list(TransformationLevel.choices)  # type: ignore[attr-defined]
