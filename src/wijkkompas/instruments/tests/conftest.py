"""A small world for the instrument tests: two municipalities, a team with a consenting
resident, one user per role, and criterion texts each municipality loaded for the ZRM."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.instruments.models import CriterionText, InstrumentVersion
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory
from wijkkompas.teams.tests.factories import TeamFactory

from .factories import shipped_ladder, shipped_zrm

TEAM_ROLES = {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD}


@dataclass
class World:
    gm: Any
    other_gm: Any
    team: Any
    resident: Any
    zrm: InstrumentVersion
    ladder: InstrumentVersion
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    other_gm = MunicipalityFactory(code="GM0599", name="Rotterdam")
    team = TeamFactory(municipality=gm, name="Wijkteam Noord")
    resident = ResidentFactory(household__team=team, name="Fatima El Amrani")
    ConsentFactory(resident=resident)
    zrm, ladder = shipped_zrm(), shipped_ladder()
    world = World(gm=gm, other_gm=other_gm, team=team, resident=resident, zrm=zrm, ladder=ladder)
    for role in Role.values:
        world.users[role] = UserFactory(
            username=f"i-{role}",
            role=role,
            municipality=gm,
            teams=[team] if role in TEAM_ROLES else None,
        )
    world.users["other_admin"] = UserFactory(
        username="i-other-admin", role=Role.ADMIN, municipality=other_gm
    )
    world.users["other_team_professional"] = UserFactory(
        username="i-other-team",
        role=Role.PROFESSIONAL,
        municipality=gm,
        teams=[TeamFactory(municipality=gm)],
    )
    world.users["operator"] = UserFactory(
        username="i-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    return world


def load_criteria(version: InstrumentVersion, municipality: Any, text: str) -> None:
    """Criterion texts "<text> <domain code> <level>" for every cell of ``version``."""
    levels = list(version.levels.all())
    CriterionText.objects.bulk_create(
        CriterionText(
            municipality=municipality,
            domain=domain,
            level=level,
            text=f"{text} {domain.code} {level.value}",
        )
        for domain in version.domains.all()
        for level in levels
    )
