"""Factories and a small area for the signals tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.residents.tests.factories import HouseholdFactory, ResidentFactory
from wijkkompas.teams.tests.factories import TeamFactory

LONELY = [
    "Mevrouw voelt zich eenzaam sinds haar man is overleden.",
    "Meneer is eenzaam en komt de deur niet meer uit.",
    "Eenzaam in de flat, weinig contact met de buren.",
]


@dataclass
class Area:
    gm: Any
    district: Any
    neighbourhood: Any
    team: Any
    resident: Any


def area(*, code: str = "GM0269", shares: bool = False) -> Area:
    gm = MunicipalityFactory(code=code, name="Oldebroek", shares_aggregates=shares)
    district = DistrictFactory(municipality=gm, name="Wezep")
    neighbourhood = NeighbourhoodFactory(district=district, name="Wezep-Noord")
    team = TeamFactory(municipality=gm, name="Krachtstroom Wezep", neighbourhoods=[neighbourhood])
    household = HouseholdFactory(team=team, neighbourhood=neighbourhood)
    resident = ResidentFactory(household=household)
    return Area(gm, district, neighbourhood, team, resident)


def conversations(a: Area, n: int, *, held_on: dt.date, **fields: Any) -> list[Any]:
    """``n`` conversations of the area's resident; the question cycles through LONELY."""
    made = []
    for i in range(n):
        values = {"question": LONELY[i % len(LONELY)], **fields}
        made.append(ConversationFactory(resident=a.resident, held_on=held_on, **values))
    return made
