"""Every indicator of the catalogue computed on the small world: the exact figures, and a
number of queries that does not depend on the amount of data."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.indicators.catalogue import Scope, compute, definitions
from wijkkompas.indicators.constants import Lens

from .conftest import World


def rows_of(code: str, scope: Scope, world: World) -> dict[str, tuple[Any, ...]]:
    return {str(label): values for label, values in compute(code, scope, world.period).rows}


def test_catalogue_covers_the_issue() -> None:
    codes = {d.code for d in definitions()}
    assert {
        "conversations",
        "substitution",
        "zrm_change",
        "ladder_movement",
        "initiatives",
        "active_residents",
        "ideas",
        "places_reach",
        "initiative_budgets",
        "avoided_costs",
    } <= codes
    assert {d.lens for d in definitions()} == set(Lens.values)


def test_conversations_per_area(world: World) -> None:
    figures = compute("conversations", world.scope, world.period)
    assert figures.headline == 28
    assert rows_of("conversations", world.scope, world) == {"Oldebroek-dorp": (11,), "Wezep": (17,)}
    assert rows_of("conversations", world.team_scope, world) == {
        "Wezep-Noord": (14,),
        "Wezep-Zuid": (3,),
    }
    district = Scope(world.gm.pk, district_id=world.districts[1].pk)
    assert compute("conversations", district, world.period).headline == 11


def test_substitution(world: World) -> None:
    figures = compute("substitution", world.scope, world.period)
    assert figures.headline == 50.0
    assert [values[0] for _label, values in figures.rows] == [14, 1, 13]
    assert figures.total == (28, 100.0, 10)
    # Of which with a social map entry: 9 in own network or collectively, 1 individual.
    assert [values[2] for _label, values in figures.rows] == [9, 0, 1]


def test_social_map_use(world: World) -> None:
    figures = compute("social_map_use", world.scope, world.period)
    assert [values for _label, values in figures.rows] == [
        (0, 0.0),
        (4, 14.3),
        (6, 21.4),
        (1, 3.6),
    ]
    assert figures.total == (10, 35.7)
    assert figures.headline == 35.7
    team_b = Scope(world.gm.pk, team_id=world.team_b.pk)
    assert compute("social_map_use", team_b, world.period).total == (0, 0.0)


def test_zrm_change(world: World) -> None:
    figures = compute("zrm_change", world.scope, world.period)
    assert rows_of("zrm_change", world.scope, world) == {
        "Financiën": (12, 9, 3, 0, 0.75),
        "Huisvesting": (12, 0, 11, 1, -0.08),
    }
    assert figures.headline == 0.33
    assert figures.headline_base == 12
    # Team B has no ZRM scores.
    other = Scope(world.gm.pk, team_id=world.team_b.pk)
    assert compute("zrm_change", other, world.period).headline is None


def test_ladder_movement(world: World) -> None:
    figures = compute("ladder_movement", world.scope, world.period)
    assert [values for _label, values in figures.rows] == [(7, 63.6), (3, 27.3), (1, 9.1)]
    assert figures.headline == 0.55


def test_initiatives_active_residents_budgets(world: World) -> None:
    assert compute("initiatives", world.scope, world.period).headline == 3
    stages = rows_of("initiatives", world.scope, world)
    assert stages["Normalising (ordinary life, own network)"][3] == 2  # running
    active = compute("active_residents", world.scope, world.period)
    assert active.total == (2, 3, 42)
    assert active.headline == 42
    assert compute("initiative_budgets", world.scope, world.period).headline == 2400.0


def test_ideas_places_avoided_costs(world: World) -> None:
    assert rows_of("ideas", world.team_scope, world) == {"Wezep-Noord": (11, 3, 2)}
    places = compute("places_reach", world.scope, world.period)
    assert places.total == (3, 1, 30)
    avoided = compute("avoided_costs", world.scope, world.period)
    assert avoided.total == (12, 36000)
    assert avoided.headline == 36000


@pytest.mark.parametrize("code", [d.code for d in definitions()])
def test_queries_do_not_grow_with_data(
    code: str, world: World, django_assert_max_num_queries: Any
) -> None:
    for scope in (world.scope, world.team_scope):
        with django_assert_max_num_queries(2):
            compute(code, scope, world.period)
