"""Layout of the ring view: concentric rings around the residents, items placed on them.

Pure Python, no database: the view passes what the user may see (members, or
organisations with counts, and partners) and gets coordinates for an inline SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .constants import RING_ORDER, Ring

#: The SVG canvas (viewBox) is SIZE × SIZE; the rings are centred.
SIZE = 640
CENTRE = SIZE / 2
#: Radius of the inner circle (the residents) and the outer edge of each ring, inside out.
RESIDENTS_RADIUS = 52
RING_EDGES: dict[str, tuple[float, float]] = {
    Ring.CORE: (RESIDENTS_RADIUS, 122),
    Ring.FIRST_SHELL: (122, 192),
    Ring.OUTER: (192, 258),
    Ring.ON_CALL: (258, 314),
}
#: Minimum distance between the centres of two items on one track.
SPACING = 24
ITEM_RADIUS = 9


@dataclass
class NetworkItem:
    """One thing placed in a ring: a member, an organisation (with a count) or a partner."""

    number: int
    kind: str  # "member", "organisation" or "partner"
    label: str
    ring: str
    craft: str = ""
    detail: str = ""
    count: int = 1
    x: float = 0.0
    y: float = 0.0
    source: Any = None

    @property
    def shape(self) -> str:
        return "square" if self.kind == "partner" else "circle"

    @property
    def square_x(self) -> float:
        return round(self.x - ITEM_RADIUS, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - ITEM_RADIUS, 1)


@dataclass
class RingBand:
    """One ring of the picture: its radii and where its label goes."""

    ring: str
    label: str
    inner: float
    outer: float
    items: list[NetworkItem] = field(default_factory=list)

    @property
    def radius(self) -> float:
        """Radius of the band's boundary circle (drawn as the ring's edge)."""
        return self.outer

    @property
    def label_y(self) -> float:
        return round(CENTRE - self.outer + 14, 1)


@dataclass
class NetworkLayout:
    size: int
    centre: float
    residents_radius: float
    item_radius: float
    bands: list[RingBand]
    items: list[NetworkItem]


def _tracks(inner: float, outer: float, count: int) -> list[tuple[float, int]]:
    """Split ``count`` items over concentric tracks inside a band: (radius, capacity)."""
    tracks: list[tuple[float, int]] = []
    usable_inner = inner + ITEM_RADIUS + 10  # leave room for the ring's label at the top
    usable_outer = outer - ITEM_RADIUS - 3
    radius = (usable_inner + usable_outer) / 2
    if count and 2 * math.pi * radius / SPACING < count:
        # Several tracks, from the outer edge inwards.
        step = SPACING * 0.9
        r = usable_outer
        while r >= usable_inner:
            tracks.append((r, max(1, int(2 * math.pi * r / SPACING))))
            r -= step
    else:
        tracks.append((radius, max(1, int(2 * math.pi * radius / SPACING))))
    return tracks


def layout(items: list[NetworkItem]) -> NetworkLayout:
    """Place ``items`` in their rings and return everything the SVG template needs.

    Items of a ring are spread evenly over a circle in the middle of the ring, leaving a
    gap at the top for the ring's label; a crowded ring uses several circles. When a ring
    holds more items than fit, the last ones are stacked (the table lists them all).
    """
    bands = [
        RingBand(ring=ring.value, label=str(ring.label), inner=edges[0], outer=edges[1])
        for ring, edges in ((r, RING_EDGES[r]) for r in RING_ORDER)
    ]
    by_ring = {band.ring: band for band in bands}
    for item in items:
        by_ring.get(item.ring, by_ring[Ring.ON_CALL]).items.append(item)
    gap = math.radians(36)  # keep the top free for the ring label
    for band in bands:
        remaining = list(band.items)
        tracks = _tracks(band.inner, band.outer, len(remaining))
        capacity = sum(c for _, c in tracks)
        overflow = max(0, len(remaining) - capacity)
        for track_index, (radius, track_capacity) in enumerate(tracks):
            if not remaining:
                break
            take = (
                len(remaining)
                if track_index == len(tracks) - 1
                else min(track_capacity, len(remaining))
            )
            if track_index == len(tracks) - 1 and overflow:
                take = len(remaining)
            placed, remaining = remaining[:take], remaining[take:]
            span = 2 * math.pi - gap
            slots = min(len(placed), track_capacity)
            for index, item in enumerate(placed):
                slot = index % max(slots, 1)
                angle = -math.pi / 2 + gap / 2 + span * (slot + 0.5) / max(slots, 1)
                item.x = round(CENTRE + radius * math.cos(angle), 1)
                item.y = round(CENTRE + radius * math.sin(angle), 1)
    return NetworkLayout(
        size=SIZE,
        centre=CENTRE,
        residents_radius=RESIDENTS_RADIUS,
        item_radius=ITEM_RADIUS,
        bands=bands,
        items=items,
    )
