"""Closed case discussions: the organiser is a participant; only colleagues of the same
municipality with the household's consent can be invited; decisions become plan actions,
atomically, and only when the household has an active plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.plans import services
from wijkkompas.plans.constants import DiscussionStatus, PlanStatus
from wijkkompas.plans.models import (
    CaseDiscussion,
    Decision,
    Participant,
    Plan,
    PlanAction,
)
from wijkkompas.plans.tests.conftest import household_with_consent
from wijkkompas.plans.tests.factories import CaseDiscussionFactory, ParticipantFactory
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory
from wijkkompas.teams.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SOON = lambda: timezone.now() + dt.timedelta(days=3)  # noqa: E731


def test_organiser_creates_and_takes_part(world):
    user = world.user(Role.PROFESSIONAL)
    discussion = services.discussion_create(
        user=user, household=world.household, scheduled_at=SOON(), question="Wat nu?"
    )
    assert discussion.plan == world.plan and discussion.team == world.team
    assert list(discussion.participants.values_list("user", flat=True)) == [user.pk]
    assert discussion.created_by == user


def test_create_without_consent_for_case_discussions_is_refused(world):
    household = household_with_consent(world.team, covers_case_discussion=False)
    with pytest.raises(ApplicationError, match="not given consent to discuss"):
        services.discussion_create(
            user=world.user(Role.PROFESSIONAL),
            household=household,
            scheduled_at=SOON(),
            question="Wat nu?",
        )
    assert not CaseDiscussion.objects.filter(household=household).exists()


def test_create_needs_a_question(world):
    with pytest.raises(ApplicationError) as refused:
        services.discussion_create(
            user=world.user(Role.PROFESSIONAL),
            household=world.household,
            scheduled_at=SOON(),
            question="",
        )
    assert refused.value.field == "question"


# --- invitations --------------------------------------------------------------------------


def test_invite_a_colleague_with_consent(world):
    participant = services.participant_invite(
        user=world.user(Role.COORDINATOR),
        discussion=world.discussion,
        invitee=world.user(Role.PROFESSIONAL),
    )
    assert participant.invited_by == world.user(Role.COORDINATOR)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("sibling_professional", "not given consent for case discussions"),
        ("foreign_professional", "same municipality"),
        (Role.POLICY_OFFICER, "same municipality"),
        (Role.COORDINATOR, "already been invited"),
    ],
)
def test_invite_refusals(world, who, message):
    before = Participant.objects.count()
    with pytest.raises(ApplicationError, match=message) as refused:
        services.participant_invite(
            user=world.user(Role.COORDINATOR), discussion=world.discussion, invitee=world.user(who)
        )
    assert refused.value.field == "invitee"
    assert Participant.objects.count() == before


def test_invite_refused_when_consent_does_not_cover_case_discussions(world):
    household = household_with_consent(world.team, covers_case_discussion=False)
    discussion: Any = CaseDiscussionFactory(household=household)
    ParticipantFactory(discussion=discussion, user=world.user(Role.COORDINATOR))
    # The organiser has consent through a second resident; the invitee does not share it.
    ConsentFactory(
        resident=ResidentFactory(household=household),
        team=None,
        organisation=OrganisationFactory(municipality=world.gm),
    )
    with pytest.raises((ApplicationError, Http404)):
        services.participant_invite(
            user=world.user(Role.COORDINATOR),
            discussion=discussion,
            invitee=world.user(Role.PROFESSIONAL),
        )


def test_invitee_with_consent_outside_the_team_is_refused(world):
    """Consent given to an organisation covers a colleague of another team, who still cannot
    open a discussion of this team: refused with the reason."""
    ConsentFactory(resident=world.resident, team=None, organisation=world.organisation)
    outsider = world.user("sibling_professional")
    MembershipFactory(team=world.sibling, organisation=world.organisation, user=outsider)
    with pytest.raises(ApplicationError, match="not a member of the team"):
        services.participant_invite(
            user=world.user(Role.COORDINATOR), discussion=world.discussion, invitee=outsider
        )
    assert not Participant.objects.filter(user=outsider).exists()


def test_a_non_participant_cannot_invite(world):
    with pytest.raises(Http404):
        services.participant_invite(
            user=world.user(Role.PROFESSIONAL),
            discussion=world.discussion,
            invitee=world.user("colleague"),
        )


def test_withdrawn_consent_ends_access_for_participants(world):
    services.participant_invite(
        user=world.user(Role.COORDINATOR),
        discussion=world.discussion,
        invitee=world.user(Role.PROFESSIONAL),
    )
    world.resident.consents.update(withdrawn_at=timezone.now())
    assert not CaseDiscussion.objects.visible_to(world.user(Role.PROFESSIONAL)).exists()


# --- minutes and decisions ----------------------------------------------------------------


def test_minutes_are_required_for_a_held_discussion(world):
    user = world.user(Role.COORDINATOR)
    with pytest.raises(ApplicationError) as refused:
        services.discussion_record(
            user=user, discussion=world.discussion, minutes="", status=DiscussionStatus.HELD
        )
    assert refused.value.field == "minutes"
    services.discussion_record(
        user=user, discussion=world.discussion, minutes="Besproken", status=DiscussionStatus.HELD
    )
    assert CaseDiscussion.objects.get(pk=world.discussion.pk).status == DiscussionStatus.HELD


def test_a_decision_becomes_an_action_of_the_active_plan(world):
    version = Plan.objects.get(pk=world.plan.pk).version
    decision = services.decision_add(
        user=world.user(Role.COORDINATOR),
        discussion=world.discussion,
        text="Schuldhulp belt de woningcorporatie",
        owner_organisation=world.organisation,
        owner_name="Schuldhulp",
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    action = PlanAction.objects.get(decision=decision)
    assert action.plan == world.plan and action.description == decision.text
    assert action.owner_organisation == world.organisation and action.due_on == decision.due_on
    assert Plan.objects.get(pk=world.plan.pk).version == version + 1


def test_no_active_plan_no_decision(world):
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.CLOSED)
    with pytest.raises(ApplicationError, match="Create the plan"):
        services.decision_add(
            user=world.user(Role.COORDINATOR),
            discussion=world.discussion,
            text="Besluit",
            owner_name="Iemand",
        )
    assert not Decision.objects.exists()


def test_decision_and_action_are_saved_together_or_not_at_all(world, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PlanAction, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.decision_add(
            user=world.user(Role.COORDINATOR),
            discussion=world.discussion,
            text="Besluit",
            owner_name="Iemand",
        )
    assert not Decision.objects.exists()


def test_decision_needs_text_and_owner(world):
    user = world.user(Role.COORDINATOR)
    for text, owner_name, field in (("", "x", "text"), ("x", " ", "owner_name")):
        with pytest.raises(ApplicationError) as refused:
            services.decision_add(
                user=user, discussion=world.discussion, text=text, owner_name=owner_name
            )
        assert refused.value.field == field


def test_decision_needs_change_rights_on_the_plan(world):
    """A participant whose consent covers case discussions but not the plan."""
    household = household_with_consent(world.team, covers_plan=False)
    discussion: Any = CaseDiscussionFactory(household=household)
    organiser = world.user(Role.PROFESSIONAL)
    ParticipantFactory(discussion=discussion, user=organiser)
    Plan.objects.create(
        municipality=world.gm,
        team=world.team,
        household=household,
        coordinator=world.user(Role.COORDINATOR),
        started_on=timezone.localdate(),
    )
    with pytest.raises(ApplicationError, match="may not change the household's plan"):
        services.decision_add(
            user=organiser, discussion=discussion, text="Besluit", owner_name="Iemand"
        )


def test_user_of_other_municipality_cannot_create(world):
    stranger = UserFactory(role=Role.PROFESSIONAL, municipality=world.other_gm)
    with pytest.raises(Http404):
        services.discussion_create(
            user=stranger, household=world.household, scheduled_at=SOON(), question="x"
        )
