"""What the API reads of self-assessment rounds and assessments."""

from __future__ import annotations

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
