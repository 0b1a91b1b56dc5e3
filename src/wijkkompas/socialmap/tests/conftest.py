"""A small world for the social map tests: two municipalities, one user per role, an
initiative run by the initiator, entries (public, not public, stale, foreign)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.initiatives.tests.factories import InitiativeFactory
from wijkkompas.places.tests.factories import PlaceFactory
from wijkkompas.socialmap.constants import STALE_AFTER, EntryKind, WmoStep
from wijkkompas.socialmap.tests.factories import EntryFactory
from wijkkompas.teams.tests.factories import TeamFactory

TEAM_ROLES_OF_TEAM = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]


@dataclass
class World:
    gm: Any
    other_gm: Any
    neighbourhood: Any  # Wezep-Noord
    other_neighbourhood: Any  # Wezep-Zuid
    foreign_neighbourhood: Any
    initiative: Any  # run by the initiator
    other_initiative: Any  # not run by the initiator
    foreign_initiative: Any
    place: Any
    meal: Any  # public, linked to the initiative, Wezep-Noord, social network
    loket: Any  # public, individual step, whole municipality
    hidden: Any  # not public
    stale: Any  # checked long ago, Wezep-Zuid
    foreign: Any  # public entry of the other municipality
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    district = DistrictFactory(municipality=gm, code="WK026990")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU02699001", name="Wezep-Noord")
    other_neighbourhood = NeighbourhoodFactory(
        district=district, code="BU02699002", name="Wezep-Zuid"
    )
    foreign_neighbourhood = NeighbourhoodFactory(
        district=DistrictFactory(municipality=other_gm, code="WK036390"),
        code="BU03639001",
        name="Burgwallen",
    )
    team = TeamFactory(municipality=gm, neighbourhoods=[neighbourhood])
    foreign_team = TeamFactory(municipality=other_gm)
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES_OF_TEAM else None
        users[role] = UserFactory(username=f"sm-{role}", role=role, municipality=gm, teams=teams)
    users["foreign_admin"] = UserFactory(
        username="sm-foreign", role=Role.ADMIN, municipality=other_gm
    )
    initiative = InitiativeFactory(team=team, name="Buurtmaaltijd Wezep")
    initiative.residents_in_charge.add(users[Role.INITIATOR])
    place = PlaceFactory(municipality=gm, neighbourhood=neighbourhood, name="Dorpshuis Wezep")
    long_ago = timezone.localdate() - STALE_AFTER - dt.timedelta(days=10)
    return World(
        gm=gm,
        other_gm=other_gm,
        neighbourhood=neighbourhood,
        other_neighbourhood=other_neighbourhood,
        foreign_neighbourhood=foreign_neighbourhood,
        initiative=initiative,
        other_initiative=InitiativeFactory(team=team, name="Klussendienst"),
        foreign_initiative=InitiativeFactory(team=foreign_team, name="Buurtkamer Noord"),
        place=place,
        meal=EntryFactory(
            municipality=gm,
            name="Buurtmaaltijd in het dorpshuis",
            kind=EntryKind.INITIATIVE,
            life_domains=["social_network", "daytime"],
            initiative=initiative,
            place=place,
            neighbourhoods=[neighbourhood],
        ),
        loket=EntryFactory(
            municipality=gm,
            name="Wmo-loket",
            kind=EntryKind.PARTNER_SERVICE,
            step=WmoStep.INDIVIDUAL,
            life_domains=["social_network", "self_care"],
            description="Voor een maatwerkvoorziening.",
        ),
        hidden=EntryFactory(
            municipality=gm, name="Intern overleg mantelzorg", public=False, life_domains=[]
        ),
        stale=EntryFactory(
            municipality=gm,
            name="Schuldhulp spreekuur",
            life_domains=["finances"],
            last_checked_on=long_ago,
            neighbourhoods=[other_neighbourhood],
        ),
        foreign=EntryFactory(municipality=other_gm, name="Buurtkamer Burgwallen"),
        users=users,
    )
