"""Forms of the social map pages: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import restrict
from wijkkompas.areas.selectors import neighbourhoods_of
from wijkkompas.components.forms import ServiceModelForm
from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.initiatives.selectors import initiative_choices
from wijkkompas.organisations.selectors import organisations_of
from wijkkompas.places.selectors import place_choices

from . import selectors
from .constants import Cost, EntryKind, WmoStep
from .models import Entry
from .services import ENTRY_FIELDS


class NeighbourhoodChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class EntryForm(ServiceModelForm):
    """Add or change an entry of the social map."""

    life_domains = forms.MultipleChoiceField(
        label=_("Life domains it answers"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The life domains (leefgebieden) of questions this entry can answer."),
    )
    neighbourhoods = NeighbourhoodChoices(
        queryset=None,
        required=False,
        label=_("Neighbourhoods"),
        help_text=_("Leave empty when the entry serves the whole municipality."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    step = forms.ChoiceField(
        label=_("Step in the Wmo order"),
        choices=WmoStep.choices,
        initial=WmoStep.COLLECTIVE,
        widget=forms.RadioSelect,
        help_text=_(
            "Own strength, own network, general or collective provision, or individual "
            "provision: suggestions follow this order."
        ),
    )

    class Meta:
        model = Entry
        fields = list(ENTRY_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_to_reach": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [municipality_id]
        self.fields["neighbourhoods"].queryset = neighbourhoods_of(  # type: ignore[attr-defined]
            municipality_ids=ids
        )
        initiatives = initiative_choices(user=user, municipality_id=municipality_id)
        if selectors.is_initiator(user):
            # An initiator keeps the entries of the initiatives they run, and only those.
            initiatives = initiatives.filter(residents_in_charge=user)
            self.fields["initiative"].required = True
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        self.fields["place"].queryset = place_choices(  # type: ignore[attr-defined]
            municipality_id=municipality_id
        )
        # Only what the user may see (an initiator sees no organisations).
        self.fields["organisation"].queryset = restrict(  # type: ignore[attr-defined]
            organisations_of(municipality_ids=ids), user
        )
        if self.instance.pk is not None:
            self.initial.setdefault("life_domains", list(self.instance.life_domains))


class EntryFilterForm(forms.Form):
    """Filter the team's list: free text, kind, Wmo step, life domain, neighbourhood, cost,
    and "not checked for six months"."""

    zoek = forms.CharField(
        required=False,
        max_length=100,
        label=_("Search"),
        help_text=_("In the name, what it offers and who it is for."),
    )
    soort = forms.ChoiceField(required=False, label=_("Kind"))
    stap = forms.ChoiceField(required=False, label=_("Step in the Wmo order"))
    leefgebied = forms.ChoiceField(required=False, label=_("Life domain"))
    buurt: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Neighbourhood"), to_field_name="code"
    )
    kosten = forms.ChoiceField(required=False, label=_("Cost"))
    verouderd = forms.BooleanField(required=False, label=_("Not checked for six months"))

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = neighbourhoods_of(  # type: ignore[attr-defined]
            municipality_ids=[municipality_id]
        )
        self.fields["buurt"].empty_label = _("All neighbourhoods")  # type: ignore[attr-defined]
        self.fields["soort"].choices = [("", _("All kinds")), *EntryKind.choices]  # type: ignore[attr-defined]
        self.fields["stap"].choices = [("", _("All steps")), *WmoStep.choices]  # type: ignore[attr-defined]
        self.fields["leefgebied"].choices = [("", _("All life domains")), *LifeDomain.choices]  # type: ignore[attr-defined]
        self.fields["kosten"].choices = [("", _("Any cost")), *Cost.choices]  # type: ignore[attr-defined]

    def where(self) -> selectors.EntryFilter:
        """The filter of a valid form (an invalid form filters nothing)."""
        if not self.is_bound or not self.is_valid():
            return selectors.EntryFilter()
        data = self.cleaned_data
        neighbourhood = data.get("buurt")
        return selectors.EntryFilter(
            text=data.get("zoek") or "",
            kind=data.get("soort") or "",
            step=data.get("stap") or "",
            life_domain=data.get("leefgebied") or "",
            neighbourhood_id=neighbourhood.pk if neighbourhood is not None else None,
            cost=data.get("kosten") or "",
            stale=bool(data.get("verouderd")),
        )


class PublicSearchForm(forms.Form):
    """The public map: what do you need, where do you live, and free text."""

    nodig = forms.ChoiceField(required=False, label=_("What are you looking for?"))
    buurt = forms.ChoiceField(required=False, label=_("Where do you live?"))
    zoek = forms.CharField(
        required=False,
        max_length=100,
        label=_("Search words"),
        help_text=_("For example: coffee, debts, meal."),
    )

    def __init__(self, *args: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nodig"].choices = [("", _("Everything")), *selectors.needs()]  # type: ignore[attr-defined]
        self.fields["buurt"].choices = [  # type: ignore[attr-defined]
            ("", _("The whole municipality")),
            *[(n.code, n.name) for n in neighbourhoods],
        ]
        self._neighbourhoods = {n.code: n for n in neighbourhoods}

    def search(self) -> dict[str, Any]:
        """The public selector's arguments (an invalid form searches everything)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        neighbourhood = self._neighbourhoods.get(data.get("buurt") or "")
        return {
            "life_domain": data.get("nodig") or "",
            "neighbourhood_id": neighbourhood.pk if neighbourhood is not None else None,
            "text": data.get("zoek") or "",
        }

    def chosen_neighbourhood(self) -> Any:
        if not self.is_bound or not self.is_valid():
            return None
        return self._neighbourhoods.get(self.cleaned_data.get("buurt") or "")
