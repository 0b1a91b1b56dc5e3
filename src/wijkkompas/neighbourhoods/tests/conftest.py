"""A small world for the neighbourhood pages: a municipality with two neighbourhoods and a
team serving one of them, a foreign municipality and one that shares its aggregates; one
user per role; ideas, places and initiatives with many small counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from wijkkompas.accounts.constants import TEAM_ROLES, Role
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
from wijkkompas.places.tests.factories import PlaceFactory
from wijkkompas.teams.tests.factories import TeamFactory

#: Roles that may not see cases: every count they see is suppressed.
NON_CASE_ROLES = [
    Role.POLICY_OFFICER,
    Role.RESEARCHER,
    Role.INITIATOR,
    Role.RESIDENT,
    Role.PRIVACY_OFFICER,
    Role.ADMIN,
]


@dataclass
class World:
    gm: Any
    neighbourhood: Any
    sibling: Any  # another neighbourhood of the same municipality
    foreign: Any  # a neighbourhood of another municipality
    shared: Any  # a neighbourhood of a municipality that shares its aggregates
    team: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


def _initiative(neighbourhood: Any, team: Any, name: str, participants: int) -> Any:
    from wijkkompas.initiatives.models import Initiative

    initiative = Initiative.objects.create(
        municipality=neighbourhood.district.municipality,
        team=team,
        name=name,
        level="preventie",
        origin="team_signal",
        stage="loopt",
        participants_count=participants,
    )
    initiative.neighbourhoods.set([neighbourhood])
    return initiative


def build(gm_code: str = "GM0269") -> World:
    gm = MunicipalityFactory(code=gm_code, name="Oldebroek")
    district = DistrictFactory(municipality=gm, code=f"WK{gm_code[2:]}01", name="Wezep")
    neighbourhood = NeighbourhoodFactory(
        district=district, code=f"BU{gm_code[2:]}0101", name="Wezep-Centrum"
    )
    sibling = NeighbourhoodFactory(
        district=district, code=f"BU{gm_code[2:]}0102", name="Wezep-Noord"
    )
    foreign_gm = MunicipalityFactory(code="GM0200", name="Apeldoorn")
    foreign = NeighbourhoodFactory(
        district=DistrictFactory(municipality=foreign_gm, code="WK020001", name="Zuid"),
        code="BU02000101",
        name="Zevenhuizen",
    )
    shared_gm = MunicipalityFactory(code="GM0243", name="Harderwijk", shares_aggregates=True)
    shared = NeighbourhoodFactory(
        district=DistrictFactory(municipality=shared_gm, code="WK024301", name="Stad"),
        code="BU02430101",
        name="Binnenstad",
    )
    team = TeamFactory(municipality=gm, name="Sociaal team Wezep", neighbourhoods=[neighbourhood])
    world = World(
        gm=gm,
        neighbourhood=neighbourhood,
        sibling=sibling,
        foreign=foreign,
        shared=shared,
        team=team,
    )
    for role in Role:
        world.users[role.value] = UserFactory(
            username=f"nbh-{role.value}",
            role=role.value,
            municipality=gm,
            teams=[team] if role in TEAM_ROLES else [],
        )
    return world


def fill(world: World, *, ideas: int = 3, small: bool = True) -> None:
    """Ideas (published, with a few supporters each), a submitted one, places and
    initiatives with small numbers of participants."""
    n = world.neighbourhood
    for i in range(ideas):
        idea = PublishedIdeaFactory(neighbourhood=n, team=world.team, title=f"Buurtmaaltijd {i}")
        for _ in range(3 if small else 12):
            IdeaSupporterFactory(idea=idea)
    IdeaFactory(neighbourhood=n, team=world.team, title="Klussendienst (ingediend)")
    if small:
        PlaceFactory(municipality=world.gm, neighbourhood=n, name="Dorpshuis De Schakel")
        PlaceFactory(municipality=world.gm, neighbourhood=n, name="Moestuin", public=False)
        _initiative(n, world.team, "Jonge moedergroep", 7)
    else:
        for i in range(ideas):
            PlaceFactory(municipality=world.gm, neighbourhood=n, name=f"Plek {i}")


def add_signals(neighbourhood: Any, *, seed: int = 1, large: bool = False) -> dict[str, int]:
    """Signal rows of this year for the neighbourhood: every measure, many of them small
    (or, with ``large``, all of them large), outcomes and rungs adding up to their bases,
    and themes with example sentences. Returns the values by measure."""
    import random

    from django.utils import timezone

    from wijkkompas.conversations.constants import LifeDomain, Outcome
    from wijkkompas.signals.models import AreaSignal, Theme

    rng = random.Random(seed)
    low, high = (40, 90) if large else (0, 12)
    gm = neighbourhood.district.municipality
    start = timezone.localdate().replace(month=1, day=1)
    values: dict[str, int] = {}
    for code in Outcome.values:
        values[f"outcome:{code}"] = rng.randint(low, high)
    values["conversations"] = sum(values.values())
    for code in LifeDomain.values:
        values[f"domain:{code}"] = rng.randint(low, high)
    rungs = {f"ladder:{rung}": rng.randint(low, high) for rung in range(1, 7)}
    values.update(rungs)
    values["ladder_assessed"] = sum(rungs.values())
    values["zrm_assessed"] = rng.randint(low, high)
    values["zrm:financien"] = rng.randint(low, high)
    values["opportunity"] = rng.randint(low, high)
    values["idea"] = rng.randint(low, high)
    AreaSignal.objects.bulk_create(
        AreaSignal(
            municipality=gm,
            area_kind="neighbourhood",
            area_id=neighbourhood.pk,
            period="year",
            period_start=start,
            measure=measure,
            value=value,
            base=values["conversations"],
            previous=rng.randint(low, high),
        )
        for measure, value in values.items()
    )
    Theme.objects.bulk_create(
        Theme(
            municipality=gm,
            area_kind="neighbourhood",
            area_id=neighbourhood.pk,
            period="year",
            period_start=start,
            rank=rank,
            stem=stem,
            label=stem,
            count=count,
            example=f"Voorbeeldzin over {stem} in de buurt.",
        )
        for rank, (stem, count) in enumerate(
            [("eenzaam", 14 if not large else 60), ("schuld", 4), ("mantelzorg", 25)], start=1
        )
    )
    return values


@pytest.fixture
def world(db: Any) -> World:
    world = build()
    fill(world)
    add_signals(world.neighbourhood)
    add_signals(world.shared, seed=2)
    return world
