"""Forms of the instrument pages. They check the input's shape; the services own the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import version_choices


class VersionChoiceField(forms.ModelChoiceField):
    """An instrument version, shown as "Zelfredzaamheid-Matrix 2017"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.instrument.name} {obj.label}"


class ImportForm(forms.Form):
    """Upload an instrument (JSON) or criterion texts (CSV) for the user's municipality."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A JSON file with an instrument, or a CSV file with criterion texts (columns "
            "domain, level, text). UTF-8, at most 1 MB."
        ),
    )
    version = VersionChoiceField(
        queryset=None,
        required=False,
        label=_("Instrument the criterion texts belong to"),
        help_text=_("Only for a CSV file with criterion texts; a JSON file names its instrument."),
        empty_label=_("— not a CSV file —"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(VersionChoiceField, self.fields["version"]).queryset = version_choices(user=user)


class VersionUseForm(forms.Form):
    """Put a version in or out of use (the wanted state travels in a hidden field)."""

    is_active = forms.TypedChoiceField(
        choices=[("1", _("in use")), ("0", _("not in use"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
