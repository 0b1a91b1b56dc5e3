"""A small world for the team tests: two municipalities, three teams, one user per role."""

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
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.models import Discipline
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.teams.constants import Ring
from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory


@dataclass
class World:
    gm: Any
    other_gm: Any
    district: Any
    neighbourhood: Any
    team: Any
    sibling: Any
    foreign: Any
    amw: Any
    nurse_org: Any
    members: list[Any]
    partner: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek", shares_aggregates=False)
    other_gm = MunicipalityFactory(code="GM0361", name="Alkmaar", shares_aggregates=True)
    district = DistrictFactory(municipality=gm, code="WK026901", name="Wezep")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU02690101", name="Wezep-Noord")
    team: Any = TeamFactory(
        municipality=gm, name="Krachtstroom Wezep", neighbourhoods=[neighbourhood]
    )
    team.districts.set([district])
    sibling = TeamFactory(
        municipality=gm, name="Team Oldebroek-dorp", neighbourhoods=[neighbourhood]
    )
    foreign = TeamFactory(municipality=other_gm, name="Sociaal team Alkmaar")
    amw = OrganisationFactory(municipality=gm, name="Welzijn Oldebroek", craft=Craft.HULP)
    nurse_org = OrganisationFactory(
        municipality=gm,
        name="Thuiszorg Noord-Veluwe",
        craft=Craft.ZORG,
        discipline=Discipline.objects.get(code="wijkverpleging"),
    )
    members = [
        MembershipFactory(team=team, person_name="Anna de Vries", organisation=amw, ring=Ring.CORE),
        MembershipFactory(
            team=team, person_name="Bram Jansen", organisation=nurse_org, ring=Ring.FIRST_SHELL
        ),
        MembershipFactory(team=sibling, person_name="Carla Smit", organisation=amw, ring=Ring.CORE),
        MembershipFactory(team=foreign, person_name="Dirk Bakker", ring=Ring.CORE),
    ]
    partner = PartnerFactory(team=team, name="Jeugdteam Wezep")
    world = World(
        gm=gm,
        other_gm=other_gm,
        district=district,
        neighbourhood=neighbourhood,
        team=team,
        sibling=sibling,
        foreign=foreign,
        amw=amw,
        nurse_org=nurse_org,
        members=members,
        partner=partner,
    )
    for role in Role.values:
        teams = [team] if role in {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD} else None
        world.users[role] = UserFactory(
            username=f"t-{role}", role=role, municipality=gm, teams=teams
        )
    world.users["other_team_lead"] = UserFactory(
        username="t-other-lead", role=Role.TEAM_LEAD, municipality=gm, teams=[sibling]
    )
    world.users["other_admin"] = UserFactory(
        username="t-other-admin", role=Role.ADMIN, municipality=other_gm
    )
    world.users["researcher_elsewhere"] = UserFactory(
        username="t-researcher-2", role=Role.RESEARCHER, municipality=other_gm
    )
    return world
