"""What the API reads and writes of time for the collective."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..constants import NOTE_MAX
from ..models import TimeSplit
from ..weeks import parse_week, week_key


class TimeSplitSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """One member's week: four whole percentages that add up to 100."""

    week_key = serializers.CharField(read_only=True, help_text='The ISO week, e.g. "2026-W48".')

    class Meta:
        model = TimeSplit
        fields = [
            "id",
            "team",
            "user",
            "week",
            "week_key",
            "casework",
            "collective",
            "network",
            "overhead",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_field(
    {"type": "string", "example": "2026-W48", "description": "An ISO week or a date in it."}
)
class WeekField(serializers.Field):  # type: ignore[type-arg]
    """An ISO week ("2026-W48") or a date in it; read as the week's Monday."""

    default_error_messages = {
        "invalid": _('Give the week as "2026-W48" or as a date in that week.'),
    }

    def to_internal_value(self, data: Any) -> Any:
        monday = parse_week(data) if isinstance(data, str) and len(data) <= 20 else None
        if monday is None:
            self.fail("invalid")
        return monday

    def to_representation(self, value: Any) -> Any:
        return week_key(value)


class TimeSplitInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a member sends to record (or replace) their own week in one of their teams."""

    team = serializers.IntegerField(min_value=1)
    week = WeekField()
    casework = serializers.IntegerField(min_value=0, max_value=100)
    collective = serializers.IntegerField(min_value=0, max_value=100)
    network = serializers.IntegerField(min_value=0, max_value=100)
    overhead = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True)


class SplitShareSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.CharField()
    name = serializers.CharField()
    share = serializers.FloatField(allow_null=True, help_text="Percent; null when hidden.")
    display = serializers.CharField()


class TeamSplitRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The team's split in one week (or month), as the team's time page shows it."""

    start = serializers.DateField()
    name = serializers.CharField(help_text="The week or month, as the page names it.")
    respondents = serializers.IntegerField(allow_null=True)
    respondents_display = serializers.CharField()
    response_rate = serializers.FloatField(allow_null=True)
    collective_share = serializers.FloatField(allow_null=True)
    shares = SplitShareSerializer(many=True)


class TeamSplitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    team = serializers.IntegerField()
    by = serializers.CharField()
    members = serializers.IntegerField(allow_null=True)
    collective_target = serializers.IntegerField(allow_null=True)
    total = TeamSplitRowSerializer()
    results = TeamSplitRowSerializer(many=True)


def row_data(row: Any) -> dict[str, Any]:
    return {
        "start": row.start,
        "name": row.label,
        "respondents": row.respondents.value,
        "respondents_display": row.respondents.display,
        "response_rate": row.response_rate.value,
        "collective_share": row.collective.value,
        "shares": [
            {"kind": kind, "name": str(label), "share": share.value, "display": share.display}
            for kind, label, share in row.shares
        ],
    }
