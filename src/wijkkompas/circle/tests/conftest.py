"""A small knowledge circle for the tests: the users' municipality (Oldebroek, does not
share) with one team, two municipalities that share (Haarlem with two teams, Zaanstad with
one), one that does not share (Velsen, with a team of a discipline no other team has), a
user per role of Oldebroek, a policy officer of Velsen, the operator, and two rounds with
submitted self-assessments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.organisations.models import Discipline, Organisation
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.selfassessments.tests.factories import MeasurementRoundFactory, submitted
from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory


@dataclass
class Circle:
    gm: Any
    haarlem: Any
    zaanstad: Any
    velsen: Any
    teams: dict[str, Any]
    nulmeting: Any
    eenmeting: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


def _team(municipality: Any, name: str, members: list[tuple[str, str]], **kwargs: Any) -> Any:
    """A team with members: (discipline code, ring) per member."""
    team = TeamFactory(municipality=municipality, name=name, **kwargs)
    for code, ring in members:
        organisation = Organisation.objects.filter(
            municipality=municipality, discipline__code=code
        ).first() or OrganisationFactory(
            municipality=municipality,
            name=f"{code} {municipality.name}",
            discipline=Discipline.objects.get(code=code),
        )
        MembershipFactory(team=team, organisation=organisation, ring=ring)
    return team


@pytest.fixture
def circle(db: Any) -> Circle:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    haarlem = MunicipalityFactory(code="GM0392", name="Haarlem", shares_aggregates=True)
    zaanstad = MunicipalityFactory(code="GM0479", name="Zaanstad", shares_aggregates=True)
    velsen = MunicipalityFactory(code="GM0453", name="Velsen")
    teams = {
        "wezep": _team(gm, "Team Wezep", [("amw", "core"), ("amw", "core"), ("mee", "outer")]),
        "schalkwijk": _team(
            haarlem,
            "Wijkteam Schalkwijk",
            [("amw", "core"), ("opbouwwerk", "core"), ("ggz", "first_shell")],
            team_type="fixed_extended",
            positioning="1",
        ),
        "noord": _team(haarlem, "Wijkteam Noord", [("amw", "core"), ("huisarts-poh", "on_call")]),
        "poelenburg": _team(
            zaanstad,
            "Wijknetwerk Poelenburg",
            [("opbouwwerk", "core"), ("mee", "core")],
            team_type="flexible_network",
        ),
        "geheim": _team(velsen, "Geheim Team Velsen", [("politie", "core")]),
    }
    users: dict[str, Any] = {}
    for role in Role.values:
        member_of = (
            [teams["wezep"]] if role in ("professional", "coordinator", "team_lead") else None
        )
        users[role] = UserFactory(
            username=f"kk-{role}", role=role, municipality=gm, teams=member_of
        )
    users["velsen_officer"] = UserFactory(
        username="kk-velsen", role=Role.POLICY_OFFICER, municipality=velsen
    )
    users["operator"] = UserFactory(
        username="kk-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    nulmeting: Any = MeasurementRoundFactory(
        name="Nulmeting 2026", held_on=dt.date(2026, 3, 1), order=1
    )
    eenmeting: Any = MeasurementRoundFactory(
        name="Eenmeting 2027", held_on=dt.date(2027, 3, 1), order=2
    )
    for municipality, scores in (
        (haarlem, (1, 2)),
        (zaanstad, (3, 3)),
        (velsen, (5, 5)),
        (gm, (2, 4)),
    ):
        submitted(measurement_round=nulmeting, municipality=municipality, scores=scores)
    submitted(measurement_round=eenmeting, municipality=haarlem, scores=(2, 2))
    return Circle(
        gm=gm,
        haarlem=haarlem,
        zaanstad=zaanstad,
        velsen=velsen,
        teams=teams,
        nulmeting=nulmeting,
        eenmeting=eenmeting,
        users=users,
    )
