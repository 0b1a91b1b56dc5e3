"""A small world for the risk register tests: two municipalities, two teams in the first,
one user per role in the first team, and a team lead of each other team."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import TEAM_ROLES, Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.risks.tests.factories import TeamRiskFactory
from wijkkompas.teams.tests.factories import TeamFactory


@dataclass
class World:
    gm: Any
    other_gm: Any
    team: Any
    sibling: Any  # another team of the same municipality
    foreign_team: Any
    risk: Any  # of ``team``
    sibling_risk: Any
    foreign_risk: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    team = TeamFactory(municipality=gm, name="Krachtstroomteam Wezep")
    sibling = TeamFactory(municipality=gm, name="Sociaal team Oldebroek-Noord")
    foreign_team = TeamFactory(municipality=other_gm, name="Buurtteam Noord")
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES else None
        users[role] = UserFactory(
            username=f"rk-{role}", role=role, municipality=gm, teams=teams, first_name=role
        )
    users["sibling_lead"] = UserFactory(
        username="rk-sibling", role=Role.TEAM_LEAD, municipality=gm, teams=[sibling]
    )
    users["foreign_lead"] = UserFactory(
        username="rk-foreign", role=Role.TEAM_LEAD, municipality=other_gm, teams=[foreign_team]
    )
    users["operator"] = UserFactory(
        username="rk-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    return World(
        gm=gm,
        other_gm=other_gm,
        team=team,
        sibling=sibling,
        foreign_team=foreign_team,
        risk=TeamRiskFactory(
            team=team,
            title="Wachtlijst schuldhulp",
            likelihood=4,
            impact=4,
            owner=users[Role.COORDINATOR],
        ),
        sibling_risk=TeamRiskFactory(team=sibling, title="Verloop in Noord"),
        foreign_risk=TeamRiskFactory(team=foreign_team, title="Aanbesteding Amsterdam"),
        users=users,
    )
