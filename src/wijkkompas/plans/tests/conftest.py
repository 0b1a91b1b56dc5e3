"""A small world for the plan tests: two municipalities, three teams, households with and
without consent, a plan per household, a closed case discussion, one user per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.plans.tests.factories import (
    CaseDiscussionFactory,
    GoalFactory,
    ParticipantFactory,
    PlanActionFactory,
    PlanFactory,
    ReviewFactory,
)
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
)
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

TEAM_ROLES_OF_TEAM = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]
#: Roles that never reach the professionals' case pages (403).
NO_CASE_ROLES = [
    Role.POLICY_OFFICER,
    Role.RESEARCHER,
    Role.INITIATOR,
    Role.PRIVACY_OFFICER,
    Role.ADMIN,
    Role.RESIDENT,
]

HOUSEHOLD_LABEL = "Familie Yilmaz"
RESIDENT_NAME = "Ayse Yilmaz"
SUMMARY = "Ayse wil rust in de financiën en weer aan het werk."


@dataclass
class World:
    gm: Any
    other_gm: Any
    team: Any
    sibling: Any
    foreign: Any
    organisation: Any
    household: Any  # consent to the team for every part
    resident: Any
    plan: Any
    goal: Any
    action: Any
    review: Any
    discussion: Any  # organised by the coordinator; the professional is not invited
    unconsented: Any  # a household of the team without consent, with a plan
    unconsented_plan: Any
    sibling_plan: Any  # a plan of the sibling team (consent to that team)
    foreign_plan: Any  # a plan in the other municipality
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


def household_with_consent(team: Any, /, *, label: str = "", name: str = "", **consent: Any) -> Any:
    """A household of ``team`` with one resident who consents (to the team, every part)."""
    household = HouseholdFactory(team=team, **({"label": label} if label else {}))
    resident = ResidentFactory(household=household, **({"name": name} if name else {}))
    if consent.pop("given", True):
        ConsentFactory(resident=resident, **consent)
    return household


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0344", name="Utrecht")
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    neighbourhood = NeighbourhoodFactory(district=DistrictFactory(municipality=gm))
    team = TeamFactory(municipality=gm, name="Buurtteam Overvecht", neighbourhoods=[neighbourhood])
    sibling = TeamFactory(municipality=gm, name="Buurtteam Zuilen", neighbourhoods=[neighbourhood])
    foreign = TeamFactory(municipality=other_gm, name="Buurtteam Noord", neighbourhoods=[])
    organisation = OrganisationFactory(municipality=gm, name="Schuldhulp Utrecht")
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES_OF_TEAM else None
        users[role] = UserFactory(username=f"p-{role}", role=role, municipality=gm, teams=teams)
    coordinator = users[Role.COORDINATOR]
    users["colleague"] = UserFactory(
        username="p-colleague", role=Role.PROFESSIONAL, municipality=gm, teams=[team]
    )
    users["sibling_professional"] = UserFactory(
        username="p-sibling", role=Role.PROFESSIONAL, municipality=gm, teams=[sibling]
    )
    users["foreign_professional"] = UserFactory(
        username="p-foreign", role=Role.PROFESSIONAL, municipality=other_gm, teams=[foreign]
    )
    household = household_with_consent(team, label=HOUSEHOLD_LABEL, name=RESIDENT_NAME)
    resident = household.residents.get()
    resident.user = users[Role.RESIDENT]
    resident.save()
    plan: Any = PlanFactory(household=household, coordinator=coordinator, summary=SUMMARY)
    goal = GoalFactory(plan=plan, text="Schulden op een rij")
    action = PlanActionFactory(plan=plan, owner_organisation=organisation)
    review = ReviewFactory(plan=plan)
    plan.next_review_on = review.planned_on
    plan.save()
    discussion = CaseDiscussionFactory(household=household, plan=plan, created_by=coordinator)
    ParticipantFactory(discussion=discussion, user=coordinator, invited_by=coordinator)
    unconsented = household_with_consent(team, label="Familie Zonder", given=False)
    unconsented_plan = PlanFactory(household=unconsented, coordinator=coordinator)
    sibling_household = household_with_consent(sibling, label="Familie Elders")
    sibling_plan = PlanFactory(household=sibling_household)
    foreign_plan = PlanFactory(household=household_with_consent(foreign, label="Familie Ver"))
    # The professional works for the organisation (a membership linked to the account).
    MembershipFactory(team=team, organisation=organisation, user=users[Role.PROFESSIONAL])
    return World(
        gm=gm,
        other_gm=other_gm,
        team=team,
        sibling=sibling,
        foreign=foreign,
        organisation=organisation,
        household=household,
        resident=resident,
        plan=plan,
        goal=goal,
        action=action,
        review=review,
        discussion=discussion,
        unconsented=unconsented,
        unconsented_plan=unconsented_plan,
        sibling_plan=sibling_plan,
        foreign_plan=foreign_plan,
        users=users,
    )
