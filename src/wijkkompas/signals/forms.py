"""Forms of the signals page: the area and period picker, and the recompute button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .constants import PeriodKind

#: Periods offered in the picker, counted back from today.
PERIOD_CHOICES_BACK = {PeriodKind.MONTH: 24, PeriodKind.QUARTER: 12, PeriodKind.YEAR: 5}


def period_starts(period: str, today: dt.date | None = None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    current = selectors.period_start(today, period)
    out = []
    for back in range(PERIOD_CHOICES_BACK[PeriodKind(period)]):
        start = selectors.shift_period(current, period, -back)
        out.append((start.isoformat(), selectors.period_label(start, period)))
    return out


class PickerForm(forms.Form):
    """GET form: which area, which kind of period and which period."""

    area = forms.ChoiceField(label=_("Area"))
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    start = forms.ChoiceField(label=_("From"))

    def __init__(
        self,
        *args: Any,
        areas: list[selectors.AreaChoice],
        year_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kinds = [
            (k, label) for k, label in PeriodKind.choices if k == PeriodKind.YEAR or not year_only
        ]
        period_field = self.fields["period"]
        assert isinstance(period_field, forms.ChoiceField)
        period_field.choices = kinds
        self.areas = {a.value: a for a in areas}
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = [(a.value, a.label) for a in areas]
        period = self.data.get("period") or PeriodKind.YEAR
        if period not in PeriodKind.values:
            period = PeriodKind.YEAR
        start_field = self.fields["start"]
        assert isinstance(start_field, forms.ChoiceField)
        start_field.choices = [(str(label), period_starts(kind)) for kind, label in kinds]
        self.fields["start"].help_text = _(
            "The month, quarter or year: pick the kind of period first."
        )
        self.period_default = period

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "start" in data and "period" in data:
            day = dt.date.fromisoformat(data["start"])
            data["start_date"] = selectors.period_start(day, data["period"])
        return data


class RecomputeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
