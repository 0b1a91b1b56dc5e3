"""What the API reads of self-assessment rounds and assessments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..constants import AssessmentStatus
from ..models import MeasurementRound, Question, SelfAssessment, SelfAssessmentAnswer


class QuestionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Question
        fields = ["id", "code", "order", "text", "left_pole", "right_pole"]
        read_only_fields = fields


class MeasurementRoundSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A round (the same for every municipality) with its questionnaire's questions."""

    questionnaire = serializers.CharField(source="questionnaire.code", read_only=True)
    questions = QuestionSerializer(source="questionnaire.questions", many=True, read_only=True)

    class Meta:
        model = MeasurementRound
        fields = ["id", "name", "held_on", "order", "open", "questionnaire", "questions"]
        read_only_fields = fields


class AnswerSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Reality and wish on the scale 1–5 (null in a draft), the gap and the comment."""

    question_code = serializers.CharField(source="question.code", read_only=True)

    class Meta:
        model = SelfAssessmentAnswer
        fields = ["question", "question_code", "reality", "wish", "comment"]
        read_only_fields = fields


class SelfAssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An assessment of a municipality (team null) or of one of its teams in one round,
    as the detail page shows it to the user."""

    assessment_status = serializers.ChoiceField(source="status", choices=AssessmentStatus.choices)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "round",
            "municipality",
            "team",
            "assessment_status",
            "submitted_at",
            "answers",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DistributionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One question: how many municipalities chose each point 1–5, as it is and as they
    want it, and the viewer's own municipality's scores (null when it did not answer)."""

    question = serializers.IntegerField(source="question.pk")
    question_code = serializers.CharField(source="question.code")
    reality = serializers.ListField(child=serializers.IntegerField())
    wish = serializers.ListField(child=serializers.IntegerField())
    own_reality = serializers.IntegerField(allow_null=True)
    own_wish = serializers.IntegerField(allow_null=True)


class NamedAnswerSerializer(serializers.Serializer):  # type: ignore[type-arg]
    question = serializers.IntegerField()
    reality = serializers.IntegerField(allow_null=True)
    wish = serializers.IntegerField(allow_null=True)


class NamedAnswersSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The answers of a municipality the viewer may name (their own; for researchers the
    municipalities that share)."""

    municipality = serializers.IntegerField(source="municipality_id")
    name = serializers.CharField()
    own = serializers.BooleanField()
    answers = serializers.SerializerMethodField()

    @extend_schema_field(NamedAnswerSerializer(many=True))
    def get_answers(self, named: Any) -> list[dict[str, Any]]:
        return [
            {"question": question, "reality": reality, "wish": wish}
            for question, (reality, wish) in named.answers.items()
        ]


class ComparisonSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The comparison page of one round, as the user may see it."""

    round = serializers.IntegerField(source="round.pk")
    municipalities = serializers.IntegerField()
    own_included = serializers.BooleanField()
    distributions = DistributionSerializer(many=True)
    named = NamedAnswersSerializer(many=True)


_ID = 2**63 - 1


class AssessmentStartSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Start (or find) the assessment of the user's municipality — or of one of their
    teams — in an open round."""

    round = serializers.IntegerField(min_value=1, max_value=_ID)
    team = serializers.IntegerField(min_value=1, max_value=_ID, required=False, allow_null=True)


class AnswerInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    question_code = serializers.CharField(max_length=50)
    reality = serializers.IntegerField(min_value=1, max_value=5, allow_null=True, required=False)
    wish = serializers.IntegerField(min_value=1, max_value=5, allow_null=True, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AssessmentAnswersSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Answers of a draft (questions left out keep their answer); ``submit`` submits it,
    which needs both scores for every question."""

    answers = AnswerInputSerializer(many=True, required=False, max_length=100)  # type: ignore[call-arg]
    submit = serializers.BooleanField(required=False, default=False)

    def validate_answers(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codes = [answer["question_code"] for answer in value]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Answer every question once."))
        return value
