"""A small world for the time tests: a team in Oldebroek with a lead and three members,
another team of the same municipality, a team of another municipality, a user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.teams.tests.factories import TeamFactory
from wijkkompas.timeuse.weeks import this_week

from .factories import TimeSplitFactory


@dataclass
class World:
    gm: Any
    other_gm: Any
    team: Any
    other_team: Any
    foreign_team: Any
    lead: Any
    members: list[Any]
    outsider: Any  # a professional of the other team
    foreign: Any  # a team lead of the other municipality
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


def weeks_ago(n: int) -> dt.date:
    return this_week() - dt.timedelta(weeks=n)


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    team = TeamFactory(municipality=gm, name="Krachtstroomteam Wezep", perspective="Samen sterk")
    other_team = TeamFactory(municipality=gm, name="Team Oldebroek")
    foreign_team = TeamFactory(municipality=other_gm, name="Team Noord")
    lead = UserFactory(role=Role.TEAM_LEAD, municipality=gm, teams=[team])
    members = [
        UserFactory(role=Role.PROFESSIONAL, municipality=gm, teams=[team]),
        UserFactory(role=Role.PROFESSIONAL, municipality=gm, teams=[team]),
        UserFactory(role=Role.COORDINATOR, municipality=gm, teams=[team]),
    ]
    outsider = UserFactory(role=Role.PROFESSIONAL, municipality=gm, teams=[other_team])
    foreign = UserFactory(role=Role.TEAM_LEAD, municipality=other_gm, teams=[foreign_team])
    users: dict[str, Any] = {
        Role.PROFESSIONAL: members[0],
        Role.COORDINATOR: members[2],
        Role.TEAM_LEAD: lead,
    }
    for role in (
        Role.POLICY_OFFICER,
        Role.RESEARCHER,
        Role.ADMIN,
        Role.PRIVACY_OFFICER,
        Role.INITIATOR,
        Role.RESIDENT,
    ):
        users[role] = UserFactory(role=role, municipality=gm)
    # Two weeks back and last week for two members; the coordinator last week only.
    for n, (a, b) in enumerate(
        [((70, 10, 10, 10), (80, 5, 5, 10)), ((60, 20, 10, 10), (50, 25, 15, 10))], start=1
    ):
        for user, shares in zip(members[:2], (a, b), strict=True):
            TimeSplitFactory(
                team=team,
                user=user,
                week=weeks_ago(n),
                casework=shares[0],
                collective=shares[1],
                network=shares[2],
                overhead=shares[3],
                note=f"notitie {user.username} {n}",
            )
    TimeSplitFactory(team=team, user=members[2], week=weeks_ago(1), note="regie")
    TimeSplitFactory(team=foreign_team, user=foreign, week=weeks_ago(1), note="vreemd")
    return World(
        gm=gm,
        other_gm=other_gm,
        team=team,
        other_team=other_team,
        foreign_team=foreign_team,
        lead=lead,
        members=members,
        outsider=outsider,
        foreign=foreign,
        users=users,
    )
