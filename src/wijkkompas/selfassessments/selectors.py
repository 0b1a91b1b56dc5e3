"""Reads of the self-assessment rounds: scoped through ``accounts.access``.

What each role sees:

* the policy officer: the assessments of their municipality and its teams; the team lead:
  those of their own teams; the researcher: the submitted assessments of municipalities
  that share their aggregates with the knowledge circle (``AccessPolicy.shared``);
* the comparison (:func:`comparison`) and the change between rounds (:func:`trend`) count
  the submitted assessments of municipalities (not teams) that share their aggregates,
  plus the viewer's own municipality. Only counts, means and medians are shown; which
  municipality gave which answer is shown only for municipalities that share, to the
  researcher (and the operator), and for the viewer's own municipality. A municipality
  that does not share is never counted in another municipality's comparison.

The answers are not personal data (they describe how a municipality organises its teams):
no read is logged. The dataclasses below are plain, so the factsheet and the
knowledge-circle pages can reuse them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from wijkkompas.accounts.access import get_in_scope, may_use, restrict, scope_q
from wijkkompas.accounts.constants import Action, Role

from .constants import SCALE, AssessmentStatus
from .models import MeasurementRound, Question, SelfAssessment, SelfAssessmentAnswer


def may_view(*, user: Any) -> bool:
    """Whether the role uses the self-assessment pages at all."""
    return may_use(user, SelfAssessment, Action.VIEW)


def may_fill_in(*, user: Any) -> bool:
    """Whether the role fills in assessments (policy officer, team lead)."""
    return may_use(user, SelfAssessment, Action.CHANGE) and not user.is_superuser


def _names_other_municipalities(user: Any) -> bool:
    """Whether the user may see which sharing municipality gave which answer."""
    return bool(user.is_superuser or user.role == Role.RESEARCHER)


# -- Rounds and questions ----------------------------------------------------------------


def round_list() -> list[MeasurementRound]:
    """Every measurement round, in order (rounds are the same for every municipality)."""
    return list(MeasurementRound.objects.select_related("questionnaire").order_by("order", "pk"))


def round_get(*, pk: Any) -> MeasurementRound:
    """One round, or 404."""
    try:
        return MeasurementRound.objects.select_related("questionnaire").get(pk=int(pk))
    except (MeasurementRound.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def latest_round() -> MeasurementRound | None:
    """The last round (the default of the comparison page)."""
    return (
        MeasurementRound.objects.select_related("questionnaire").order_by("-order", "-pk").first()
    )


def questions_of(*, measurement_round: MeasurementRound) -> list[Question]:
    return list(Question.objects.filter(questionnaire_id=measurement_round.questionnaire_id))


# -- Assessments ------------------------------------------------------------------------


def _visible(user: Any) -> QuerySet[SelfAssessment]:
    assessments = restrict(SelfAssessment.objects.all(), user, Action.VIEW)
    if not user.is_superuser and not may_use(user, SelfAssessment, Action.CHANGE):
        # Readers (the researcher) see submitted assessments only, never a draft.
        assessments = assessments.filter(status=AssessmentStatus.SUBMITTED)
    return assessments


def assessment_list(*, user: Any) -> QuerySet[SelfAssessment]:
    """The assessments the user may see, by round and municipality."""
    return (
        _visible(user)
        .select_related("round", "municipality", "team")
        .order_by("round__order", "municipality__name", "team__name", "pk")
    )


def assessment_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> SelfAssessment:
    """One assessment within the user's scope for ``action``, or 404."""
    base = _visible(user) if action == Action.VIEW else SelfAssessment.objects.all()
    return get_in_scope(
        base.select_related(
            "round", "round__questionnaire", "municipality", "team", "filled_in_by"
        ),
        user,
        action,
        request=request,
        pk=pk,
    )


def may_change(*, user: Any, assessment: SelfAssessment) -> bool:
    """Whether the user fills in this assessment (its status aside)."""
    from wijkkompas.accounts.access import can

    return can(user, Action.CHANGE, assessment)


@dataclass(frozen=True)
class AnswerRow:
    """One question of one assessment: both scores, the gap and the comment."""

    question: Question
    reality: int | None
    wish: int | None
    comment: str

    @property
    def gap(self) -> int | None:
        """Wish minus reality: how far (and to which pole) the municipality wants to move."""
        if self.reality is None or self.wish is None:
            return None
        return self.wish - self.reality


def answer_rows(*, assessment: SelfAssessment) -> list[AnswerRow]:
    """Every question of the assessment's round, with its answer (empty when not given)."""
    answers = {a.question_id: a for a in assessment.answers.all()}
    rows = []
    for question in questions_of(measurement_round=assessment.round):
        answer = answers.get(question.pk)
        rows.append(
            AnswerRow(
                question=question,
                reality=answer.reality if answer else None,
                wish=answer.wish if answer else None,
                comment=answer.comment if answer else "",
            )
        )
    return rows


def own_assessments(*, user: Any) -> dict[tuple[int, int | None], SelfAssessment]:
    """The assessments the user may fill in, by (round id, team id or None)."""
    if not may_fill_in(user=user):
        return {}
    rows = restrict(SelfAssessment.objects.all(), user, Action.CHANGE).select_related("team")
    return {(a.round_id, a.team_id): a for a in rows}


# -- The comparison across municipalities --------------------------------------------------


def _comparison_q(user: Any) -> Q:
    """Which submitted municipality assessments count for ``user``: their own scope plus
    the municipalities that share their aggregates."""
    if not may_view(user=user):
        return Q(pk__in=[])
    return scope_q(SelfAssessment, user, Action.VIEW) | Q(municipality__shares_aggregates=True)


def _answers_for(user: Any, round_ids: list[int]) -> list[dict[str, Any]]:
    """Answer rows (plain values) of the assessments in the comparison, in one query."""
    assessments = SelfAssessment.objects.filter(
        _comparison_q(user),
        round_id__in=round_ids,
        team__isnull=True,
        status=AssessmentStatus.SUBMITTED,
    )
    rows: Any = (
        SelfAssessmentAnswer.objects.filter(assessment__in=assessments.values("pk"))
        .order_by()
        .values(
            "question_id",
            "reality",
            "wish",
            "assessment__round_id",
            "assessment__municipality_id",
            "assessment__municipality__name",
            "assessment__municipality__shares_aggregates",
        )
    )
    return [dict(row) for row in rows]


@dataclass(frozen=True)
class Distribution:
    """How many municipalities chose each point of the scale for one question."""

    question: Question
    reality: tuple[int, ...]  # counts at points 1..5
    wish: tuple[int, ...]
    own_reality: int | None = None  # the viewer's municipality, when it answered
    own_wish: int | None = None

    @property
    def count(self) -> int:
        return sum(self.reality)

    @property
    def points(self) -> list[tuple[int, int, int]]:
        """(point, reality count, wish count) for the table."""
        return list(zip(SCALE, self.reality, self.wish, strict=True))

    @property
    def own_gap(self) -> int | None:
        if self.own_reality is None or self.own_wish is None:
            return None
        return self.own_wish - self.own_reality


@dataclass(frozen=True)
class NamedAnswers:
    """The answers of one municipality the viewer may name (it shares, or it is theirs)."""

    municipality_id: int
    name: str
    own: bool
    #: question id -> (reality, wish)
    answers: dict[int, tuple[int | None, int | None]]
    #: (reality, wish) per question, in the order of the questions
    cells: list[tuple[int | None, int | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    """The comparison of one round (appendix 1's schema): per question the distribution
    of the municipalities over the five points, as it is and as they want it."""

    round: MeasurementRound
    questions: list[Question]
    distributions: list[Distribution]
    municipalities: int  # how many municipalities are counted
    own_included: bool  # the viewer's municipality is among them
    named: list[NamedAnswers] = field(default_factory=list)


def comparison(*, user: Any, measurement_round: MeasurementRound) -> Comparison:
    """The comparison across municipalities in one round, as ``user`` may see it.

    Two queries whatever the number of municipalities (questions, answers).
    """
    questions = questions_of(measurement_round=measurement_round)
    rows = _answers_for(user, [measurement_round.pk])
    own_id = getattr(user, "municipality_id", None)
    name_others = _names_other_municipalities(user)
    reality: dict[int, list[int]] = defaultdict(lambda: [0] * len(SCALE))
    wish: dict[int, list[int]] = defaultdict(lambda: [0] * len(SCALE))
    own: dict[int, tuple[int | None, int | None]] = {}
    named: dict[int, tuple[str, bool, dict[int, tuple[int | None, int | None]]]] = {}
    municipalities: set[int] = set()
    for row in rows:
        municipality_id = row["assessment__municipality_id"]
        municipalities.add(municipality_id)
        question_id = row["question_id"]
        if row["reality"] is not None:
            reality[question_id][row["reality"] - 1] += 1
        if row["wish"] is not None:
            wish[question_id][row["wish"] - 1] += 1
        is_own = municipality_id == own_id
        if is_own:
            own[question_id] = (row["reality"], row["wish"])
        if is_own or (name_others and row["assessment__municipality__shares_aggregates"]):
            _name, _own, answers = named.setdefault(
                municipality_id, (row["assessment__municipality__name"], is_own, {})
            )
            answers[question_id] = (row["reality"], row["wish"])
    distributions = [
        Distribution(
            question=q,
            reality=tuple(reality[q.pk]),
            wish=tuple(wish[q.pk]),
            own_reality=own.get(q.pk, (None, None))[0],
            own_wish=own.get(q.pk, (None, None))[1],
        )
        for q in questions
    ]
    return Comparison(
        round=measurement_round,
        questions=questions,
        distributions=distributions,
        municipalities=len(municipalities),
        own_included=own_id in municipalities,
        named=sorted(
            (
                NamedAnswers(
                    municipality_id=municipality_id,
                    name=name,
                    own=is_own,
                    answers=answers,
                    cells=[answers.get(q.pk, (None, None)) for q in questions],
                )
                for municipality_id, (name, is_own, answers) in named.items()
            ),
            key=lambda n: (not n.own, n.name),
        ),
    )


# -- Change between rounds ---------------------------------------------------------------


@dataclass(frozen=True)
class TrendCell:
    """One question in one round: the municipalities counted, the mean and median of
    their reality and wish, and the viewer's own scores."""

    round: MeasurementRound
    count: int
    mean_reality: float | None
    median_reality: float | None
    mean_wish: float | None
    median_wish: float | None
    own_reality: int | None = None
    own_wish: int | None = None


@dataclass(frozen=True)
class TrendRow:
    question: Question
    cells: list[TrendCell]


def _mean(values: list[int]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def trend(*, user: Any, rounds: list[MeasurementRound] | None = None) -> list[TrendRow]:
    """Per question, per round (of the same questionnaire as the last round): the mean and
    median reality and wish of the municipalities in the comparison, and the viewer's own.
    Three queries whatever the number of rounds and municipalities."""
    if rounds is None:
        rounds = round_list()
    if not rounds:
        return []
    questionnaire_id = rounds[-1].questionnaire_id
    rounds = [r for r in rounds if r.questionnaire_id == questionnaire_id]
    questions = list(Question.objects.filter(questionnaire_id=questionnaire_id))
    own_id = getattr(user, "municipality_id", None)
    reality: dict[tuple[int, int], list[int]] = defaultdict(list)
    wish: dict[tuple[int, int], list[int]] = defaultdict(list)
    own: dict[tuple[int, int], tuple[int | None, int | None]] = {}
    municipalities: dict[int, set[int]] = defaultdict(set)
    for row in _answers_for(user, [r.pk for r in rounds]):
        key = (row["question_id"], row["assessment__round_id"])
        municipalities[row["assessment__round_id"]].add(row["assessment__municipality_id"])
        if row["reality"] is not None:
            reality[key].append(row["reality"])
        if row["wish"] is not None:
            wish[key].append(row["wish"])
        if row["assessment__municipality_id"] == own_id:
            own[key] = (row["reality"], row["wish"])
    return [
        TrendRow(
            question=q,
            cells=[
                TrendCell(
                    round=r,
                    count=len(municipalities[r.pk]),
                    mean_reality=_mean(reality[(q.pk, r.pk)]),
                    median_reality=_median(reality[(q.pk, r.pk)]),
                    mean_wish=_mean(wish[(q.pk, r.pk)]),
                    median_wish=_median(wish[(q.pk, r.pk)]),
                    own_reality=own.get((q.pk, r.pk), (None, None))[0],
                    own_wish=own.get((q.pk, r.pk), (None, None))[1],
                )
                for r in rounds
            ],
        )
        for q in questions
    ]


def submissions(*, user: Any, rounds: list[MeasurementRound]) -> dict[int, set[int]]:
    """Municipality id -> ids of the rounds in which it submitted its self-assessment,
    for the municipalities in the user's comparison (one query). The caller names only
    those the user may name (see :func:`comparison`)."""
    result: dict[int, set[int]] = defaultdict(set)
    if not rounds:
        return result
    rows = (
        SelfAssessment.objects.filter(
            _comparison_q(user),
            round_id__in=[r.pk for r in rounds],
            team__isnull=True,
            status=AssessmentStatus.SUBMITTED,
        )
        .order_by()
        .values_list("municipality_id", "round_id")
    )
    for municipality_id, round_id in rows:
        result[municipality_id].add(round_id)
    return result
