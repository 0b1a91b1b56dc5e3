"""Layout of the self-assessment charts: geometry for an inline SVG, computed in Python.

Pure Python, no database. Coordinates are strings with a decimal point, so the template
never localises them. Two charts, each with a table next to it on the page:

* **distribution** (the schema of appendix 1): per question, two rows of bars over the
  five points of the scale: how many municipalities are there as it is (filled bars) and
  as they want it (hatched bars); the count is written at every bar, so neither colour
  nor pattern alone carries the meaning;
* **gap** (one assessment): per question a line on the scale from the reality (filled
  circle) to the wish (open diamond).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .constants import SCALE
from .selectors import AnswerRow, Comparison

WIDTH = 860
POLE_LEFT = 362  # right edge of the left pole's text
GRID_LEFT = 372
COLUMN = 64
GRID_RIGHT = GRID_LEFT + COLUMN * len(SCALE)
BAR_MAX = 46
TOP = 36

REALITY_COLOUR = "#0b5e8a"
WISH_COLOUR = "#b0413e"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def column_x(point: float) -> float:
    """The middle of the column of ``point`` (1..5); also used for fractional points."""
    return GRID_LEFT + COLUMN * (point - 0.5)


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    label_x: str
    label_y: str
    count: int
    title: str


@dataclass(frozen=True)
class DistributionRow:
    y: str  # baseline of the row's texts
    label: str
    bars: list[Bar]


@dataclass(frozen=True)
class QuestionBlock:
    title: str
    title_y: str
    pole_y: str
    left_pole: str
    right_pole: str
    rows: list[DistributionRow]


@dataclass(frozen=True)
class Column:
    x: str
    text: str


@dataclass(frozen=True)
class Frame:
    """What both charts share: the size, the header with the five points and the grid."""

    width: int
    height: int
    header_y: str
    grid_top: str
    grid_bottom: str
    grid_left: str
    grid_right: str
    pole_left: str
    pole_right: str
    columns: list[Column]


def _frame(height: float) -> dict[str, Any]:
    return {
        "width": WIDTH,
        "height": round(height),
        "header_y": _n(TOP - 10),
        "grid_top": _n(TOP),
        "grid_bottom": _n(height - 6),
        "grid_left": _n(GRID_LEFT),
        "grid_right": _n(GRID_RIGHT),
        "pole_left": _n(POLE_LEFT),
        "pole_right": _n(GRID_RIGHT + 10),
        "columns": [Column(x=_n(column_x(p)), text=str(p)) for p in SCALE],
    }


@dataclass(frozen=True)
class DistributionChart(Frame):
    lines: list[str]  # x of the column separators
    blocks: list[QuestionBlock]


def distribution_chart(
    comparison: Comparison, *, reality_label: str, wish_label: str
) -> DistributionChart:
    """Bars of the number of municipalities at each point, per question and side."""
    largest = max([1, *(max(d.reality + d.wish) for d in comparison.distributions if d.count)])
    blocks = []
    y = TOP + 14
    for distribution in comparison.distributions:
        question = distribution.question
        title_y = y + 14
        pole_y = title_y + 18
        rows = []
        for offset, (label, counts) in enumerate(
            ((reality_label, distribution.reality), (wish_label, distribution.wish))
        ):
            row_y = pole_y + 20 + offset * 20
            bars = []
            for point, count in zip(SCALE, counts, strict=True):
                left = GRID_LEFT + COLUMN * (point - 1) + 4
                width = BAR_MAX * count / largest if count else 0
                bars.append(
                    Bar(
                        x=_n(left),
                        y=_n(row_y - 11),
                        width=_n(width),
                        label_x=_n(left + width + 3),
                        label_y=_n(row_y),
                        count=count,
                        title=f"{label}, {point}: {count}",
                    )
                )
            rows.append(DistributionRow(y=_n(row_y), label=label, bars=bars))
        blocks.append(
            QuestionBlock(
                title=f"{question.order}. {question.text}",
                title_y=_n(title_y),
                pole_y=_n(pole_y),
                left_pole=question.left_pole,
                right_pole=question.right_pole,
                rows=rows,
            )
        )
        y = pole_y + 52
    height = y + 6
    return DistributionChart(
        **_frame(height),
        lines=[_n(GRID_LEFT + COLUMN * i) for i in range(len(SCALE) + 1)],
        blocks=blocks,
    )


@dataclass(frozen=True)
class GapRow:
    title: str
    title_y: str
    y: str
    left_pole: str
    right_pole: str
    reality_x: str | None
    wish_x: str | None
    wish_path: str
    line: tuple[str, str] | None  # x1, x2 of the line from reality to wish


@dataclass(frozen=True)
class GapChart(Frame):
    rows: list[GapRow]


def _diamond(x: float, y: float, r: float = 7.0) -> str:
    return f"M{_n(x)},{_n(y - r)}L{_n(x + r)},{_n(y)}L{_n(x)},{_n(y + r)}L{_n(x - r)},{_n(y)}Z"


def gap_chart(rows: list[AnswerRow]) -> GapChart:
    """One line per question from the reality to the wish on the five-point scale."""
    result = []
    y = TOP + 14
    for row in rows:
        title_y = y + 14
        line_y = title_y + 22
        reality_x = column_x(row.reality) if row.reality else None
        wish_x = column_x(row.wish) if row.wish else None
        line = None
        if reality_x is not None and wish_x is not None and reality_x != wish_x:
            line = (_n(reality_x), _n(wish_x))
        result.append(
            GapRow(
                title=f"{row.question.order}. {row.question.text}",
                title_y=_n(title_y),
                y=_n(line_y),
                left_pole=row.question.left_pole,
                right_pole=row.question.right_pole,
                reality_x=_n(reality_x) if reality_x is not None else None,
                wish_x=_n(wish_x) if wish_x is not None else None,
                wish_path=_diamond(wish_x, line_y) if wish_x is not None else "",
                line=line,
            )
        )
        y = line_y + 16
    height = y + 6
    return GapChart(
        **_frame(height),
        rows=result,
    )
