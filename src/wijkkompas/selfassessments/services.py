"""Writes of the self-assessment rounds (zelfevaluatie).

Rules (with the message the user sees):

* only the operator of the platform (a superuser) adds measurement rounds and opens or
  closes them: the rounds are the same for every municipality, so they can be compared;
* the policy officer fills in the assessment of their municipality (and may fill in that
  of any of its teams); the team lead fills in the assessment of their own teams;
* one assessment per municipality (or team) per round; answers only while the round is
  open;
* every score is a whole number from 1 to 5 (or empty in a draft); a submitted assessment
  has both scores for every question and can no longer be changed, until the same roles
  reopen it (while the round is open).

Every function checks permission, validates fully and runs in one transaction: a refusal
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.access import team_ids
from wijkkompas.accounts.constants import Action
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import (
    ASSESSMENT_ROLES,
    ASSESSMENT_TEAM_ROLES,
    KENNISKRING_QUESTIONNAIRE,
    SCALE,
    AssessmentStatus,
    Side,
)
from .models import MeasurementRound, Question, Questionnaire, SelfAssessment, SelfAssessmentAnswer

#: Longest comment per answer.
COMMENT_MAX = 2000


def _operator_only(user: Any) -> None:
    if not getattr(user, "is_superuser", False):
        raise PermissionDenied


@transaction.atomic
def round_create(
    *,
    user: Any,
    name: str,
    held_on: dt.date,
    questionnaire: Questionnaire | None = None,
    order: int | None = None,
    open: bool = True,  # noqa: A002 - the field's name
) -> MeasurementRound:
    """Add a measurement round (operator only); by default after the last round."""
    _operator_only(user)
    if questionnaire is None:
        questionnaire = Questionnaire.objects.get(code=KENNISKRING_QUESTIONNAIRE)
    name = (name or "").strip()
    if MeasurementRound.objects.filter(name__iexact=name).exists():
        raise ApplicationError(_("There is already a round with this name."), field="name")
    if order is None:
        order = (MeasurementRound.objects.aggregate(last=Max("order"))["last"] or 0) + 1
    measurement_round = MeasurementRound(
        questionnaire=questionnaire, name=name, held_on=held_on, order=order, open=open
    )
    _full_clean(measurement_round)
    measurement_round.save()
    return measurement_round


@transaction.atomic
def round_set_open(*, user: Any, measurement_round: MeasurementRound, open: bool) -> None:  # noqa: A002
    """Open or close a round for answers (operator only)."""
    _operator_only(user)
    measurement_round.open = open
    measurement_round.save(update_fields=["open"])


def _check_open(measurement_round: MeasurementRound) -> None:
    if not measurement_round.open:
        raise ApplicationError(_("This round is closed: answers can no longer be changed."))


def may_start(*, user: Any, team: Any = None) -> bool:
    """Whether ``user`` may start the assessment of their municipality (``team`` None) or of
    ``team``."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return False
    if team is None:
        return user.role in ASSESSMENT_ROLES
    if team.municipality_id != user.municipality_id:
        return False
    if user.role in ASSESSMENT_ROLES:
        return True
    return user.role in ASSESSMENT_TEAM_ROLES and team.pk in team_ids(user)


@transaction.atomic
def assessment_start(
    *, user: Any, measurement_round: MeasurementRound, team: Any = None
) -> SelfAssessment:
    """The assessment of the user's municipality (or of ``team``) in the round: the one
    that exists, or a new draft."""
    if not may_start(user=user, team=team):
        raise PermissionDenied
    existing = SelfAssessment.objects.filter(
        round=measurement_round, municipality_id=user.municipality_id, team=team
    ).first()
    if existing is not None:
        return existing
    _check_open(measurement_round)
    assessment = SelfAssessment(
        round=measurement_round,
        municipality_id=user.municipality_id,
        team=team,
        filled_in_by=user,
    )
    _full_clean(assessment, exclude=["round", "municipality", "team", "filled_in_by"])
    assessment.save()
    return assessment


def _score(value: Any, *, side: Side, question: Question) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or str(value).strip() not in {str(s) for s in SCALE}:
        raise ApplicationError(
            _('"%(side)s" of question %(number)s must be a whole number from 1 to 5.')
            % {"side": side.label, "number": question.order},
            field=f"{question.code}-{side.value}",
        )
    return int(str(value).strip())


def _store(
    *, assessment: SelfAssessment, answers: Mapping[str, Mapping[str, Any]]
) -> list[SelfAssessmentAnswer]:
    questions = {q.code: q for q in assessment.round.questionnaire.questions.all()}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ApplicationError(_("The answers name a question that is not in this round."))
    existing = {a.question_id: a for a in assessment.answers.all()}
    stored = []
    changed = []
    for code, question in questions.items():
        given = answers.get(code)
        if given is None:
            if question.pk in existing:
                stored.append(existing[question.pk])
            continue
        unknown_keys = set(given) - {"reality", "wish", "comment"}
        if unknown_keys:
            raise TypeError(f"unknown answer fields: {sorted(unknown_keys)}")
        comment = str(given.get("comment") or "").strip()
        if len(comment) > COMMENT_MAX:
            raise ApplicationError(
                _("The comment on question %(number)s is too long (at most %(max)s characters).")
                % {"number": question.order, "max": COMMENT_MAX},
                field=f"{code}-comment",
            )
        answer = existing.get(question.pk) or SelfAssessmentAnswer(
            assessment=assessment, question=question
        )
        answer.reality = _score(given.get("reality"), side=Side.REALITY, question=question)
        answer.wish = _score(given.get("wish"), side=Side.WISH, question=question)
        answer.comment = comment
        stored.append(answer)
        changed.append(answer)
    for answer in changed:
        answer.save()
    return stored


def _check_changeable(user: Any, assessment: SelfAssessment) -> None:
    _require(user, Action.CHANGE, assessment)
    if assessment.submitted:
        raise ApplicationError(
            _("This self-assessment has been submitted: reopen it before you change it.")
        )
    _check_open(assessment.round)


@transaction.atomic
def assessment_save(
    *, user: Any, assessment: SelfAssessment, answers: Mapping[str, Mapping[str, Any]]
) -> SelfAssessment:
    """Save answers of a draft (``{question code: {"reality", "wish", "comment"}}``);
    scores may stay empty. Questions left out keep their answer."""
    _check_changeable(user, assessment)
    _store(assessment=assessment, answers=answers)
    assessment.filled_in_by = user
    assessment.save(update_fields=["filled_in_by", "updated_at"])
    return assessment


@transaction.atomic
def assessment_submit(
    *,
    user: Any,
    assessment: SelfAssessment,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> SelfAssessment:
    """Save ``answers`` (if given) and submit: every question needs both scores. After
    this the assessment counts in the comparison and can no longer be changed."""
    _check_changeable(user, assessment)
    stored = _store(assessment=assessment, answers=answers or {})
    total = assessment.round.questionnaire.questions.count()
    complete = sum(1 for a in stored if a.reality is not None and a.wish is not None)
    missing = total - complete
    if missing:
        raise ApplicationError(
            ngettext(
                "Give both scores for every question before you submit: %(count)s question "
                "is not complete.",
                "Give both scores for every question before you submit: %(count)s questions "
                "are not complete.",
                missing,
            )
            % {"count": missing}
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.filled_in_by = user
    assessment.save()
    return assessment


@transaction.atomic
def assessment_reopen(*, user: Any, assessment: SelfAssessment) -> SelfAssessment:
    """Make a submitted assessment a draft again (the roles that fill it in; round open)."""
    _require(user, Action.CHANGE, assessment)
    if not assessment.submitted:
        raise ApplicationError(_("This self-assessment is still a draft."))
    _check_open(assessment.round)
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_at = None
    assessment.submitted_by = None
    assessment.save()
    return assessment
