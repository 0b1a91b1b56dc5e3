"""Bar charts of a factsheet: geometry for an inline SVG, computed in Python (no database).

Only columns of exact counts that are not about people are drawn (organisations per ring,
teams per type or positioning); each chart stands next to its table, which carries the
same numbers, and every bar has its number written beside it, so the chart is never the
only way to read them. Coordinates are strings with a decimal point, so the template never
localises them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .selectors import Table

WIDTH = 640
LABEL_WIDTH = 250
BAR_LEFT = LABEL_WIDTH + 10
BAR_MAX = WIDTH - BAR_LEFT - 50
ROW = 26
TOP = 8


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: str
    y: str
    width: str
    value: int
    value_x: str


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    description: str
    width: int
    height: int
    bar_left: str
    bar_height: str
    label_x: str
    bars: list[Bar]


def bar_chart(table: Table, *, column: int, title: str, description: str) -> BarChart | None:
    """Horizontal bars of the ``column``-th value column of ``table`` (exact counts only);
    None when there is nothing to draw."""
    values = []
    for label, cells in table.rows:
        value = cells[column]
        if not isinstance(value, int):
            return None  # a suppressed or text cell: the table alone shows it
        values.append((label, value))
    if not values or not any(v for _label, v in values):
        return None
    largest = max(v for _label, v in values)
    bars = []
    for index, (label, value) in enumerate(values):
        y = TOP + index * ROW
        width = BAR_MAX * value / largest if largest else 0
        bars.append(
            Bar(
                label=label,
                label_y=_n(y + ROW / 2),
                y=_n(y + 4),
                width=_n(width),
                value=value,
                value_x=_n(BAR_LEFT + width + 6),
            )
        )
    return BarChart(
        key=table.key,
        title=title,
        description=description,
        width=WIDTH,
        height=TOP * 2 + ROW * len(values),
        bar_left=_n(BAR_LEFT),
        bar_height=_n(ROW - 8),
        label_x=_n(LABEL_WIDTH),
        bars=bars,
    )
