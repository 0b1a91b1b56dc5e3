"""A small world for the working-group tests: two municipalities, three teams (the own
team, a sibling team of the same municipality, a team of another municipality), members of
the three crafts, one user per role, an opportunity and an initiative, and groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.initiatives.tests.factories import InitiativeFactory, OpportunityFactory
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory
from wijkkompas.workgroups.tests.factories import WorkGroupFactory

TEAM_ROLES_OF_TEAM = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]


@dataclass
class World:
    gm: Any
    team: Any
    sibling: Any
    foreign: Any
    members: dict[str, Any]  # craft -> membership of the own team
    opportunity: Any
    initiative: Any
    group: Any  # own team, open, no people yet
    sibling_group: Any
    foreign_group: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other_gm = MunicipalityFactory(code="GM0243", name="Harderwijk", shares_aggregates=True)
    team = TeamFactory(municipality=gm, name="Krachtstroomteam Wezep")
    sibling = TeamFactory(municipality=gm, name="Team Oldebroek-dorp")
    foreign = TeamFactory(municipality=other_gm, name="Sociaal team Harderwijk")
    members: dict[str, Any] = {}
    for craft, name in (
        (Craft.HULP, "Henk Hulp"),
        (Craft.ZORG, "Zeynep Zorg"),
        (Craft.WELZIJN, "Wim Welzijn"),
    ):
        organisation = OrganisationFactory(municipality=gm, name=f"Org {craft}", craft=craft)
        members[craft] = MembershipFactory(team=team, organisation=organisation, person_name=name)
    welzijn_org = members[Craft.WELZIJN].organisation
    members["welzijn2"] = MembershipFactory(
        team=team, organisation=welzijn_org, person_name="Wendy Welzijn"
    )
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES_OF_TEAM else None
        users[role] = UserFactory(username=f"w-{role}", role=role, municipality=gm, teams=teams)
    users["sibling_lead"] = UserFactory(
        username="w-sibling-lead", role=Role.TEAM_LEAD, municipality=gm, teams=[sibling]
    )
    users["foreign_lead"] = UserFactory(
        username="w-foreign-lead", role=Role.TEAM_LEAD, municipality=other_gm, teams=[foreign]
    )
    return World(
        gm=gm,
        team=team,
        sibling=sibling,
        foreign=foreign,
        members=members,
        opportunity=OpportunityFactory(team=team, title="Eenzaamheid onder ouderen"),
        initiative=InitiativeFactory(team=team, name="Buurtmaaltijd in het dorpshuis"),
        group=WorkGroupFactory(team=team, name="Eenzaamheid ouderen Wezep"),
        sibling_group=WorkGroupFactory(team=sibling, name="Jongeren Oldebroek"),
        foreign_group=WorkGroupFactory(team=foreign, name="Taal Harderwijk"),
        users=users,
    )
