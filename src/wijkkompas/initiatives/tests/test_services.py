"""Services of initiatives, opportunities and referrals: the rules and who may write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.tests.factories import PublishedIdeaFactory
from wijkkompas.initiatives import services
from wijkkompas.initiatives.constants import OpportunityStatus, Origin, Stage
from wijkkompas.initiatives.models import Initiative, Referral, StageChange
from wijkkompas.initiatives.tests.factories import InitiativeFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def _create(world, user, **extra):
    values = dict(
        user=user,
        team=world.team,
        name="Jonge moedergroep",
        level="preventie",
        origin=Origin.TEAM_SIGNAL,
        neighbourhoods=[world.neighbourhood],
        place=world.place,
        residents_in_charge=[world.user(Role.INITIATOR)],
        coaches=[world.user(Role.PROFESSIONAL)],
    )
    values.update(extra)
    return services.initiative_create(**values)


# --- initiatives -------------------------------------------------------------------------


def test_a_professional_starts_an_initiative_in_their_team(world):
    initiative = _create(world, world.user(Role.PROFESSIONAL))
    assert initiative.stage == Stage.IDEA
    assert initiative.municipality == world.gm
    assert list(initiative.residents_in_charge.all()) == [world.user(Role.INITIATOR)]
    history = list(initiative.stage_changes.all())
    assert [(h.from_stage, h.to_stage) for h in history] == [("", Stage.IDEA)]
    assert history[0].changed_by == world.user(Role.PROFESSIONAL)


def test_not_in_another_team(world):
    with pytest.raises(ApplicationError):
        _create(world, world.user(Role.PROFESSIONAL), team=world.sibling)


@pytest.mark.parametrize(
    "role", [Role.POLICY_OFFICER, Role.RESEARCHER, Role.INITIATOR, Role.RESIDENT]
)
def test_other_roles_do_not_start_initiatives(world, role):
    with pytest.raises(PermissionDenied):
        _create(world, world.user(role))
    assert Initiative.objects.filter(name="Jonge moedergroep").count() == 0


def test_the_administrator_may_start_one_without_a_team(world):
    initiative = _create(world, world.user(Role.ADMIN), team=None, coaches=[])
    assert initiative.team is None


def test_residents_in_charge_are_initiators(world):
    with pytest.raises(ApplicationError) as error:
        _create(
            world, world.user(Role.PROFESSIONAL), residents_in_charge=[world.user(Role.RESIDENT)]
        )
    assert error.value.field == "residents_in_charge"


def test_coaches_are_members_of_the_team(world):
    with pytest.raises(ApplicationError) as error:
        _create(
            world,
            world.user(Role.PROFESSIONAL),
            coaches=[world.users["sibling_professional"]],
        )
    assert error.value.field == "coaches"


def test_the_place_is_of_the_municipality(world):
    from wijkkompas.places.tests.factories import PlaceFactory

    elsewhere = PlaceFactory(municipality=world.shared_gm)
    with pytest.raises(ApplicationError):
        _create(world, world.user(Role.PROFESSIONAL), place=elsewhere)
    assert not Initiative.objects.filter(name="Jonge moedergroep").exists()


def test_stage_moves_one_step_and_is_kept_in_the_history(world):
    user = world.user(Role.COORDINATOR)
    initiative = _create(world, user)
    services.initiative_change_stage(user=user, initiative=initiative, stage=Stage.EXPLORE)
    with pytest.raises(ApplicationError):
        services.initiative_change_stage(user=user, initiative=initiative, stage=Stage.EMBEDDED)
    initiative.refresh_from_db()
    assert initiative.stage == Stage.EXPLORE
    assert StageChange.objects.filter(initiative=initiative).count() == 2


def test_stopping_needs_the_lesson_learned(world):
    user = world.user(Role.PROFESSIONAL)
    initiative = world.initiative
    with pytest.raises(ApplicationError) as error:
        services.initiative_change_stage(user=user, initiative=initiative, stage=Stage.STOPPED)
    assert error.value.field == "note"
    services.initiative_change_stage(
        user=user,
        initiative=initiative,
        stage=Stage.STOPPED,
        note="Te weinig vrijwilligers voor de zomer.",
    )
    initiative.refresh_from_db()
    assert initiative.stage == Stage.STOPPED
    assert initiative.lesson_learned == "Te weinig vrijwilligers voor de zomer."
    last = initiative.stage_changes.first()
    assert (last.from_stage, last.to_stage, last.changed_by) == (Stage.RUNNING, Stage.STOPPED, user)


def test_the_initiator_in_charge_edits_but_not_who_runs_it(world):
    initiator = world.user(Role.INITIATOR)
    services.initiative_update(
        user=initiator, initiative=world.initiative, participants_count=25, name="Buurtmaaltijd"
    )
    world.initiative.refresh_from_db()
    assert world.initiative.participants_count == 25
    with pytest.raises(ApplicationError):
        services.initiative_update(
            user=initiator, initiative=world.initiative, coaches=[world.user(Role.COORDINATOR)]
        )
    services.initiative_change_stage(user=initiator, initiative=world.initiative, stage=Stage.TRIAL)


def test_another_initiator_may_not_edit(world):
    with pytest.raises(Http404):
        services.initiative_update(
            user=world.users["other_initiator"], initiative=world.initiative, name="Overgenomen"
        )


def test_policy_officer_sees_but_may_not_edit(world):
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            user=world.user(Role.POLICY_OFFICER), initiative=world.initiative, name="x"
        )


def test_other_team_may_not_change_the_stage(world):
    with pytest.raises(PermissionDenied):
        services.initiative_change_stage(
            user=world.users["sibling_professional"],
            initiative=world.initiative,
            stage=Stage.TRIAL,
        )


def test_a_story(world):
    story = services.story_add(
        user=world.user(Role.INITIATOR), initiative=world.initiative, text="  Mooie avond.  "
    )
    assert story.text == "Mooie avond."
    with pytest.raises(ApplicationError):
        services.story_add(user=world.user(Role.INITIATOR), initiative=world.initiative, text=" ")


# --- from an idea and from an opportunity ------------------------------------------------


def test_an_idea_grows_into_an_initiative(world):
    idea: Any = PublishedIdeaFactory(neighbourhood=world.neighbourhood, team=world.team)
    user = world.user(Role.PROFESSIONAL)
    initiative = services.initiative_start_from_idea(
        user=user, idea=idea, team=world.team, level="normaliseren"
    )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.GROWN
    assert initiative.origin == Origin.RESIDENT_IDEA
    assert initiative.origin_idea == idea
    assert initiative.name == idea.title
    assert list(initiative.neighbourhoods.all()) == [world.neighbourhood]
    with pytest.raises(ApplicationError):
        services.initiative_start_from_idea(
            user=user, idea=idea, team=world.team, level="normaliseren"
        )


def test_an_opportunity_starts_an_initiative_and_is_linked(world):
    user = world.user(Role.TEAM_LEAD)
    initiative = services.initiative_start_from_opportunity(
        user=user, opportunity=world.opportunity, level="preventie"
    )
    world.opportunity.refresh_from_db()
    assert world.opportunity.initiative == initiative
    assert world.opportunity.status == OpportunityStatus.LINKED
    assert initiative.origin == Origin.TEAM_SIGNAL
    assert list(initiative.neighbourhoods.all()) == [world.neighbourhood]


# --- opportunities -----------------------------------------------------------------------


def test_an_opportunity_from_a_signal_key(world):
    opportunity = services.opportunity_create(
        user=world.user(Role.PROFESSIONAL),
        team=world.team,
        title="Schulden bij jonge gezinnen",
        signal_area_kind="neighbourhood",
        signal_area_id=world.neighbourhood.pk,
        signal_period="quarter",
        signal_period_start=dt.date(2026, 7, 1),
        signal_measure="domain:finances",
        signal_snapshot="Financiën: 20 gesprekken",
    )
    assert opportunity.has_signal
    assert opportunity.status == OpportunityStatus.OPEN


def test_an_opportunity_needs_a_whole_signal_key_or_an_idea(world):
    user = world.user(Role.PROFESSIONAL)
    with pytest.raises(ApplicationError):
        services.opportunity_create(user=user, team=world.team, title="Niets")
    with pytest.raises(ApplicationError):
        services.opportunity_create(
            user=user, team=world.team, title="Half", signal_area_kind="neighbourhood"
        )
    idea = PublishedIdeaFactory(neighbourhood=world.neighbourhood, team=world.team)
    assert services.opportunity_create(user=user, team=world.team, title="Idee", idea=idea).idea


def test_an_opportunity_only_in_an_own_team(world):
    with pytest.raises(ApplicationError):
        services.opportunity_create(
            user=world.user(Role.PROFESSIONAL),
            team=world.sibling,
            title="x",
            idea=PublishedIdeaFactory(neighbourhood=world.neighbourhood),
        )
    with pytest.raises(PermissionDenied):
        services.opportunity_create(
            user=world.user(Role.ADMIN),
            team=world.team,
            title="x",
            idea=PublishedIdeaFactory(neighbourhood=world.neighbourhood),
        )


def test_discussing_an_opportunity(world):
    comment = services.opportunity_comment(
        user=world.user(Role.COORDINATOR), opportunity=world.opportunity, text="Ik ken de kerk."
    )
    world.opportunity.refresh_from_db()
    assert comment.author == world.user(Role.COORDINATOR)
    assert world.opportunity.status == OpportunityStatus.DISCUSSED
    with pytest.raises(Http404):
        services.opportunity_comment(
            user=world.users["sibling_professional"], opportunity=world.opportunity, text="x"
        )


def test_linking_and_dropping(world):
    user = world.user(Role.PROFESSIONAL)
    services.opportunity_link(user=user, opportunity=world.opportunity, initiative=world.initiative)
    assert world.opportunity.status == OpportunityStatus.LINKED
    with pytest.raises(Http404):
        services.opportunity_link(
            user=user, opportunity=world.opportunity, initiative=world.foreign_initiative
        )
    services.opportunity_set_status(
        user=user, opportunity=world.opportunity, status=OpportunityStatus.OPEN
    )
    assert world.opportunity.initiative is None
    services.opportunity_set_status(
        user=user, opportunity=world.opportunity, status=OpportunityStatus.DROPPED
    )
    assert world.opportunity.status == OpportunityStatus.DROPPED


def test_other_team_opportunities_do_not_exist_for_the_user(world):
    other: Any = OpportunityFactory(team=world.sibling)
    with pytest.raises(Http404):
        services.opportunity_set_status(
            user=world.user(Role.PROFESSIONAL), opportunity=other, status="dropped"
        )


# --- referrals ---------------------------------------------------------------------------


def test_a_referral_is_logged_with_the_resident(world):
    user = world.user(Role.PROFESSIONAL)
    before = AccessLogEntry.objects.count()
    referral = services.referral_create(
        user=user, conversation=world.conversation, initiative=world.initiative
    )
    entry: Any = AccessLogEntry.objects.order_by("-pk").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.event == "create"
    assert entry.purpose == "support"
    assert entry.object_type == "initiatives.Referral"
    assert list(entry.subjects.values_list("resident_id", flat=True)) == [world.resident.pk]
    assert referral.referred_by == user
    with pytest.raises(ApplicationError):
        services.referral_create(
            user=user, conversation=world.conversation, initiative=world.initiative
        )


def test_no_referral_without_consent(world):
    conversation = ConversationFactory(resident=world.unconsented)
    with pytest.raises(Http404):
        services.referral_create(
            user=world.user(Role.PROFESSIONAL),
            conversation=conversation,
            initiative=world.initiative,
        )
    assert not Referral.objects.exists()


@pytest.mark.parametrize("role", [Role.INITIATOR, Role.POLICY_OFFICER, Role.ADMIN])
def test_non_case_roles_do_not_refer(world, role):
    with pytest.raises(PermissionDenied):
        services.referral_create(
            user=world.user(role), conversation=world.conversation, initiative=world.initiative
        )


def test_not_to_a_stopped_or_foreign_initiative(world):
    user = world.user(Role.PROFESSIONAL)
    stopped: Any = InitiativeFactory(team=world.team, stage=Stage.STOPPED)
    with pytest.raises(ApplicationError):
        services.referral_create(user=user, conversation=world.conversation, initiative=stopped)
    with pytest.raises(ApplicationError):
        services.referral_create(
            user=user, conversation=world.conversation, initiative=world.foreign_initiative
        )


def test_removing_a_referral_is_logged(world):
    user = world.user(Role.PROFESSIONAL)
    referral = services.referral_create(
        user=user, conversation=world.conversation, initiative=world.initiative
    )
    services.referral_remove(user=user, referral=referral)
    assert not Referral.objects.exists()
    last: Any = AccessLogEntry.objects.order_by("-pk").first()
    assert last.event == "delete"
