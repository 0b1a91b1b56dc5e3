"""Reviews: planning, holding (conclusion, scores through the instruments app) and
``Plan.next_review_on``, kept by the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.instruments.models import Assessment
from wijkkompas.instruments.tests.factories import shipped_ladder, shipped_zrm
from wijkkompas.plans import services
from wijkkompas.plans.models import Plan, Review
from wijkkompas.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def next_review(plan: Plan) -> dt.date | None:
    return Plan.objects.values_list("next_review_on", flat=True).get(pk=plan.pk)


def test_next_review_is_the_earliest_review_not_held(world):
    user = world.user(Role.COORDINATOR)
    later = world.review.planned_on
    sooner = TODAY() + dt.timedelta(days=3)
    services.review_schedule(user=user, plan=world.plan, planned_on=sooner)
    assert next_review(world.plan) == sooner
    early = Review.objects.get(plan=world.plan, planned_on=sooner)
    services.review_hold(
        user=user, review=early, version=None, held_on=TODAY(), conclusion="Goed op weg"
    )
    assert next_review(world.plan) == later
    services.review_hold(
        user=user,
        review=world.review,
        version=None,
        held_on=TODAY(),
        conclusion="Verder zo",
        next_review_on=TODAY() + dt.timedelta(days=90),
    )
    assert next_review(world.plan) == TODAY() + dt.timedelta(days=90)


def test_review_before_the_start_is_refused(world):
    with pytest.raises(ApplicationError) as refused:
        services.review_schedule(
            user=world.user(Role.COORDINATOR),
            plan=world.plan,
            planned_on=world.plan.started_on - dt.timedelta(days=1),
        )
    assert refused.value.field == "planned_on"


def test_hold_review_records_zrm_and_ladder_scores_for_a_resident(world):
    zrm, ladder = shipped_zrm(), shipped_ladder()
    services.review_hold(
        user=world.user(Role.COORDINATOR),
        review=world.review,
        version=world.plan.version,
        held_on=TODAY(),
        conclusion="De financiën zijn op orde.",
        resident=world.resident,
        assessments=[(zrm, {"financien": 4, "werk-opleiding": 2}), (ladder, {"participatie": 3})],
    )
    review = Review.objects.get(pk=world.review.pk)
    assert review.held_on == TODAY() and review.held_by == world.user(Role.COORDINATOR)
    assessments = Assessment.objects.filter(review=review, resident=world.resident)
    assert {a.version_id for a in assessments} == {zrm.pk, ladder.pk}


def test_a_refused_score_leaves_the_review_unheld(world):
    with pytest.raises(ApplicationError):
        services.review_hold(
            user=world.user(Role.COORDINATOR),
            review=world.review,
            version=world.plan.version,
            held_on=TODAY(),
            conclusion="Conclusie",
            resident=world.resident,
            assessments=[(shipped_zrm(), {"financien": 9})],
        )
    assert Review.objects.get(pk=world.review.pk).held_on is None
    assert not Assessment.objects.exists()


def test_scores_of_a_resident_of_another_household_are_refused(world):
    stranger = ResidentFactory(household=world.unconsented)
    with pytest.raises(ApplicationError) as refused:
        services.review_hold(
            user=world.user(Role.COORDINATOR),
            review=world.review,
            version=None,
            held_on=TODAY(),
            conclusion="Conclusie",
            resident=stranger,
            assessments=[(shipped_zrm(), {"financien": 3})],
        )
    assert refused.value.field == "resident"


def test_a_review_is_held_once(world):
    user = world.user(Role.COORDINATOR)
    services.review_hold(
        user=user, review=world.review, version=None, held_on=TODAY(), conclusion="Een"
    )
    with pytest.raises(ApplicationError, match="already been held"):
        services.review_hold(
            user=user, review=world.review, version=None, held_on=TODAY(), conclusion="Twee"
        )


def test_review_needs_a_conclusion_and_no_future_date(world):
    user = world.user(Role.COORDINATOR)
    with pytest.raises(ApplicationError) as refused:
        services.review_hold(
            user=user, review=world.review, version=None, held_on=TODAY(), conclusion=" "
        )
    assert refused.value.field == "conclusion"
    with pytest.raises(ApplicationError) as refused:
        services.review_hold(
            user=user,
            review=world.review,
            version=None,
            held_on=TODAY() + dt.timedelta(days=1),
            conclusion="x",
        )
    assert refused.value.field == "held_on"
