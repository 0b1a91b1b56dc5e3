"""A small world for the self-assessment tests: a municipality with two teams, one that
shares its aggregates and one that does not, a user per role, and two rounds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.selfassessments.tests.factories import MeasurementRoundFactory
from wijkkompas.teams.tests.factories import TeamFactory


@dataclass
class World:
    gm: Any
    sharing: Any  # shares its aggregates
    private: Any  # shares nothing
    team: Any  # of gm, the team lead's
    other_team: Any  # of gm, not the team lead's
    nulmeting: Any
    eenmeting: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    sharing = MunicipalityFactory(code="GM0392", name="Haarlem", shares_aggregates=True)
    private = MunicipalityFactory(code="GM0479", name="Zaanstad")
    team = TeamFactory(municipality=gm, name="Team Wezep")
    other_team = TeamFactory(municipality=gm, name="Team Oldebroek")
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in (Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD) else None
        users[role] = UserFactory(username=f"za-{role}", role=role, municipality=gm, teams=teams)
    users["sharing_officer"] = UserFactory(
        username="za-sharing", role=Role.POLICY_OFFICER, municipality=sharing
    )
    users["private_officer"] = UserFactory(
        username="za-private", role=Role.POLICY_OFFICER, municipality=private
    )
    users["operator"] = UserFactory(
        username="za-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    return World(
        gm=gm,
        sharing=sharing,
        private=private,
        team=team,
        other_team=other_team,
        nulmeting=MeasurementRoundFactory(
            name="Nulmeting 2026", held_on=dt.date(2026, 3, 1), order=1
        ),
        eenmeting=MeasurementRoundFactory(
            name="Eenmeting 2027", held_on=dt.date(2027, 3, 1), order=2
        ),
        users=users,
    )
