"""Plan services: one active plan per household, the coordinator, optimistic concurrency
(every change of the plan or its goals and actions raises the version), closing, and the
resident's own goals and comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.plans import services
from wijkkompas.plans.constants import GoalStatus, PlanStatus
from wijkkompas.plans.models import Goal, Plan, PlanAction, PlanComment
from wijkkompas.plans.tests.conftest import household_with_consent
from wijkkompas.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def version_of(plan: Plan) -> int:
    return Plan.objects.values_list("version", flat=True).get(pk=plan.pk)


# --- one household, one plan, one coordinator ---------------------------------------------


def test_create_plan_with_the_current_coordinator_and_a_first_review(world):
    household = household_with_consent(world.team)
    user = world.user(Role.COORDINATOR)
    first = TODAY() + dt.timedelta(days=60)
    plan = services.plan_create(
        user=user, household=household, summary="  Rust  ", first_review_on=first
    )
    assert plan.coordinator == user and plan.status == PlanStatus.ACTIVE
    assert plan.summary == "Rust" and plan.started_on == TODAY()
    assert plan.team == world.team and plan.municipality == world.gm
    assert Plan.objects.get(pk=plan.pk).next_review_on == first
    entry = AccessLogEntry.objects.get(event="create", object_type="plans.Plan")
    assert entry.purpose == Purpose.CASE_COORDINATION
    assert set(entry.subjects.values_list("resident_id", flat=True)) == set(
        household.residents.values_list("pk", flat=True)
    )


def test_second_active_plan_is_refused_and_nothing_is_saved(world):
    before = Plan.objects.count()
    with pytest.raises(ApplicationError, match="already has an active plan"):
        services.plan_create(user=world.user(Role.COORDINATOR), household=world.household)
    assert Plan.objects.count() == before


def test_after_closing_a_new_plan_may_start(world):
    user = world.user(Role.COORDINATOR)
    services.plan_close(user=user, plan=world.plan, version=world.plan.version)
    new = services.plan_create(user=user, household=world.household)
    assert new.pk != world.plan.pk
    assert Plan.objects.filter(household=world.household, status=PlanStatus.ACTIVE).get() == new


def test_the_database_refuses_two_active_plans_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(household=world.household)


def test_a_team_lead_must_choose_a_coordinator(world):
    household = household_with_consent(world.team)
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError) as refused:
        services.plan_create(user=lead, household=household)
    assert refused.value.field == "coordinator"
    plan = services.plan_create(
        user=lead, household=household, coordinator=world.user(Role.PROFESSIONAL)
    )
    assert plan.coordinator == world.user(Role.PROFESSIONAL)


@pytest.mark.parametrize("who", ["sibling_professional", "foreign_professional", Role.TEAM_LEAD])
def test_coordinator_must_be_a_professional_or_coordinator_of_the_team(world, who):
    household = household_with_consent(world.team)
    with pytest.raises(ApplicationError) as refused:
        services.plan_create(
            user=world.user(Role.COORDINATOR), household=household, coordinator=world.user(who)
        )
    assert refused.value.field == "coordinator"


def test_coordinator_must_hold_the_consent_for_the_plan(world):
    # Consent given only to an organisation the coordinator does not work for.
    household = household_with_consent(world.team, team=None, organisation=world.organisation)
    with pytest.raises(ApplicationError, match="chosen coordinator cannot see"):
        services.plan_create(
            user=world.user(Role.PROFESSIONAL),  # works for the organisation
            household=household,
            coordinator=world.user(Role.COORDINATOR),
        )


def test_plan_needs_the_households_consent_for_the_plan(world):
    household = household_with_consent(world.team, covers_plan=False)
    with pytest.raises(ApplicationError, match="not given consent for a plan"):
        services.plan_create(user=world.user(Role.COORDINATOR), household=household)


@pytest.mark.parametrize("who", ["sibling_professional", "foreign_professional"])
def test_household_out_of_scope_is_404(world, who):
    with pytest.raises(Http404):
        services.plan_create(user=world.user(who), household=household_with_consent(world.team))


def test_first_review_before_start_is_refused(world):
    with pytest.raises(ApplicationError) as refused:
        services.plan_create(
            user=world.user(Role.COORDINATOR),
            household=household_with_consent(world.team),
            first_review_on=TODAY() - dt.timedelta(days=1),
        )
    assert refused.value.field == "first_review_on"


# --- optimistic concurrency ---------------------------------------------------------------


def test_update_with_the_shown_version_saves_and_raises_the_version(world):
    plan = world.plan
    version = version_of(plan)
    services.plan_update(
        user=world.user(Role.PROFESSIONAL),
        plan=plan,
        version=version,
        summary="Nieuw",
        coordinator=world.user(Role.PROFESSIONAL),
    )
    fresh = Plan.objects.get(pk=plan.pk)
    assert fresh.summary == "Nieuw" and fresh.version == version + 1


def test_two_people_editing_the_plan_do_not_overwrite_each_other(world):
    plan_a = Plan.objects.get(pk=world.plan.pk)
    plan_b = Plan.objects.get(pk=world.plan.pk)
    shown = plan_a.version
    services.plan_update(
        user=world.user(Role.COORDINATOR),
        plan=plan_b,
        version=shown,
        summary="Door B",
        coordinator=world.user(Role.COORDINATOR),
    )
    with pytest.raises(ApplicationError, match="Someone else saved"):
        services.plan_update(
            user=world.user(Role.PROFESSIONAL),
            plan=plan_a,
            version=shown,
            summary="Door A",
            coordinator=world.user(Role.PROFESSIONAL),
        )
    fresh = Plan.objects.get(pk=world.plan.pk)
    assert fresh.summary == "Door B" and fresh.coordinator == world.user(Role.COORDINATOR)


def test_a_goal_change_by_one_refuses_an_action_change_by_another(world):
    """Every change to goals and actions raises the plan's version."""
    shown = version_of(world.plan)
    services.goal_update(
        user=world.user(Role.COORDINATOR),
        goal=world.goal,
        version=shown,
        text="Schulden opgelost",
        status=GoalStatus.ACHIEVED,
    )
    assert version_of(world.plan) == shown + 1
    with pytest.raises(ApplicationError, match="Someone else saved"):
        services.action_update(
            user=world.user(Role.PROFESSIONAL),
            item=world.action,
            version=shown,
            description="Gewijzigd",
            owner_name="Ik",
        )
    assert PlanAction.objects.get(pk=world.action.pk).description != "Gewijzigd"


@pytest.mark.parametrize("change", ["goal_add", "action_add", "appointment_add", "review"])
def test_every_change_of_a_part_raises_the_version_and_checks_it(world, change):
    user = world.user(Role.PROFESSIONAL)
    calls = {
        "goal_add": lambda v: services.goal_add(user=user, plan=world.plan, text="Doel", version=v),
        "action_add": lambda v: services.action_add(
            user=user, plan=world.plan, description="Actie", owner_name="Ik", version=v
        ),
        "appointment_add": lambda v: services.appointment_add(
            user=user, plan=world.plan, starts_at=timezone.now(), version=v
        ),
        "review": lambda v: services.review_schedule(
            user=user, plan=world.plan, planned_on=TODAY() + dt.timedelta(days=v), version=v
        ),
    }
    shown = version_of(world.plan)
    calls[change](shown)
    assert version_of(world.plan) == shown + 1
    with pytest.raises(ApplicationError, match="Someone else saved"):
        calls[change](shown)
    assert version_of(world.plan) == shown + 1


def test_a_comment_does_not_raise_the_version(world):
    shown = version_of(world.plan)
    services.comment_add(user=world.user(Role.PROFESSIONAL), plan=world.plan, text="Goed bezig")
    assert version_of(world.plan) == shown


# --- closing ------------------------------------------------------------------------------


def test_close_plan_clears_the_next_review_and_stops_changes(world):
    user = world.user(Role.COORDINATOR)
    services.plan_close(user=user, plan=world.plan, version=world.plan.version)
    plan = Plan.objects.get(pk=world.plan.pk)
    assert plan.status == PlanStatus.CLOSED and plan.closed_on == TODAY()
    assert plan.next_review_on is None
    with pytest.raises(ApplicationError, match="has been closed"):
        services.goal_add(user=user, plan=plan, text="Nog een doel")
    with pytest.raises(ApplicationError, match="has been closed"):
        services.comment_add(user=user, plan=plan, text="Nog iets")
    assert not Goal.objects.filter(text="Nog een doel").exists()


def test_close_in_the_future_is_refused(world):
    with pytest.raises(ApplicationError):
        services.plan_close(
            user=world.user(Role.COORDINATOR),
            plan=world.plan,
            version=world.plan.version,
            closed_on=TODAY() + dt.timedelta(days=1),
        )


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMIN, Role.RESIDENT])
def test_roles_without_change_rights_cannot_close(world, role):
    with pytest.raises((Http404, PermissionDenied)):
        services.plan_close(user=world.user(role), plan=world.plan, version=world.plan.version)


def test_no_consent_no_change(world):
    with pytest.raises(Http404):
        services.goal_add(
            user=world.user(Role.PROFESSIONAL), plan=world.unconsented_plan, text="Doel"
        )


# --- goals and actions --------------------------------------------------------------------


def test_goal_needs_text_and_a_known_life_domain(world):
    user = world.user(Role.PROFESSIONAL)
    with pytest.raises(ApplicationError) as refused:
        services.goal_add(user=user, plan=world.plan, text="  ")
    assert refused.value.field == "text"
    with pytest.raises(ApplicationError) as refused:
        services.goal_add(user=user, plan=world.plan, text="Doel", life_domain="unknown")
    assert refused.value.field == "life_domain"


def test_action_owner_from_another_organisation_of_the_municipality(world):
    other = OrganisationFactory(municipality=world.gm, name="GGZ Utrecht")
    item = services.action_add(
        user=world.user(Role.PROFESSIONAL),
        plan=world.plan,
        description="Intake GGZ",
        owner_organisation=other,
        owner_name="Sanne",
        goal=world.goal,
        due_on=TODAY() + dt.timedelta(days=7),
    )
    assert item.owner_organisation == other and item.goal == world.goal


def test_action_owner_of_another_municipality_is_refused(world):
    with pytest.raises(ApplicationError) as refused:
        services.action_add(
            user=world.user(Role.PROFESSIONAL),
            plan=world.plan,
            description="Intake",
            owner_organisation=OrganisationFactory(municipality=world.other_gm),
            owner_name="Sanne",
        )
    assert refused.value.field == "owner_organisation"


def test_action_owner_account_must_see_the_plan(world):
    user = world.user(Role.PROFESSIONAL)
    with pytest.raises(ApplicationError) as refused:
        services.action_add(
            user=user,
            plan=world.plan,
            description="Intake",
            owner_user=world.user("sibling_professional"),
        )
    assert refused.value.field == "owner_user"
    item = services.action_add(
        user=user, plan=world.plan, description="Intake", owner_user=world.user("colleague")
    )
    assert item.owner_name == world.user("colleague").get_full_name()


def test_goal_of_another_plan_is_refused(world):
    other_goal = Goal.objects.create(plan=world.unconsented_plan, text="Ander doel")
    with pytest.raises(ApplicationError) as refused:
        services.action_add(
            user=world.user(Role.PROFESSIONAL),
            plan=world.plan,
            description="Actie",
            owner_name="Ik",
            goal=other_goal,
        )
    assert refused.value.field == "goal"


# --- the resident in Mijn plan ------------------------------------------------------------


def test_resident_adds_own_goal_and_comment(world):
    resident_user = world.user(Role.RESIDENT)
    shown = version_of(world.plan)
    goal = services.goal_add(
        user=resident_user, plan=world.plan, text="Zelf koken", by_resident=True
    )
    assert goal.added_by_resident and goal.author == resident_user
    assert version_of(world.plan) == shown + 1
    comment = services.comment_add(
        user=resident_user, plan=world.plan, text="Fijn gesprek", by_resident=True
    )
    assert comment.by_resident
    assert AccessLogEntry.objects.filter(
        event="create", purpose=Purpose.OWN_DATA, object_type="plans.Goal"
    ).exists()
    services.goal_update(
        user=resident_user,
        goal=goal,
        version=None,
        text="Zelf koken, twee keer per week",
        status=GoalStatus.OPEN,
    )
    with pytest.raises(PermissionDenied):  # not their own goal
        services.goal_update(user=resident_user, goal=world.goal, version=None, text="Weg ermee")


def test_resident_cannot_write_in_another_households_plan(world):
    with pytest.raises(Http404):
        services.comment_add(
            user=world.user(Role.RESIDENT),
            plan=world.unconsented_plan,
            text="Hoi",
            by_resident=True,
        )
    with pytest.raises(PermissionDenied):
        services.action_add(
            user=world.user(Role.RESIDENT), plan=world.plan, description="x", owner_name="x"
        )


def test_a_professional_does_not_write_as_the_resident(world):
    with pytest.raises(PermissionDenied):
        services.comment_add(
            user=world.user(Role.PROFESSIONAL), plan=world.plan, text="x", by_resident=True
        )
    assert not PlanComment.objects.exists()


def test_resident_of_another_municipality_sees_nothing(world):
    stranger = UserFactory(role=Role.RESIDENT, municipality=world.other_gm)
    with pytest.raises(Http404):
        services.goal_add(user=stranger, plan=world.plan, text="x", by_resident=True)
