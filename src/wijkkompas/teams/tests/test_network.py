"""The ring-view layout: every item inside its own ring, all within the canvas."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from wijkkompas.teams.constants import RING_ORDER
from wijkkompas.teams.network import CENTRE, RING_EDGES, SIZE, NetworkItem, layout


def _items(counts: dict[str, int]) -> list[NetworkItem]:
    items, number = [], 0
    for ring, count in counts.items():
        for _ in range(count):
            number += 1
            items.append(NetworkItem(number=number, kind="member", label=f"m{number}", ring=ring))
    return items


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=120), min_size=4, max_size=4))
def test_items_are_placed_inside_their_ring(counts):
    items = _items(dict(zip([r.value for r in RING_ORDER], counts, strict=True)))
    picture = layout(items)
    assert len(picture.items) == sum(counts)
    for item in picture.items:
        distance = math.hypot(item.x - CENTRE, item.y - CENTRE)
        inner, outer = RING_EDGES[item.ring]
        assert inner <= distance <= outer, (item.ring, distance)
        assert 0 <= item.x <= SIZE and 0 <= item.y <= SIZE


def test_few_items_do_not_overlap():
    picture = layout(_items({"core": 8, "first_shell": 12, "outer": 5, "on_call": 3}))
    for ring in ("core", "first_shell"):
        points = [(i.x, i.y) for i in picture.items if i.ring == ring]
        for a in range(len(points)):
            for b in range(a + 1, len(points)):
                assert math.dist(points[a], points[b]) >= 18
