"""A small world for the idea tests: two municipalities, the team serving a neighbourhood,
a sibling team, a foreign team, one user per role, a submitted and a published idea."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.ideas.tests.factories import (
    IdeaFactory,
    IdeaSupporterFactory,
    PublishedIdeaFactory,
)
from wijkkompas.teams.tests.factories import TeamFactory

TEAM_ROLES_OF_TEAM = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]

SUPPORTER_NAME = "Fatima Bakker"
SUPPORTER_EMAIL = "fatima.bakker@example.org"
SUPPORTER_PHONE = "0612345678"


@dataclass
class World:
    gm: Any
    other_gm: Any
    neighbourhood: Any
    other_neighbourhood: Any  # same municipality, served by the sibling team
    foreign_neighbourhood: Any
    team: Any
    sibling: Any
    foreign: Any
    submitted: Any  # a submitted idea of the team's neighbourhood
    published: Any  # a published idea with one supporter
    sibling_idea: Any  # a submitted idea of the sibling team
    foreign_idea: Any  # a published idea of the other municipality
    supporter: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    """The rate limit lives in the cache: every test starts without earlier sends."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    other_gm = MunicipalityFactory(code="GM0363", name="Amsterdam")
    district = DistrictFactory(municipality=gm, code="WK026901", name="Wezep")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU02690101", name="Wezep-Noord")
    other_neighbourhood = NeighbourhoodFactory(
        district=district, code="BU02690102", name="Wezep-Zuid"
    )
    foreign_neighbourhood = NeighbourhoodFactory(
        district=DistrictFactory(municipality=other_gm, code="WK036301"), code="BU03630101"
    )
    team = TeamFactory(municipality=gm, name="Sociaal team Wezep", neighbourhoods=[neighbourhood])
    sibling = TeamFactory(
        municipality=gm, name="Sociaal team Zuid", neighbourhoods=[other_neighbourhood]
    )
    foreign = TeamFactory(
        municipality=other_gm, name="Buurtteam Noord", neighbourhoods=[foreign_neighbourhood]
    )
    users: dict[str, Any] = {}
    for role in Role.values:
        teams = [team] if role in TEAM_ROLES_OF_TEAM else None
        users[role] = UserFactory(username=f"i-{role}", role=role, municipality=gm, teams=teams)
    users["colleague"] = UserFactory(
        username="i-colleague", role=Role.PROFESSIONAL, municipality=gm, teams=[team]
    )
    users["sibling_professional"] = UserFactory(
        username="i-sibling", role=Role.PROFESSIONAL, municipality=gm, teams=[sibling]
    )
    users["foreign_professional"] = UserFactory(
        username="i-foreign", role=Role.PROFESSIONAL, municipality=other_gm, teams=[foreign]
    )
    submitted = IdeaFactory(neighbourhood=neighbourhood, team=team, title="Klussendienst")
    published = PublishedIdeaFactory(
        neighbourhood=neighbourhood, team=team, title="Samen koken voor ouderen"
    )
    supporter = IdeaSupporterFactory(
        idea=published, name=SUPPORTER_NAME, email=SUPPORTER_EMAIL, phone=SUPPORTER_PHONE
    )
    sibling_idea = IdeaFactory(neighbourhood=other_neighbourhood, team=sibling)
    foreign_idea = PublishedIdeaFactory(neighbourhood=foreign_neighbourhood, team=foreign)
    return World(
        gm=gm,
        other_gm=other_gm,
        neighbourhood=neighbourhood,
        other_neighbourhood=other_neighbourhood,
        foreign_neighbourhood=foreign_neighbourhood,
        team=team,
        sibling=sibling,
        foreign=foreign,
        submitted=submitted,
        published=published,
        sibling_idea=sibling_idea,
        foreign_idea=foreign_idea,
        supporter=supporter,
        users=users,
    )
