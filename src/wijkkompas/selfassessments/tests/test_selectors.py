"""Reads: distribution across municipalities, the gap, change between rounds, scope."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.selfassessments import selectors
from wijkkompas.selfassessments.constants import AssessmentStatus
from wijkkompas.selfassessments.models import SelfAssessment
from wijkkompas.selfassessments.tests.factories import submitted

pytestmark = pytest.mark.django_db


def test_gap_is_wish_minus_reality(world: Any) -> None:
    scores = [(1, 4), (5, 2), *[(3, 3)] * 9]
    assessment = submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=scores)
    rows = selectors.answer_rows(assessment=assessment)
    assert [r.gap for r in rows[:3]] == [3, -3, 0]
    assert len(rows) == 11


def test_distribution_counts_sharing_municipalities_and_the_own(world: Any) -> None:
    submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=(2, 4))
    submitted(measurement_round=world.nulmeting, municipality=world.sharing, scores=(2, 5))
    submitted(measurement_round=world.nulmeting, municipality=world.private, scores=(1, 1))
    # Drafts and team assessments never count.
    SelfAssessment.objects.create(round=world.eenmeting, municipality=world.gm)
    submitted(
        measurement_round=world.nulmeting, municipality=world.gm, team=world.team, scores=(5, 5)
    )
    officer = selectors.comparison(
        user=world.user(Role.POLICY_OFFICER), measurement_round=world.nulmeting
    )
    assert officer.municipalities == 2 and officer.own_included
    first = officer.distributions[0]
    assert first.reality == (0, 2, 0, 0, 0) and first.wish == (0, 0, 0, 1, 1)
    assert (first.own_reality, first.own_wish, first.own_gap) == (2, 4, 2)
    # The officer names only their own municipality.
    assert [n.name for n in officer.named] == ["Oldebroek"]

    researcher = selectors.comparison(
        user=world.user(Role.RESEARCHER), measurement_round=world.nulmeting
    )
    # Oldebroek does not share: the researcher counts (and names) Haarlem only.
    assert researcher.municipalities == 1 and not researcher.own_included
    assert researcher.distributions[0].reality == (0, 1, 0, 0, 0)
    assert [n.name for n in researcher.named] == ["Haarlem"]

    private = selectors.comparison(
        user=world.user("private_officer"), measurement_round=world.nulmeting
    )
    assert private.municipalities == 2  # Zaanstad itself and Haarlem; never Oldebroek
    assert private.distributions[0].reality == (1, 1, 0, 0, 0)


def test_roles_without_the_pages_see_an_empty_comparison(world: Any) -> None:
    submitted(measurement_round=world.nulmeting, municipality=world.sharing, scores=(2, 5))
    result = selectors.comparison(
        user=world.user(Role.PROFESSIONAL), measurement_round=world.nulmeting
    )
    assert result.municipalities == 0 and result.named == []


def test_trend_gives_mean_and_median_per_round(world: Any) -> None:
    submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=(1, 4))
    submitted(measurement_round=world.nulmeting, municipality=world.sharing, scores=(2, 4))
    submitted(measurement_round=world.eenmeting, municipality=world.gm, scores=(3, 4))
    submitted(measurement_round=world.eenmeting, municipality=world.sharing, scores=(4, 5))
    rows = selectors.trend(user=world.user(Role.POLICY_OFFICER))
    assert len(rows) == 11
    nul, een = rows[0].cells
    assert (nul.count, nul.mean_reality, nul.median_reality, nul.own_reality) == (2, 1.5, 1.5, 1)
    assert (een.count, een.mean_reality, een.mean_wish, een.own_reality) == (2, 3.5, 4.5, 3)


def test_researcher_sees_submitted_assessments_of_sharing_municipalities_only(
    world: Any,
) -> None:
    shared = submitted(measurement_round=world.nulmeting, municipality=world.sharing, scores=(2, 5))
    SelfAssessment.objects.create(
        round=world.eenmeting, municipality=world.sharing, status=AssessmentStatus.DRAFT
    )
    submitted(measurement_round=world.nulmeting, municipality=world.private, scores=(1, 1))
    submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=(1, 1))
    assert list(selectors.assessment_list(user=world.user(Role.RESEARCHER))) == [shared]
    own = selectors.assessment_list(user=world.user(Role.POLICY_OFFICER))
    assert [a.municipality for a in own] == [world.gm]
