"""A small world for the factsheet tests: a municipality with two teams (members of
several disciplines in every ring, partners, areas, self-assessments), a municipality that
does not share its aggregates and one that does, and one user per role in the first team.
PDFs are written to a temporary directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import override_settings

from wijkkompas.accounts.constants import TEAM_ROLES, Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.models import Discipline
from wijkkompas.organisations.tests.factories import OrganisationFactory
from wijkkompas.selfassessments.tests.factories import MeasurementRoundFactory, submitted
from wijkkompas.teams.constants import Positioning, Ring, TargetGroup, TeamType
from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory


@dataclass
class World:
    gm: Any
    foreign: Any  # shares nothing
    shared: Any  # shares its aggregates with the knowledge circle
    team: Any
    sibling: Any
    foreign_team: Any
    shared_team: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


def _staff(team: Any, organisations: dict[str, Any], plan: list[tuple[str, str, int]]) -> None:
    for discipline, ring, n in plan:
        for _ in range(n):
            MembershipFactory(team=team, organisation=organisations[discipline], ring=ring)


def build_team(municipality: Any, name: str, *, size: int = 1, **kwargs: Any) -> Any:
    """A team with members of four disciplines in every ring and two partners."""
    district = DistrictFactory(municipality=municipality)
    neighbourhoods = [NeighbourhoodFactory(district=district) for _ in range(2)]
    team = TeamFactory(
        municipality=municipality, name=name, neighbourhoods=neighbourhoods, **kwargs
    )
    team.districts.set([district])  # type: ignore[attr-defined]
    organisations = {
        code: OrganisationFactory(
            municipality=municipality,
            name=f"{label} {name}",
            discipline=Discipline.objects.get(code=code),
            craft=craft,
        )
        for code, label, craft in (
            ("amw", "Maatschappelijk werk", Craft.HULP),
            ("ggz", "GGZ", Craft.ZORG),
            ("opbouwwerk", "Welzijn", Craft.WELZIJN),
            ("mee", "MEE", Craft.HULP),
        )
    }
    _staff(
        team,
        organisations,
        [
            ("amw", Ring.CORE, 6 * size),
            ("opbouwwerk", Ring.CORE, 5 * size),
            ("ggz", Ring.FIRST_SHELL, 2 * size),
            ("mee", Ring.ON_CALL, 1),
        ],
    )
    PartnerFactory(team=team, organisation=organisations["ggz"], ring=Ring.OUTER)
    PartnerFactory(team=team, ring=Ring.OUTER)
    return team


@pytest.fixture(autouse=True)
def _factsheet_dir(tmp_path: Any) -> Any:
    with override_settings(WIJKKOMPAS_FACTSHEET_DIR=tmp_path / "factsheets"):
        yield


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    foreign = MunicipalityFactory(code="GM0363", name="Amsterdam")
    shared = MunicipalityFactory(code="GM0479", name="Zaanstad", shares_aggregates=True)
    team = build_team(
        gm,
        "Krachtstroomteam Wezep",
        team_type=TeamType.FIXED_EXTENDED,
        positioning=Positioning.ZEROTH_FIRST,
        target_group=TargetGroup.ALL_RESIDENTS,
        perspective="Iedereen in Wezep doet mee.",
    )
    sibling = build_team(
        gm,
        "Sociaal team Oldebroek-Noord",
        team_type=TeamType.FLEXIBLE_NETWORK,
        positioning=Positioning.FIRST,
        target_group=TargetGroup.SPECIFIC,
        perspective="Een vangnet voor kwetsbare gezinnen.",
    )
    foreign_team = build_team(foreign, "Buurtteam Noord")
    shared_team = build_team(shared, "Wijkteam Poelenburg")
    measurement: Any = MeasurementRoundFactory(name="Nulmeting 2026")
    submitted(measurement_round=measurement, municipality=gm, scores=(2, 4))
    submitted(measurement_round=measurement, municipality=gm, team=team, scores=(3, 5))
    submitted(measurement_round=measurement, municipality=shared, scores=(1, 3))
    users: dict[str, Any] = {}
    for role in Role.values:
        users[role] = UserFactory(
            username=f"fs-{role}",
            role=role,
            municipality=gm,
            teams=[team] if role in TEAM_ROLES else None,
        )
    users["sibling_lead"] = UserFactory(
        username="fs-sibling", role=Role.TEAM_LEAD, municipality=gm, teams=[sibling]
    )
    users["foreign_officer"] = UserFactory(
        username="fs-foreign", role=Role.POLICY_OFFICER, municipality=foreign
    )
    return World(
        gm=gm,
        foreign=foreign,
        shared=shared,
        team=team,
        sibling=sibling,
        foreign_team=foreign_team,
        shared_team=shared_team,
        users=users,
    )
