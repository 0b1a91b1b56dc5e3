"""What the API gives of neighbourhood signals: the figures of one area and period exactly
as the signals page shows them to the user's role (``sections.build_page``), never a digest
or anything about one resident. Every count is a cell: exact for team roles; for everyone
else rounded, or hidden below the threshold (``hidden`` says why: ``small`` or
``secondary``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wijkkompas.api.serializers import NamedChoiceField

from ..constants import AreaKind, PeriodKind


class AreaSignalQuerySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Which area and period (as the page's picker): a neighbourhood, district or team area
    the user may see (without one: the first the page offers); roles without case work see
    whole years only; the period is one of those the page offers (``start``, default
    today, is moved to the first day of its period)."""

    area_kind = NamedChoiceField(AreaKind.choices, component="SignalAreaKind", required=False)
    area_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    period = NamedChoiceField(
        PeriodKind.choices, component="SignalPeriod", required=False, default=PeriodKind.YEAR
    )
    start = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("area_kind" in attrs) != ("area_id" in attrs):
            raise serializers.ValidationError(
                {"area_id": [_("Give the kind of area and its id together.")]}
            )
        return attrs


class CellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    value = serializers.IntegerField(allow_null=True)
    display = serializers.CharField()
    hidden = serializers.CharField(allow_null=True)

    def to_representation(self, cell: Any) -> dict[str, Any]:
        return {
            "value": cell.value,
            "display": cell.display,
            "hidden": getattr(cell, "reason", None) if cell.is_hidden else None,
        }


class SignalRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    label: Any = serializers.CharField()
    count = CellSerializer(source="cell")
    previous = CellSerializer(allow_null=True)
    trend = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_trend(self, row: Any) -> str:
        return str(row.trend.direction)


class SignalTableSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.CharField()
    title = serializers.CharField()
    rows = SignalRowSerializer(many=True)
    total = CellSerializer(allow_null=True)
    total_label = serializers.CharField()
    explanation = serializers.CharField()


class AreaSignalsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """``area_kind`` and ``area_id`` are null (and the lists empty) for a user who has no
    area to pick, as the page then shows none."""

    area_kind = NamedChoiceField(AreaKind.choices, component="SignalAreaKind", allow_null=True)
    area_id = serializers.IntegerField(allow_null=True)
    period = NamedChoiceField(PeriodKind.choices, component="SignalPeriod")
    start = serializers.DateField()
    period_label = serializers.CharField()
    exact = serializers.BooleanField()
    has_data = serializers.BooleanField()
    explanation = serializers.CharField()
    collective_share = serializers.CharField()
    headline = SignalRowSerializer(many=True)
    tables = SignalTableSerializer(many=True)


class ThemeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A recurring term; its example sentence (de-identified) only for team roles."""

    label: Any = serializers.CharField()
    stem = serializers.CharField()
    count = CellSerializer()
    example = serializers.CharField()


class ThemesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    area_kind = NamedChoiceField(AreaKind.choices, component="SignalAreaKind", allow_null=True)
    area_id = serializers.IntegerField(allow_null=True)
    period = NamedChoiceField(PeriodKind.choices, component="SignalPeriod")
    start = serializers.DateField()
    exact = serializers.BooleanField()
    themes = ThemeSerializer(many=True)
