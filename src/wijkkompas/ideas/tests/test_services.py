"""The services of residents' ideas: submit, join, moderate, coach, grow."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.ideas import services
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.models import Idea, IdeaSupporter

pytestmark = pytest.mark.django_db


def _submit(world: Any, **overrides: Any) -> Idea:
    data = {
        "neighbourhood": world.neighbourhood,
        "title": "Jonge moedergroep",
        "description": "Elke woensdag koffie voor jonge moeders in het dorpshuis.",
        "name": "Sanne de Vries",
        "email": "sanne@example.org",
    } | overrides
    return services.idea_submit(**data)


def test_submit_makes_a_hidden_idea_of_the_serving_team_with_its_sender(world: Any) -> None:
    idea = _submit(world)
    assert idea.status == IdeaStatus.SUBMITTED
    assert not idea.public
    assert idea.team == world.team
    sender = idea.supporters.get()
    assert sender.is_submitter and sender.name == "Sanne de Vries"
    entry = AccessLogEntry.objects.filter(object_type="ideas.IdeaSupporter").latest("at")
    assert entry.event == "create" and entry.municipality_id == world.gm.pk


def test_submit_falls_back_to_the_team_of_the_district(world: Any) -> None:
    world.team.neighbourhoods.clear()
    world.team.districts.add(world.neighbourhood.district)
    assert _submit(world).team == world.team


def test_submit_needs_a_way_to_reach_the_sender_and_saves_nothing_without(world: Any) -> None:
    before = Idea.objects.count()
    with pytest.raises(ApplicationError):
        _submit(world, email="", phone="")
    assert Idea.objects.count() == before


def test_join_only_published_ideas(world: Any) -> None:
    supporter = services.idea_join(idea=world.published, name="Piet", phone="0612345678")
    assert supporter.idea == world.published and not supporter.is_submitter
    with pytest.raises(ApplicationError):
        services.idea_join(idea=world.submitted, name="Piet", phone="0612345678")
    assert not world.submitted.supporters.exists()


def test_publish_and_reject(world: Any) -> None:
    professional = world.user(Role.PROFESSIONAL)
    idea = services.idea_publish(idea=world.submitted, user=professional, title=" Klusjes ")
    assert idea.status == IdeaStatus.PUBLISHED and idea.public and idea.title == "Klusjes"
    assert idea.moderated_by == professional and idea.published_at is not None
    with pytest.raises(ApplicationError):
        services.idea_reject(idea=idea, user=professional, reason="  ")
    idea = services.idea_reject(idea=idea, user=professional, reason="Dubbel met een ander idee")
    assert idea.status == IdeaStatus.REJECTED and not idea.public
    assert idea.rejection_reason == "Dubbel met een ander idee"


def test_moderation_is_for_the_team_of_the_idea(world: Any) -> None:
    with pytest.raises(Http404):
        services.idea_publish(idea=world.submitted, user=world.user("sibling_professional"))
    with pytest.raises(PermissionDenied):
        # The policy officer sees the idea but may not change it.
        services.idea_publish(idea=world.submitted, user=world.user(Role.POLICY_OFFICER))
    with pytest.raises(Http404):
        services.idea_publish(idea=world.submitted, user=world.user(Role.INITIATOR))
    with pytest.raises(PermissionDenied):
        services.idea_reject(
            idea=world.foreign_idea, user=world.user(Role.PROFESSIONAL), reason="x"
        )
    world.submitted.refresh_from_db()
    assert world.submitted.status == IdeaStatus.SUBMITTED


def test_admin_moderates_ideas_of_the_municipality(world: Any) -> None:
    idea = services.idea_publish(idea=world.sibling_idea, user=world.user(Role.ADMIN))
    assert idea.public


def test_assign_coach_must_be_a_member_of_the_team(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    colleague = world.users["colleague"]
    idea = services.idea_assign_coach(idea=world.published, user=lead, coach=colleague)
    assert idea.coach == colleague
    with pytest.raises(ApplicationError):
        services.idea_assign_coach(
            idea=world.published, user=lead, coach=world.user("sibling_professional")
        )
    with pytest.raises(ApplicationError):
        services.idea_assign_coach(idea=world.published, user=lead, coach=world.user(Role.ADMIN))
    idea = services.idea_assign_coach(idea=world.published, user=lead, coach=None)
    assert idea.coach is None


def test_mark_grown(world: Any) -> None:
    professional = world.user(Role.PROFESSIONAL)
    idea = services.idea_mark_grown(idea=world.published, user=professional)
    assert idea.status == IdeaStatus.GROWN and idea.public and idea.grown_at is not None
    with pytest.raises(ApplicationError):
        services.idea_mark_grown(idea=idea, user=professional)
    rejected = services.idea_reject(idea=world.submitted, user=professional, reason="Niet haalbaar")
    with pytest.raises(ApplicationError):
        services.idea_mark_grown(idea=rejected, user=professional)
    with pytest.raises(ApplicationError):
        services.idea_publish(idea=idea, user=professional)
    # People may still join an idea that grew into an initiative.
    assert services.idea_join(idea=idea, name="Kees", email="kees@example.org")
    assert IdeaSupporter.objects.filter(idea=idea).count() == 2
