"""Layout of the profile charts: geometry for an inline SVG, computed in Python.

Pure Python, no database (like ``teams.network``): the template tag passes a
:class:`~wijkkompas.instruments.selectors.Series` and gets coordinates, ready-made path
strings and labels. Coordinates are strings with a decimal point, so the template never
localises them (a Dutch page would write a comma).

Two kinds of chart:

* **profile** (an instrument with several domains, such as the ZRM): the domains are rows,
  the levels columns; every assessment is a line through its scores with its own colour,
  dash pattern and marker shape (never colour alone), named in the legend. The latest
  :data:`MAX_LINES` assessments are drawn; the table next to the chart holds them all.
* **timeline** (one domain, such as the participatieladder): the rungs are rows, the
  assessments columns in date order, one line with the value written at each point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format

from .selectors import Series

#: Colour (contrast at least 4.5:1 on white), dash pattern and marker shape of each line.
STYLES: tuple[tuple[str, str, str], ...] = (
    ("#0b5e8a", "", "circle"),
    ("#b0413e", "9 4", "square"),
    ("#2e7d32", "3 3", "triangle"),
    ("#6a3d9a", "12 4 3 4", "diamond"),
    ("#8a5a00", "2 5", "plus"),
    ("#1a1a1a", "7 3 2 3 2 3", "triangle-down"),
)
MAX_LINES = len(STYLES)
MAX_POINTS = 8

WIDTH = 760
RIGHT = 24
ROW = 32
TOP = 48
MARKER = 5.5


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def marker_path(shape: str, x: float, y: float, r: float = MARKER) -> str:
    """An SVG path of a marker of ``shape`` centred on (x, y)."""
    if shape == "square":
        s = r * 0.9
        return f"M{_n(x - s)},{_n(y - s)}h{_n(2 * s)}v{_n(2 * s)}h{_n(-2 * s)}Z"
    if shape == "triangle":
        return (
            f"M{_n(x)},{_n(y - r * 1.2)}L{_n(x + r * 1.15)},{_n(y + r * 0.85)}"
            f"L{_n(x - r * 1.15)},{_n(y + r * 0.85)}Z"
        )
    if shape == "triangle-down":
        return (
            f"M{_n(x)},{_n(y + r * 1.2)}L{_n(x + r * 1.15)},{_n(y - r * 0.85)}"
            f"L{_n(x - r * 1.15)},{_n(y - r * 0.85)}Z"
        )
    if shape == "diamond":
        s = r * 1.3
        return f"M{_n(x)},{_n(y - s)}L{_n(x + s)},{_n(y)}L{_n(x)},{_n(y + s)}L{_n(x - s)},{_n(y)}Z"
    if shape == "plus":
        a, w = r * 1.2, r * 0.45
        return (
            f"M{_n(x - w)},{_n(y - a)}h{_n(2 * w)}v{_n(a - w)}h{_n(a - w)}v{_n(2 * w)}"
            f"h{_n(w - a)}v{_n(a - w)}h{_n(-2 * w)}v{_n(w - a)}h{_n(w - a)}v{_n(-2 * w)}"
            f"h{_n(a - w)}Z"
        )
    arc = f"a{_n(r)},{_n(r)} 0 1,0"
    return f"M{_n(x - r)},{_n(y)}{arc} {_n(2 * r)},0{arc} {_n(-2 * r)},0Z"


@dataclass
class Point:
    x: str
    y: str
    path: str
    title: str
    value: int


@dataclass
class Line:
    """One assessment (profile) or the whole series (timeline)."""

    colour: str
    dash: str
    shape: str
    label: str
    segments: list[str] = field(default_factory=list)  # "x,y x,y …" per unbroken stretch
    points: list[Point] = field(default_factory=list)
    key_path: str = ""  # the marker in the legend's 40 x 16 key


@dataclass
class Tick:
    position: str
    text: str
    sub: str = ""  # a second line (the year under a date)


@dataclass
class Chart:
    kind: str  # "profile" or "timeline"
    width: int
    height: int
    left: str
    right: str
    top: str
    bottom: str
    rows: list[Tick]  # y of each row with its label (domains, or rungs)
    columns: list[Tick]  # x of each column with its label (levels, or dates)
    bands: list[tuple[str, str]]  # (y, height) of every other row, a light background
    lines: list[Line]
    shown: int
    total: int
    axis_start: str = ""
    axis_end: str = ""
    label_y: str = ""
    axis_y: str = ""
    row_label_x: str = ""
    sub_y: str = ""

    @property
    def truncated(self) -> bool:
        return self.shown < self.total


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _left(labels: list[str]) -> float:
    """Room for the row labels: about 7.2 px per character at 13 px, within bounds."""
    longest = max((len(label) for label in labels), default=0)
    return min(max(140.0, 20 + 7.2 * longest), 360.0)


def _line(style: int, label: str) -> Line:
    colour, dash, shape = STYLES[style % len(STYLES)]
    return Line(
        colour=colour, dash=dash, shape=shape, label=label, key_path=marker_path(shape, 20, 8)
    )


def _segments(points: list[tuple[float, float] | None]) -> list[str]:
    segments: list[str] = []
    current: list[str] = []
    for point in points:
        if point is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
            continue
        current.append(f"{_n(point[0])},{_n(point[1])}")
    if len(current) > 1:
        segments.append(" ".join(current))
    return segments


def layout(series: Series) -> Chart:
    """The chart of one series: a timeline for one domain, else a profile."""
    if len(series.rows) == 1:
        return _timeline(series)
    return _profile(series)


def _profile(series: Series) -> Chart:
    levels = list(series.levels)
    columns_total = len(series.columns)
    first = max(0, columns_total - MAX_LINES)
    shown = list(range(first, columns_total))
    plot_right = WIDTH - RIGHT
    left = _left([row.name for row in series.rows])
    step = (plot_right - left) / max(len(levels), 1)
    x_of = {level.value: left + (i + 0.5) * step for i, level in enumerate(levels)}
    bottom = TOP + len(series.rows) * ROW
    lines = []
    for index, column_index in enumerate(shown):
        column = series.columns[column_index]
        line = _line(index, _day(column.assessed_on))
        offset = (index - (len(shown) - 1) / 2) * 3.5
        points: list[tuple[float, float] | None] = []
        for row_index, row in enumerate(series.rows):
            value = row.values[column_index]
            if value is None or value not in x_of:
                points.append(None)
                continue
            x, y = x_of[value], TOP + (row_index + 0.5) * ROW + offset
            points.append((x, y))
            line.points.append(
                Point(
                    x=_n(x),
                    y=_n(y),
                    path=marker_path(line.shape, x, y),
                    title=f"{row.name}, {line.label}: {row.labels[column_index]}",
                    value=value,
                )
            )
        line.segments = _segments(points)
        lines.append(line)
    return Chart(
        kind="profile",
        width=WIDTH,
        height=bottom + 52,
        left=_n(left),
        right=_n(plot_right),
        top=_n(TOP),
        bottom=_n(bottom),
        rows=[Tick(_n(TOP + (i + 0.5) * ROW), row.name) for i, row in enumerate(series.rows)],
        columns=[Tick(_n(x_of[level.value]), str(level.value)) for level in levels],
        bands=[(_n(TOP + i * ROW), _n(ROW)) for i in range(0, len(series.rows), 2)],
        lines=lines,
        shown=len(shown),
        total=columns_total,
        axis_start=f"{levels[0].value} {levels[0].name}" if levels else "",
        axis_end=f"{levels[-1].value} {levels[-1].name}" if levels else "",
        label_y=_n(TOP - 14),
        axis_y=_n(bottom + 40),
        row_label_x=_n(left - 12),
    )


def _timeline(series: Series) -> Chart:
    levels = list(reversed(series.levels))  # the highest rung on top
    row = series.rows[0]
    total = len(series.columns)
    first = max(0, total - MAX_POINTS)
    indexes = list(range(first, total))
    top = 16
    plot_right = WIDTH - RIGHT
    left = _left([f"{level.value} {level.name}" for level in levels])
    step = (plot_right - left) / max(len(indexes), 1)
    y_of = {level.value: top + (i + 0.5) * ROW for i, level in enumerate(levels)}
    bottom = top + len(levels) * ROW
    line = _line(0, row.name)
    points: list[tuple[float, float] | None] = []
    columns = []
    for position, column_index in enumerate(indexes):
        column = series.columns[column_index]
        x = left + (position + 0.5) * step
        columns.append(
            Tick(
                _n(x),
                date_format(column.assessed_on, "j M"),
                date_format(column.assessed_on, "Y"),
            )
        )
        value = row.values[column_index]
        if value is None or value not in y_of:
            points.append(None)
            continue
        y = y_of[value]
        points.append((x, y))
        line.points.append(
            Point(
                x=_n(x),
                y=_n(y),
                path=marker_path(line.shape, x, y),
                title=f"{_day(column.assessed_on)}: {row.labels[column_index]}",
                value=value,
            )
        )
    line.segments = _segments(points)
    return Chart(
        kind="timeline",
        width=WIDTH,
        height=bottom + 48,
        left=_n(left),
        right=_n(plot_right),
        top=_n(top),
        bottom=_n(bottom),
        rows=[Tick(_n(y_of[level.value]), f"{level.value} {level.name}") for level in levels],
        columns=columns,
        bands=[(_n(top + i * ROW), _n(ROW)) for i in range(0, len(levels), 2)],
        lines=[line],
        shown=len(indexes),
        total=total,
        label_y=_n(bottom + 20),
        sub_y=_n(bottom + 38),
        row_label_x=_n(left - 12),
    )
