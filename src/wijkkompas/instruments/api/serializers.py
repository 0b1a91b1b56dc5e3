"""What the API reads of the instruments (reference data: versions with their domains and
levels, never the licensed criterion texts) and of the assessments (scores per domain)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..constants import MAX_DOMAINS, MAX_LEVEL_VALUE, InstrumentKind
from ..models import (
    Assessment,
    AssessmentScore,
    Instrument,
    InstrumentDomain,
    InstrumentLevel,
    InstrumentVersion,
)

_ID: dict[str, Any] = {"min_value": 1, "max_value": 2**63 - 1}


class InstrumentDomainSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = InstrumentDomain
        fields = ["id", "position", "code", "name"]
        read_only_fields = fields


class InstrumentLevelSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = InstrumentLevel
        fields = ["value", "name"]
        read_only_fields = fields


class InstrumentVersionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    domains = InstrumentDomainSerializer(many=True, read_only=True)
    levels = InstrumentLevelSerializer(many=True, read_only=True)

    class Meta:
        model = InstrumentVersion
        fields = ["id", "label", "is_active", "scoring_note", "domains", "levels", "created_at"]
        read_only_fields = fields


class InstrumentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An instrument (``municipality`` null: shipped with Wijkkompas) with its versions."""

    instrument_kind = serializers.ChoiceField(InstrumentKind.choices, source="kind", read_only=True)
    versions = InstrumentVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "municipality",
            "code",
            "name",
            "instrument_kind",
            "description",
            "source",
            "versions",
        ]
        read_only_fields = fields


class AssessmentScoreSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    domain_code = serializers.CharField(source="domain.code", read_only=True)

    class Meta:
        model = AssessmentScore
        fields = ["domain", "domain_code", "value"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An assessment: the resident and the instrument version by id, the score per domain."""

    instrument = serializers.IntegerField(source="version.instrument_id", read_only=True)
    scores = AssessmentScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "resident",
            "instrument",
            "version",
            "conversation",
            "review",
            "assessed_on",
            "assessed_by",
            "scores",
            "created_at",
        ]
        read_only_fields = fields


class AssessmentScoreInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    domain_code = serializers.SlugField(max_length=40)
    value = serializers.IntegerField(min_value=0, max_value=MAX_LEVEL_VALUE)


class AssessmentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What a system sends to record scores, as the scoring on the conversation form: the
    resident, the version in use, the date and a level per domain (by domain code); at a
    conversation or a review of the resident's household (at most one). The services check
    consent, the version, the domains and the levels."""

    resident = serializers.IntegerField(**_ID)
    version = serializers.IntegerField(**_ID)
    conversation = serializers.IntegerField(**_ID, required=False, allow_null=True)
    review = serializers.IntegerField(**_ID, required=False, allow_null=True)
    assessed_on = serializers.DateField()
    scores = AssessmentScoreInputSerializer(many=True, max_length=MAX_DOMAINS, min_length=1)  # type: ignore[call-arg]

    def validate_scores(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codes = [score["domain_code"] for score in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Give each domain one score."))
        return value
