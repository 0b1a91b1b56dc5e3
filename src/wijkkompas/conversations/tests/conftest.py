"""A small world for the conversation tests: two municipalities, three teams, residents
with and without consent, one user per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.residents.tests.factories import (
    ConsentFactory,
    HouseholdFactory,
    ResidentFactory,
)
from wijkkompas.teams.tests.factories import TeamFactory

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


@dataclass
class World:
    gm: Any
    other_gm: Any
    team: Any
    sibling: Any
    foreign: Any
    resident: Any  # consent to the team for every part
    consent: Any
    partial: Any  # consent to the team for name and contact details only
    unconsented: Any  # no consent at all
    sibling_resident: Any  # in the sibling team, consent to that team
    foreign_resident: Any  # other municipality, consent to its team
    conversation: Any  # with ``resident``, recorded by the professional
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


def _resident(team: Any, **consent: Any) -> Any:
    resident = ResidentFactory(household=HouseholdFactory(team=team))
    if consent.pop("given", True):
        ConsentFactory(resident=resident, **consent)
    return resident


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0344", name="Utrecht")
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    team = TeamFactory(municipality=gm, name="Buurtteam Overvecht")
    sibling = TeamFactory(municipality=gm, name="Buurtteam Zuilen")
    foreign = TeamFactory(municipality=other_gm, name="Buurtteam Noord")
    resident = ResidentFactory(household=HouseholdFactory(team=team), name="Fatima El Amrani")
    consent = ConsentFactory(resident=resident)
    world = World(
        gm=gm,
        other_gm=other_gm,
        team=team,
        sibling=sibling,
        foreign=foreign,
        resident=resident,
        consent=consent,
        partial=_resident(
            team,
            covers_conversations=False,
            covers_assessments=False,
            covers_plan=False,
            covers_case_discussion=False,
        ),
        unconsented=_resident(team, given=False),
        sibling_resident=_resident(sibling),
        foreign_resident=_resident(foreign),
        conversation=None,
    )
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES_OF_TEAM else None
        world.users[role] = UserFactory(
            username=f"c-{role}", role=role, municipality=gm, teams=teams
        )
    world.users["sibling_professional"] = UserFactory(
        username="c-sibling", role=Role.PROFESSIONAL, municipality=gm, teams=[sibling]
    )
    world.users["foreign_professional"] = UserFactory(
        username="c-foreign", role=Role.PROFESSIONAL, municipality=other_gm, teams=[foreign]
    )
    world.conversation = ConversationFactory(
        resident=resident,
        author=world.users[Role.PROFESSIONAL],
        question="Eenzaam sinds de verhuizing",
    )
    return world
