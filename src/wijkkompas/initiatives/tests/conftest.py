"""A small world for the initiative tests: two municipalities (the second shares its
aggregates), three teams, one user per role, initiatives, an opportunity, a resident with
consent and a conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.initiatives.tests.factories import InitiativeFactory, OpportunityFactory
from wijkkompas.places.tests.factories import PlaceFactory
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
)
from wijkkompas.teams.tests.factories import TeamFactory

TEAM_ROLES_OF_TEAM = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]


@dataclass
class World:
    gm: Any
    shared_gm: Any
    team: Any
    sibling: Any
    foreign: Any
    neighbourhood: Any
    place: Any
    initiative: Any  # own team; the initiator is in charge
    sibling_initiative: Any  # another team of the municipality
    foreign_initiative: Any  # the other (sharing) municipality
    opportunity: Any
    resident: Any
    conversation: Any
    unconsented: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    shared_gm = MunicipalityFactory(code="GM0243", name="Harderwijk", shares_aggregates=True)
    team = TeamFactory(municipality=gm, name="Krachtstroomteam Wezep")
    sibling = TeamFactory(municipality=gm, name="Team Oldebroek-dorp")
    foreign = TeamFactory(municipality=shared_gm, name="Sociaal team Harderwijk")
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES_OF_TEAM else None
        users[role] = UserFactory(username=f"i-{role}", role=role, municipality=gm, teams=teams)
    users["other_initiator"] = UserFactory(
        username="i-other-initiator", role=Role.INITIATOR, municipality=gm
    )
    users["sibling_professional"] = UserFactory(
        username="i-sibling", role=Role.PROFESSIONAL, municipality=gm, teams=[sibling]
    )
    users["foreign_professional"] = UserFactory(
        username="i-foreign", role=Role.PROFESSIONAL, municipality=shared_gm, teams=[foreign]
    )
    neighbourhood = team.neighbourhoods.first()
    place = PlaceFactory(municipality=gm, neighbourhood=neighbourhood, name="Dorpshuis De Wezep")
    initiative = InitiativeFactory(
        team=team,
        name="Buurtmaaltijd in het dorpshuis",
        place=place,
        residents_in_charge=[users[Role.INITIATOR]],
        coaches=[users[Role.PROFESSIONAL]],
    )
    resident = ResidentFactory(household=HouseholdFactory(team=team), name="Gerrit Jansen")
    ConsentFactory(resident=resident)
    conversation = ConversationFactory(
        resident=resident, author=users[Role.PROFESSIONAL], outcome="collective"
    )
    unconsented = ResidentFactory(household=HouseholdFactory(team=team), name="Zonder Toestemming")
    return World(
        gm=gm,
        shared_gm=shared_gm,
        team=team,
        sibling=sibling,
        foreign=foreign,
        neighbourhood=neighbourhood,
        place=place,
        initiative=initiative,
        sibling_initiative=InitiativeFactory(team=sibling, name="Klussendienst"),
        foreign_initiative=InitiativeFactory(team=foreign, name="Taalcafé"),
        opportunity=OpportunityFactory(team=team, title="Eenzaamheid onder ouderen"),
        resident=resident,
        conversation=conversation,
        unconsented=unconsented,
        users=users,
    )
