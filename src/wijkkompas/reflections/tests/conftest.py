"""A small world for the reflection tests: two municipalities, two teams in the first,
one user per role in the first team (team roles are members with a membership), a team
lead of each other team, a held session with an open action owned by the professional and
a planned next session, and a risk of the team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import TEAM_ROLES, Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.reflections.tests.factories import (
    FollowUpActionFactory,
    HeldReflectionFactory,
    ReflectionFactory,
)
from wijkkompas.risks.tests.factories import TeamRiskFactory
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory


@dataclass
class World:
    gm: Any
    other_gm: Any
    team: Any
    sibling: Any
    foreign_team: Any
    held: Any  # a held session of ``team``
    planned: Any  # the next session of ``team``
    action: Any  # decided in ``held``, owned by the professional
    sibling_session: Any
    foreign_session: Any
    sibling_action: Any
    foreign_action: Any
    risk: Any
    members: dict[str, Any] = field(default_factory=dict)
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
    members: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES else None
        users[role] = UserFactory(
            username=f"rf-{role}", role=role, municipality=gm, teams=teams, first_name=role
        )
        if role in TEAM_ROLES:
            members[role] = MembershipFactory(
                team=team, person_name=f"Lid {role}", user=users[role]
            )
    members["outer"] = MembershipFactory(team=team, person_name="Buitenring Bas")
    users["sibling_lead"] = UserFactory(
        username="rf-sibling", role=Role.TEAM_LEAD, municipality=gm, teams=[sibling]
    )
    users["foreign_lead"] = UserFactory(
        username="rf-foreign", role=Role.TEAM_LEAD, municipality=other_gm, teams=[foreign_team]
    )
    users["operator"] = UserFactory(
        username="rf-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    held: Any = HeldReflectionFactory(team=team, title="Terugblik voorjaar")
    held.participants.set([members[Role.TEAM_LEAD], members[Role.PROFESSIONAL]])
    planned = ReflectionFactory(team=team, title="Kairosmoment najaar")
    sibling_session = HeldReflectionFactory(team=sibling, title="Noord kijkt terug")
    foreign_session = HeldReflectionFactory(team=foreign_team, title="Amsterdam kijkt terug")
    return World(
        gm=gm,
        other_gm=other_gm,
        team=team,
        sibling=sibling,
        foreign_team=foreign_team,
        held=held,
        planned=planned,
        action=FollowUpActionFactory(
            reflection=held,
            decision="Spreekuur schuldhulp in het dorpshuis",
            owner=users[Role.PROFESSIONAL],
            due_date=dt.date.today() + dt.timedelta(days=10),
        ),
        sibling_session=sibling_session,
        foreign_session=foreign_session,
        sibling_action=FollowUpActionFactory(reflection=sibling_session, decision="Noord besluit"),
        foreign_action=FollowUpActionFactory(
            reflection=foreign_session, decision="Amsterdam besluit"
        ),
        risk=TeamRiskFactory(team=team, title="Wachtlijst schuldhulp", likelihood=4, impact=4),
        members=members,
        users=users,
    )
