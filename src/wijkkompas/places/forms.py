"""Forms of the place pages: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.areas.selectors import neighbourhoods_of
from wijkkompas.components.forms import ServiceModelForm

from .models import Place
from .services import PLACE_FIELDS


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class PlaceForm(ServiceModelForm):
    """Add or change a place."""

    neighbourhood = NeighbourhoodChoiceField(
        queryset=None, required=False, label=_("Neighbourhood")
    )

    class Meta:
        model = Place
        fields = list(PLACE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods_of(  # type: ignore[attr-defined]
            municipality_ids=[municipality_id]
        )


class PlaceFilterForm(forms.Form):
    """Filter the list of places by neighbourhood and kind."""

    buurt = NeighbourhoodChoiceField(
        queryset=None, required=False, label=_("Neighbourhood"), to_field_name="code"
    )
    soort = forms.ChoiceField(required=False, label=_("Kind of place"))

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .constants import PlaceKind

        self.fields["buurt"].queryset = neighbourhoods_of(  # type: ignore[attr-defined]
            municipality_ids=[municipality_id]
        )
        self.fields["soort"].choices = [("", _("All kinds")), *PlaceKind.choices]  # type: ignore[attr-defined]
