"""Counts on the neighbourhood pages, suppressed for every role that may not see cases.

Every number of these pages passes through here: team roles see exact counts, everyone
else (policy officer, researcher, initiator, resident, the public) sees the small-cell
suppression of :mod:`wijkkompas.signals.suppression` (counts below the threshold hidden,
the rest rounded, a further cell hidden where a hidden one could be derived from the total).
A figure is one table: its chart is drawn from the same suppressed rows, so a chart never
shows more than its table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wijkkompas.signals.suppression import (
    Hidden,
    SuppressedTable,
    SuppressionRules,
    table_for,
)

from .charts import BarChart, bar_chart


@dataclass(frozen=True)
class FigureRow:
    label: str
    #: What the cell shows: the (rounded) number, "<10" or "–".
    text: str
    #: The number drawn as a bar, ``None`` when hidden.
    value: int | None
    hidden: bool
    #: For a hidden cell: why (read by screen readers, shown as a note).
    description: str = ""


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    caption: str
    rows: list[FigureRow]
    total: FigureRow | None
    #: Whether the counts are suppressed (the explanation is shown under the table).
    suppressed: bool
    explanation: str
    chart: BarChart

    @property
    def empty(self) -> bool:
        return not self.rows


def _row(label: str, cell: Any) -> FigureRow:
    if isinstance(cell, Hidden):
        return FigureRow(
            label=label, text=cell.display, value=None, hidden=True, description=cell.description
        )
    return FigureRow(label=label, text=str(cell.value), value=int(cell.value), hidden=False)


def figure_from_table(
    *,
    id: str,
    title: str,
    caption: str,
    table: SuppressedTable[Any],
    labels: Mapping[Any, str] | None = None,
    total_label: str = "",
) -> Figure:
    """A figure of a table that is already suppressed (or exact) for its viewer."""
    labels = labels or {}
    rows = [_row(str(labels.get(key, key)), cell) for key, cell in table.items()]
    total = _row(total_label, table.total) if table.total is not None else None
    return Figure(
        id=id,
        title=title,
        caption=caption,
        rows=rows,
        total=total,
        suppressed=table.suppressed,
        explanation=table.explanation,
        chart=bar_chart(rows),
    )


def figure_for(
    user: Any,
    *,
    id: str,
    title: str,
    caption: str,
    cells: Sequence[tuple[str, int]],
    total: int | None = None,
    total_label: str = "",
    rules: SuppressionRules | None = None,
) -> Figure:
    """A figure of raw counts for ``user``: exact for team roles, suppressed otherwise
    (``user`` ``None``: the public). ``total`` only when the cells add up to it."""
    table = table_for(user, dict(cells), total=total, rules=rules)
    return figure_from_table(
        id=id, title=title, caption=caption, table=table, total_label=total_label
    )
