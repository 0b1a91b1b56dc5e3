"""Forms of the organisation pages: the filter and the administrator's edit form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .constants import Craft
from .models import Organisation
from .selectors import discipline_list


class OrganisationFilterForm(forms.Form):
    """Filter of the organisation overview (GET); the selector applies it."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    discipline: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Discipline"), required=False, empty_label=_("All disciplines")
    )
    craft = forms.ChoiceField(
        label=_("Craft"), required=False, choices=[("", _("All crafts")), *Craft.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["discipline"]).queryset = discipline_list()


class OrganisationForm(ServiceModelForm):
    """Add or edit an organisation."""

    class Meta:
        model = Organisation
        fields = ["name", "discipline", "craft", "website"]
        field_classes: dict[str, Any] = {}

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["discipline"]).queryset = discipline_list()
        self.fields["craft"].help_text = _(
            "Help (hulp), care (zorg) or welfare (welzijn): the craft this organisation brings."
        )


class OrganisationCreateForm(OrganisationForm):
    """Add an organisation; the operator chooses the municipality."""

    municipality: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Municipality")
    )
    field_order = ["municipality", "name", "discipline", "craft", "website"]

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk
