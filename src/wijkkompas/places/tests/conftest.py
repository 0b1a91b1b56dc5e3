"""A small world for the place tests: two municipalities, one user per role, places."""

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
from wijkkompas.places.constants import PlaceKind
from wijkkompas.places.tests.factories import PlaceFactory
from wijkkompas.teams.tests.factories import TeamFactory

TEAM_ROLES_OF_TEAM = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]


@dataclass
class World:
    gm: Any
    other_gm: Any
    neighbourhood: Any
    foreign_neighbourhood: Any
    place: Any  # public community centre in the neighbourhood
    private_place: Any  # not public (a kitchen table)
    foreign_place: Any  # not public, other municipality
    foreign_public_place: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    neighbourhood = NeighbourhoodFactory(
        district=DistrictFactory(municipality=gm, code="WK026901"),
        code="BU02690101",
        name="Wezep-Noord",
    )
    foreign_neighbourhood = NeighbourhoodFactory(
        district=DistrictFactory(municipality=other_gm, code="WK036301"), code="BU03630101"
    )
    team = TeamFactory(municipality=gm, neighbourhoods=[neighbourhood])
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES_OF_TEAM else None
        users[role] = UserFactory(username=f"pl-{role}", role=role, municipality=gm, teams=teams)
    users["foreign_admin"] = UserFactory(
        username="pl-foreign", role=Role.ADMIN, municipality=other_gm
    )
    return World(
        gm=gm,
        other_gm=other_gm,
        neighbourhood=neighbourhood,
        foreign_neighbourhood=foreign_neighbourhood,
        place=PlaceFactory(municipality=gm, neighbourhood=neighbourhood, name="De Klaproos"),
        private_place=PlaceFactory(
            municipality=gm,
            neighbourhood=neighbourhood,
            name="Keukentafel bij Jansen",
            kind=PlaceKind.KITCHEN_TABLE,
            address="",
            public=False,
        ),
        foreign_place=PlaceFactory(municipality=other_gm, name="Buurthuis Noord", public=False),
        foreign_public_place=PlaceFactory(
            municipality=other_gm, neighbourhood=foreign_neighbourhood, name="Bibliotheek Noord"
        ),
        users=users,
    )
