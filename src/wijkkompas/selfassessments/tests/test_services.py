"""Writes of the self-assessment rounds: permission, validation, atomicity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.selfassessments import services
from wijkkompas.selfassessments.constants import AssessmentStatus
from wijkkompas.selfassessments.models import (
    MeasurementRound,
    Question,
    SelfAssessment,
    SelfAssessmentAnswer,
)

pytestmark = pytest.mark.django_db


def _all(reality: Any = 2, wish: Any = 4, comment: str = "") -> dict[str, dict[str, Any]]:
    return {
        code: {"reality": reality, "wish": wish, "comment": comment}
        for code in Question.objects.values_list("code", flat=True)
    }


def test_the_eleven_questions_are_shipped() -> None:
    questions = list(Question.objects.order_by("order"))
    assert len(questions) == 11
    assert questions[0].left_pole == "gemeente" and questions[0].right_pole == "hoofdaannemers"
    assert questions[-1].text == "Handelingsbevoegdheid van professionals"


def test_only_the_operator_adds_rounds(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.round_create(
            user=world.user(Role.ADMIN), name="Tweemeting", held_on=dt.date(2028, 1, 1)
        )
    created = services.round_create(
        user=world.user("operator"), name=" Tweemeting 2028 ", held_on=dt.date(2028, 1, 1)
    )
    assert created.name == "Tweemeting 2028" and created.order == 3
    with pytest.raises(ApplicationError):
        services.round_create(
            user=world.user("operator"), name="tweemeting 2028", held_on=dt.date(2028, 1, 1)
        )
    assert MeasurementRound.objects.count() == 3


def test_policy_officer_fills_in_and_submits(world: Any) -> None:
    officer = world.user(Role.POLICY_OFFICER)
    assessment = services.assessment_start(user=officer, measurement_round=world.nulmeting)
    assert assessment.municipality == world.gm and assessment.team is None
    assert services.assessment_start(user=officer, measurement_round=world.nulmeting) == assessment
    services.assessment_save(
        user=officer,
        assessment=assessment,
        answers={"inrichting": {"reality": "2", "wish": "", "comment": " Samen "}},
    )
    answer = SelfAssessmentAnswer.objects.get(assessment=assessment)
    assert (answer.reality, answer.wish, answer.comment) == (2, None, "Samen")
    services.assessment_submit(user=officer, assessment=assessment, answers=_all())
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == officer and assessment.submitted_at is not None
    with pytest.raises(ApplicationError):
        services.assessment_save(user=officer, assessment=assessment, answers=_all(3, 3))
    assert set(assessment.answers.values_list("reality", flat=True)) == {2}
    services.assessment_reopen(user=officer, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and assessment.submitted_at is None


def test_submit_needs_every_answer_and_changes_nothing_otherwise(world: Any) -> None:
    officer = world.user(Role.POLICY_OFFICER)
    assessment = services.assessment_start(user=officer, measurement_round=world.nulmeting)
    answers = _all()
    answers["basiszorg"]["wish"] = ""
    with pytest.raises(ApplicationError, match="1 question is not complete"):
        services.assessment_submit(user=officer, assessment=assessment, answers=answers)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert not assessment.answers.exists()  # the answers of the refused submit are not kept


@pytest.mark.parametrize("bad", [0, 6, "drie", "2.5", True, -1])
def test_scores_are_whole_numbers_from_1_to_5(bad: Any, world: Any) -> None:
    officer = world.user(Role.POLICY_OFFICER)
    assessment = services.assessment_start(user=officer, measurement_round=world.nulmeting)
    answers = _all()
    answers["regie-burger"]["reality"] = bad
    with pytest.raises(ApplicationError, match="from 1 to 5") as refused:
        services.assessment_save(user=officer, assessment=assessment, answers=answers)
    assert refused.value.field == "regie-burger-reality"
    assert not assessment.answers.exists()


def test_unknown_question_and_long_comment_are_refused(world: Any) -> None:
    officer = world.user(Role.POLICY_OFFICER)
    assessment = services.assessment_start(user=officer, measurement_round=world.nulmeting)
    with pytest.raises(ApplicationError):
        services.assessment_save(
            user=officer, assessment=assessment, answers={"onbekend": {"reality": 1}}
        )
    with pytest.raises(ApplicationError, match="too long"):
        services.assessment_save(
            user=officer, assessment=assessment, answers=_all(comment="x" * 2001)
        )
    assert not assessment.answers.exists()


def test_closed_round_takes_no_answers(world: Any) -> None:
    officer = world.user(Role.POLICY_OFFICER)
    assessment = services.assessment_start(user=officer, measurement_round=world.nulmeting)
    services.round_set_open(
        user=world.user("operator"), measurement_round=world.nulmeting, open=False
    )
    assessment.round.refresh_from_db()
    with pytest.raises(ApplicationError, match="closed"):
        services.assessment_save(user=officer, assessment=assessment, answers=_all())
    services.round_set_open(
        user=world.user("operator"), measurement_round=world.eenmeting, open=False
    )
    with pytest.raises(ApplicationError, match="closed"):
        services.assessment_start(user=officer, measurement_round=world.eenmeting)
    assert not SelfAssessment.objects.filter(round=world.eenmeting).exists()


def test_team_lead_fills_in_only_their_own_team(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    own = services.assessment_start(user=lead, measurement_round=world.nulmeting, team=world.team)
    assert own.team == world.team
    with pytest.raises(PermissionDenied):
        services.assessment_start(user=lead, measurement_round=world.nulmeting)
    with pytest.raises(PermissionDenied):
        services.assessment_start(
            user=lead, measurement_round=world.nulmeting, team=world.other_team
        )
    # The policy officer may fill in any team of the municipality, and sees the team's.
    officer = world.user(Role.POLICY_OFFICER)
    services.assessment_save(user=officer, assessment=own, answers=_all())
    other = services.assessment_start(
        user=officer, measurement_round=world.nulmeting, team=world.other_team
    )
    with pytest.raises(Http404):
        services.assessment_save(user=lead, assessment=other, answers=_all())


@pytest.mark.parametrize(
    "role",
    [Role.PROFESSIONAL, Role.COORDINATOR, Role.RESEARCHER, Role.ADMIN, Role.RESIDENT],
)
def test_other_roles_fill_in_nothing(role: str, world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.assessment_start(user=world.user(role), measurement_round=world.nulmeting)
    assessment = services.assessment_start(
        user=world.user(Role.POLICY_OFFICER), measurement_round=world.nulmeting
    )
    with pytest.raises((PermissionDenied, Http404)):
        services.assessment_save(user=world.user(role), assessment=assessment, answers=_all())
    assert not assessment.answers.exists()


def test_another_municipality_cannot_touch_it(world: Any) -> None:
    assessment = services.assessment_start(
        user=world.user(Role.POLICY_OFFICER), measurement_round=world.nulmeting
    )
    services.assessment_submit(
        user=world.user(Role.POLICY_OFFICER), assessment=assessment, answers=_all()
    )
    with pytest.raises(Http404):
        services.assessment_reopen(user=world.user("private_officer"), assessment=assessment)
    assert SelfAssessment.objects.get().status == AssessmentStatus.SUBMITTED
