"""Factories and helpers of the self-assessment tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from wijkkompas.selfassessments.constants import KENNISKRING_QUESTIONNAIRE, AssessmentStatus
from wijkkompas.selfassessments.models import (
    MeasurementRound,
    Question,
    Questionnaire,
    SelfAssessment,
    SelfAssessmentAnswer,
)


def kenniskring() -> Questionnaire:
    """The questionnaire shipped by the data migration."""
    return Questionnaire.objects.get(code=KENNISKRING_QUESTIONNAIRE)


class MeasurementRoundFactory(factory.django.DjangoModelFactory[MeasurementRound]):
    class Meta:
        model = MeasurementRound

    questionnaire = factory.LazyFunction(kenniskring)
    name = factory.Sequence(lambda n: f"Meting {n}")
    held_on = dt.date(2026, 3, 1)
    order = factory.Sequence(lambda n: n + 1)


def submitted(
    *, measurement_round: MeasurementRound, municipality: Any, scores: Any, team: Any = None
) -> SelfAssessment:
    """A submitted assessment; ``scores``: (reality, wish) for every question in order,
    or one pair for all of them."""
    assessment = SelfAssessment.objects.create(
        round=measurement_round,
        municipality=municipality,
        team=team,
        status=AssessmentStatus.SUBMITTED,
    )
    questions = list(Question.objects.filter(questionnaire=measurement_round.questionnaire))
    if isinstance(scores, tuple):
        scores = [scores] * len(questions)
    SelfAssessmentAnswer.objects.bulk_create(
        SelfAssessmentAnswer(assessment=assessment, question=q, reality=r, wish=w, comment="")
        for q, (r, w) in zip(questions, scores, strict=True)
    )
    return assessment
