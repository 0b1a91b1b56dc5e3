"""assessment_record: scores on the version's domains and levels, by someone who may change
the resident's case under a consent that covers scores; atomic and logged."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.instruments import services
from wijkkompas.instruments.models import Assessment, AssessmentScore
from wijkkompas.instruments.tests.factories import make_version
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def record(world: Any, **kwargs: Any) -> Assessment:
    kwargs.setdefault("user", world.user(Role.PROFESSIONAL))
    kwargs.setdefault("resident", world.resident)
    kwargs.setdefault("version", world.zrm)
    kwargs.setdefault("scores", {"financien": 2, "huisvesting": 4})
    kwargs.setdefault("assessed_on", TODAY)
    return services.assessment_record(**kwargs)


def refused(world: Any, error: type[Exception] = ApplicationError, **kwargs: Any) -> Any:
    with pytest.raises(error) as caught:
        record(world, **kwargs)
    assert not Assessment.objects.exists() and not AssessmentScore.objects.exists()
    return caught.value


def test_scores_are_recorded_in_domain_order_and_logged(world):
    user = world.user(Role.PROFESSIONAL)
    assessment = record(world, scores={"justitie": 5, "financien": 2})
    assert assessment.assessed_by == user and assessment.version == world.zrm
    assert list(assessment.scores.values_list("domain__code", "value")) == [
        ("financien", 2),
        ("justitie", 5),
    ]
    entry = AccessLogEntry.objects.get(event="create", object_type="instruments.Assessment")
    assert entry.purpose == "support" and entry.object_id == str(assessment.pk)
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]


def test_the_ladder_takes_one_rung(world):
    assessment = record(world, version=world.ladder, scores={"participatie": 6})
    assert assessment.scores.get().value == 6


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({}, "Give a score on at least one domain."),
        ({"gezin": 3}, "has no domain gezin"),
        ({"financien": 6}, "6 is not a level of Zelfredzaamheid-Matrix 2017 (1, 2, 3, 4, 5)"),
        ({"financien": 0}, "0 is not a level"),
        ({"financien": "3"}, "is not a level"),
        ({"financien": True}, "is not a level"),
    ],
)
def test_bad_scores_are_refused(world, scores, expected):
    assert expected in refused(world, scores=scores).message


def test_a_future_date_is_refused(world):
    error = refused(world, assessed_on=TODAY + dt.timedelta(days=1))
    assert error.field == "assessed_on"


def test_a_version_out_of_use_is_refused(world):
    world.zrm.is_active = False
    world.zrm.save()
    assert "is no longer in use" in refused(world).message


def test_a_version_of_another_municipality_is_refused(world):
    foreign = make_version(instrument__municipality=world.other_gm)
    assert "not available" in refused(world, version=foreign, scores={"d1": 1}).message


def test_a_conversation_about_someone_else_is_refused(world):
    other = SimpleNamespace(resident_id=world.resident.pk + 1000)
    assert "not about this resident" in refused(world, conversation=other).message


def test_a_review_of_another_household_is_refused(world):
    other = SimpleNamespace(plan=SimpleNamespace(household_id=world.resident.household_id + 1))
    assert "not of this resident's household" in refused(world, review=other).message


def test_both_a_conversation_and_a_review_is_refused(world):
    conversation = SimpleNamespace(resident_id=world.resident.pk)
    review = SimpleNamespace(plan=SimpleNamespace(household_id=world.resident.household_id))
    refused(world, conversation=conversation, review=review)


def test_a_consent_without_scores_is_refused(world):
    resident = ResidentFactory(household__team=world.team)
    ConsentFactory(resident=resident, covers_assessments=False)
    error = refused(world, resident=resident)
    assert "consent does not cover self-sufficiency scores" in error.message
    assert not AccessLogEntry.objects.filter(event="create").exists()


def test_a_resident_without_consent_is_out_of_scope(world):
    resident = ResidentFactory(household__team=world.team)
    refused(world, error=Http404, resident=resident)


@pytest.mark.parametrize("who", ["other_team_professional", Role.ADMIN, Role.POLICY_OFFICER])
def test_users_outside_the_case_get_404(world, who):
    refused(world, error=Http404, user=world.user(who))


def test_the_resident_may_see_but_not_score(world):
    world.resident.user = world.user(Role.RESIDENT)
    world.resident.save()
    refused(world, error=PermissionDenied, user=world.user(Role.RESIDENT))


def test_a_conversation_of_the_resident_is_linked(world):
    from wijkkompas.conversations.models import Conversation

    conversation = Conversation.objects.create(
        municipality=world.gm,
        team=world.team,
        household=world.resident.household,
        resident=world.resident,
        held_on=TODAY,
        place="home",
        question="Hulp bij de administratie",
        outcome="own_network",
    )
    assessment = record(world, conversation=conversation)
    assert assessment.conversation == conversation
