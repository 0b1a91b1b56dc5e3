"""What the API shows of indicators (the same figures as the dashboards) and stories."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..catalogue import Period, definitions
from ..constants import (
    STORY_MAX_LENGTH,
    AuthorKind,
    Lens,
    PeriodKind,
    StoryStatus,
    Unit,
    Visibility,
)
from ..models import Story
from ..selectors import parse_period


def _id() -> serializers.IntegerField:
    """An optional id: a positive integer that fits the database."""
    return serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


# --- indicators -----------------------------------------------------------------------------


#: The years a period may start in.
_FIRST_YEAR, _LAST_YEAR = 1900, 2999


def _period(value: str) -> Period | None:
    """The period of a key ("year:2026-01-01"), None for none, else a Dutch 400."""
    if not value:
        return None
    period = parse_period(value)
    if period is not None and not (_FIRST_YEAR <= period.start.year <= _LAST_YEAR):
        period = None  # far outside the data, and beyond the calendar's edges
    if period is None:
        raise serializers.ValidationError(
            _('Give a period as "<kind>:<first day>", e.g. "year:2026-01-01".')
        )
    return period


class IndicatorQuerySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The scope and period of a request: a municipality (optionally narrowed to a district
    or a neighbourhood) or a team, and a period key (default: the current year)."""

    municipality = _id()
    team = _id()
    district = _id()
    neighbourhood = _id()
    period = serializers.CharField(required=False, max_length=40)

    def validate_period(self, value: str) -> Period | None:
        return _period(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        narrowed = [k for k in ("team", "district", "neighbourhood") if attrs.get(k)]
        if len(narrowed) > 1:
            raise serializers.ValidationError(
                _("Narrow the scope to at most one of team, district and neighbourhood.")
            )
        if not attrs.get("team") and not attrs.get("municipality"):
            raise serializers.ValidationError(
                {"municipality": [_("Give a municipality or a team.")]}
            )
        return attrs


class ResultCellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One figure: ``display`` is what the dashboard shows ("<10" for a hidden count),
    ``value`` the number (null when hidden or not applicable)."""

    value = serializers.SerializerMethodField()
    display = serializers.CharField()
    hidden = serializers.BooleanField(source="is_hidden")

    @extend_schema_field({"type": "number", "nullable": True})
    def get_value(self, cell: Any) -> Any:
        return None if cell.is_hidden else cell.value


class ResultRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    label = serializers.CharField()  # type: ignore[assignment]
    cells = ResultCellSerializer(many=True)


class ScopeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    municipality = serializers.IntegerField(source="municipality_id")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    district = serializers.IntegerField(source="district_id", allow_null=True)
    neighbourhood = serializers.IntegerField(source="neighbourhood_id", allow_null=True)


class PeriodSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    period_kind = serializers.ChoiceField(source="kind", choices=PeriodKind.choices)
    start = serializers.DateField()
    end = serializers.DateField(help_text="The first day after the period.")


class IndicatorResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One indicator of one scope and period, exactly as the dashboard shows it to the
    user: exact for team roles, suppressed for every other role."""

    code = serializers.CharField()
    name = serializers.CharField(source="definition.name")
    lens = serializers.ChoiceField(choices=Lens.choices)
    unit = serializers.ChoiceField(source="definition.unit", choices=Unit.choices)
    scope = ScopeSerializer()
    period = PeriodSerializer()
    suppressed = serializers.BooleanField()
    explanation = serializers.CharField()
    headline = ResultCellSerializer()
    columns = serializers.SerializerMethodField()
    rows = ResultRowSerializer(many=True)
    total = ResultRowSerializer(allow_null=True)
    stories = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_columns(self, result: Any) -> list[str]:
        return [str(c) for c in result.columns]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_stories(self, result: Any) -> list[int]:
        """The ids of the stories the user may see with this figure (/api/v1/stories/)."""
        return [story.pk for story in result.stories]


class IndicatorListSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField()
    results = IndicatorResultSerializer(many=True)


# --- stories --------------------------------------------------------------------------------


class IndicatorStorySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A story as read. The photo is not in the JSON: ``photo_url`` is the page that sends
    it to those who may see the story."""

    photo_url = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()
    story_status = serializers.ChoiceField(source="status", choices=StoryStatus.choices)

    class Meta:
        model = Story
        fields = [
            "id",
            "municipality",
            "team",
            "district",
            "neighbourhood",
            "indicator",
            "period",
            "author_kind",
            "title",
            "narrative",
            "photo_url",
            "photo_alt",
            "names_people",
            "consent_given",
            "visibility",
            "is_public",
            "story_status",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PeriodSerializer(allow_null=True))
    def get_period(self, story: Story) -> Any:
        """The period the story belongs to, or null: every period."""
        if not story.period_kind or story.period_start is None:
            return None
        try:
            return PeriodSerializer(Period(story.period_kind, story.period_start)).data
        except ValueError:
            return None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_photo_url(self, story: Story) -> str | None:
        if not story.photo:
            return None
        url = reverse("indicators:story_photo", args=[story.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


def _codes() -> list[tuple[str, str]]:
    return [(d.code, str(d.name)) for d in definitions()]


class IndicatorStoryInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to add a story to a figure: the scope (a municipality or a
    team), the indicator, optionally the period; no photo (add it on the page)."""

    municipality = _id()
    team = _id()
    indicator = serializers.ChoiceField(choices=[])
    period = serializers.CharField(required=False, allow_blank=True, max_length=40)
    narrative = serializers.CharField(max_length=STORY_MAX_LENGTH)
    title = serializers.CharField(required=False, allow_blank=True, max_length=120)
    author_kind = serializers.ChoiceField(
        choices=AuthorKind.choices, required=False, default=AuthorKind.PROFESSIONAL
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    names_people = serializers.BooleanField(required=False, default=False)
    consent_given = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = _codes()  # type: ignore[attr-defined]

    def validate_period(self, value: str) -> Period | None:
        return _period(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("team") and attrs.get("municipality"):
            raise serializers.ValidationError(_("Give a municipality or a team, not both."))
        return attrs


__all__ = [
    "IndicatorListSerializer",
    "IndicatorQuerySerializer",
    "IndicatorResultSerializer",
    "IndicatorStoryInputSerializer",
    "IndicatorStorySerializer",
]


class IndicatorStoryChangeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to change a story (its author, the team lead, the functional
    administrator): the text, whose story, consent, visibility, the photo's description."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=120)
    narrative = serializers.CharField(required=False, max_length=STORY_MAX_LENGTH)
    author_kind = serializers.ChoiceField(choices=AuthorKind.choices, required=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    names_people = serializers.BooleanField(required=False)
    consent_given = serializers.BooleanField(required=False)
    photo_alt = serializers.CharField(required=False, allow_blank=True, max_length=200)
