"""Forms of the area pages (administrator). Services check the CBS codes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .models import District, Municipality, Neighbourhood


class _CodeFormMixin:
    """The CBS code is checked (and written in capitals) by the service, in one place."""

    code_example: Any = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]  # type: ignore[attr-defined]
        field.validators = []
        field.help_text = self.code_example


class MunicipalityForm(_CodeFormMixin, ServiceModelForm):
    code_example = _("GM followed by 4 digits, e.g. GM0269.")

    class Meta:
        model = Municipality
        fields = ["code", "name", "province", "shares_aggregates"]


class DistrictForm(_CodeFormMixin, ServiceModelForm):
    code_example = _("WK followed by the 4 digits of the municipality and 2 more, e.g. WK026901.")

    class Meta:
        model = District
        fields = ["code", "name"]


class NeighbourhoodForm(_CodeFormMixin, ServiceModelForm):
    code_example = _("BU followed by the 6 digits of the district and 2 more, e.g. BU02690101.")

    class Meta:
        model = Neighbourhood
        fields = ["code", "name"]
