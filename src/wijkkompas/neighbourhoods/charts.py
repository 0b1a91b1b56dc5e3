"""Geometry of the bar charts of the neighbourhood pages (SVG, drawn by the templates).

Pure functions on figures that are already suppressed (:mod:`.figures`): a hidden cell has
no bar, only its text ("<10"), so a chart never shows more than its table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Width of the chart and of its label column, in SVG units (the chart scales down).
WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 60
BAR_HEIGHT = 22
GAP = 8
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    #: Geometry: the bar's y, its width (0 for a hidden or zero value), the text's x and y.
    y: int
    width: int
    text_x: int
    text_y: int
    hidden: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    label_x: int
    bar_height: int
    bars: list[Bar]


def bar_chart(rows: Sequence[Any]) -> BarChart:
    """A horizontal bar chart of ``rows`` (objects with ``label``, ``text``, ``value``
    (``None`` when hidden) and ``hidden``); the longest bar is the largest shown value."""
    shown = [row.value for row in rows if row.value is not None]
    largest = max(shown, default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = 0 if row.value is None else round(span * row.value / largest)
        bars.append(
            Bar(
                label=str(row.label),
                text=str(row.text),
                y=y,
                width=width,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + BAR_HEIGHT // 2,
                hidden=bool(row.hidden),
            )
        )
    height = TOP * 2 + max(len(rows), 1) * (BAR_HEIGHT + GAP)
    return BarChart(
        width=WIDTH,
        height=height,
        left=LABEL_WIDTH,
        label_x=LABEL_WIDTH - 8,
        bar_height=BAR_HEIGHT,
        bars=bars,
    )
