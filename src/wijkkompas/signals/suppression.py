"""Small-cell suppression of counts shown to roles that may not see cases.

The practice of CBS's published neighbourhood tables, made exact:

* **primary suppression**: a count below the threshold (default 10, including 0) is not
  shown; it is displayed as ``"<10"``;
* **rounding**: every count that is shown is rounded to the nearest multiple of the
  rounding base (default 5, half up); a rounded value below the threshold is raised to the
  first multiple of the base at or above it, so no shown number is ever below the threshold;
* **secondary suppression**: when a table comes with its total and some cells are small,
  the small cells add up to "total minus the shown cells". The total is hidden (``"–"``)
  whenever that sum would pin a small cell: with exactly one small cell, when every cell is
  small, and when the small cells add up to 0 or to "all at the threshold minus one".

The guarantee, proved by the property tests (``tests/test_suppression_properties.py``):
an attacker who knows these rules, sees every displayed figure and is even granted the
shown figures *exactly* (so it does not rest on rounding), and who also knows the whole
algorithm (which displays arise from which tables), is left with at least two possible
values for every hidden cell and a hidden total. The decision to hide the total depends
only on which cells are small and on the sum of the small cells, which a shown total
gives away anyway.

A page that shows a table with a total must show that total from the table (the same
cell), never the same number again through :func:`suppress_count`.

Pass ``total`` only when the cells partition it (they add up to it exactly); for
overlapping categories (a conversation touching several life domains) pass ``None`` and
show the base count with :func:`suppress_count`.

Usage::

    rules = SuppressionRules.from_settings()
    table = suppress_table({"a": 3, "b": 40, "c": 17}, total=60, rules=rules)
    table.cells["a"].display  # "<10"
    table.total.display  # "60"

Pages choose with :func:`for_case_role`: team roles see exact counts (use
:func:`exact_table` / :func:`exact_count` for the same shape), everyone else suppressed.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import TEAM_ROLES

K = TypeVar("K", bound=Hashable)

#: Why a cell is hidden.
SMALL = "small"
SECONDARY = "secondary"

_INF = math.inf


@dataclass(frozen=True)
class SuppressionRules:
    """Threshold (counts below it are hidden) and rounding base of shown counts."""

    threshold: int = 10
    rounding: int = 5

    def __post_init__(self) -> None:
        if self.threshold < 3:
            # With threshold 2 "<2" would reveal the value 0 or 1 only; below that nothing
            # is hidden at all. Neither is suppression.
            raise ValueError("The suppression threshold must be at least 3.")
        if self.rounding < 1:
            raise ValueError("The rounding base must be at least 1.")

    @classmethod
    def from_settings(cls) -> SuppressionRules:
        return cls(
            threshold=int(getattr(settings, "WIJKKOMPAS_SUPPRESSION_THRESHOLD", 10)),
            rounding=int(getattr(settings, "WIJKKOMPAS_SUPPRESSION_ROUNDING", 5)),
        )

    @property
    def floor(self) -> int:
        """The smallest number ever shown: the first multiple of the base ≥ threshold."""
        return -(-self.threshold // self.rounding) * self.rounding

    def display_value(self, n: int) -> int:
        """The rounded number shown for a count ``n`` ≥ threshold."""
        rounded = ((2 * n + self.rounding) // (2 * self.rounding)) * self.rounding
        return max(rounded, self.floor)

    def preimage(self, shown: int) -> tuple[int, int]:
        """The range of true counts (≥ threshold) that are shown as ``shown``."""
        start = max(self.threshold, shown - 2 * self.rounding)
        values = [
            n for n in range(start, shown + 2 * self.rounding + 1) if self.display_value(n) == shown
        ]
        return values[0], values[-1]

    def explanation(self) -> str:
        return str(
            _(
                "To protect privacy, numbers below %(threshold)s are not shown "
                '("<%(threshold)s") and the other numbers are rounded to a '
                'multiple of %(rounding)s. A dash ("–") marks a number that is '
                "hidden so that a small number cannot be calculated from "
                "the total and the other numbers."
            )
            % {"threshold": self.threshold, "rounding": self.rounding}
        )


@dataclass(frozen=True)
class Shown:
    """A count that may be shown (rounded for suppressed tables, exact for case roles)."""

    value: int
    is_hidden: bool = field(default=False, init=False)

    @property
    def display(self) -> str:
        return str(self.value)

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class Hidden:
    """A count that is not shown: ``reason`` is ``"small"`` or ``"secondary"``."""

    reason: str
    threshold: int
    is_hidden: bool = field(default=True, init=False)

    @property
    def value(self) -> None:
        return None

    @property
    def display(self) -> str:
        return f"<{self.threshold}" if self.reason == SMALL else "–"

    @property
    def description(self) -> str:
        if self.reason == SMALL:
            return str(_("fewer than %(threshold)s") % {"threshold": self.threshold})
        return str(_("hidden so that a small number cannot be calculated"))

    def __str__(self) -> str:
        return self.display


Cell = Shown | Hidden


@dataclass(frozen=True)
class SuppressedTable(Generic[K]):
    """Cells in the order given, the total (or ``None``) and the rules applied."""

    cells: dict[K, Cell]
    total: Cell | None
    rules: SuppressionRules | None

    @property
    def any_hidden(self) -> bool:
        return any(c.is_hidden for c in self.cells.values()) or bool(
            self.total is not None and self.total.is_hidden
        )

    @property
    def suppressed(self) -> bool:
        """Whether the rules were applied (False for an exact table of a case role)."""
        return self.rules is not None

    @property
    def explanation(self) -> str:
        return self.rules.explanation() if self.rules is not None else ""

    def items(self) -> list[tuple[K, Cell]]:
        return list(self.cells.items())


def suppress_count(n: int, rules: SuppressionRules | None = None) -> Cell:
    """One count on its own: hidden below the threshold, otherwise rounded."""
    rules = rules or SuppressionRules.from_settings()
    if n < rules.threshold:
        return Hidden(SMALL, rules.threshold)
    return Shown(rules.display_value(n))


def exact_count(n: int) -> Cell:
    return Shown(int(n))


def exact_table(cells: Mapping[K, int], *, total: int | None = None) -> SuppressedTable[K]:
    """The same shape as :func:`suppress_table`, with exact counts (team roles)."""
    return SuppressedTable(
        cells={k: Shown(int(v)) for k, v in cells.items()},
        total=None if total is None else Shown(int(total)),
        rules=None,
    )


def suppress_table(
    cells: Mapping[K, int],
    *,
    total: int | None = None,
    rules: SuppressionRules | None = None,
) -> SuppressedTable[K]:
    """Suppress and round a table of counts; see the module docstring for the rules.

    ``total``: the total the cells add up to (exactly), shown with the table, or ``None``
    when the table has no total or its categories overlap.
    """
    rules = rules or SuppressionRules.from_settings()
    counts = {k: int(v) for k, v in cells.items()}
    if any(v < 0 for v in counts.values()):
        raise ValueError("Counts cannot be negative.")
    hidden: dict[K, str] = {k: SMALL for k, v in counts.items() if v < rules.threshold}
    total_hidden: str | None = None
    if total is not None:
        total = int(total)
        if total != sum(counts.values()):
            raise ValueError(
                "The cells must add up to the total; pass total=None for overlapping categories."
            )
        if total < rules.threshold:
            total_hidden = SMALL
        elif hidden:
            # The small cells add up to the total minus the shown cells. That sum must not
            # pin any of them: with one small cell it is the cell itself; with several it
            # pins them all when it is 0 or when every one is at the threshold minus one.
            # Only then is the total hidden (a decision that reveals no more than that).
            small_sum = sum(counts[k] for k in hidden)
            extremes = (0, len(hidden) * (rules.threshold - 1))
            # With every cell small the total is hidden in any case: "<10" for each cell and
            # a hidden total then say nothing more than "at least the threshold".
            every = len(hidden) == len(counts)
            if every or len(hidden) == 1 or small_sum in extremes:
                total_hidden = SECONDARY
    out: dict[K, Cell] = {}
    for key, n in counts.items():
        reason = hidden.get(key)
        out[key] = Hidden(reason, rules.threshold) if reason else Shown(rules.display_value(n))
    total_cell: Cell | None = None
    if total is not None:
        total_cell = (
            Hidden(total_hidden, rules.threshold)
            if total_hidden
            else Shown(rules.display_value(total))
        )
    return SuppressedTable(cells=out, total=total_cell, rules=rules)


def for_case_role(user: Any) -> bool:
    """Whether ``user`` sees exact counts (team roles); everyone else sees suppressed ones."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return getattr(user, "role", None) in TEAM_ROLES


def table_for(
    user: Any,
    cells: Mapping[K, int],
    *,
    total: int | None = None,
    rules: SuppressionRules | None = None,
) -> SuppressedTable[K]:
    """Exact for team roles, suppressed for everyone else."""
    if for_case_role(user):
        return exact_table(cells, total=total)
    return suppress_table(cells, total=total, rules=rules)


def count_for(user: Any, n: int, rules: SuppressionRules | None = None) -> Cell:
    """Exact for team roles, suppressed for everyone else."""
    return exact_count(n) if for_case_role(user) else suppress_count(n, rules)


# ---------------------------------------------------------------------------------------
# Two-way tables: a separate function, added by the neighbourhoods helper (issue 4)

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


@dataclass(frozen=True)
class SuppressedTwoWay(Generic[R, C]):
    """A two-way table with its row totals, column totals and grand total, suppressed."""

    rows: list[R]
    columns: list[C]
    cells: dict[tuple[R, C], Cell]
    row_totals: dict[R, Cell]
    column_totals: dict[C, Cell]
    total: Cell
    rules: SuppressionRules

    @property
    def explanation(self) -> str:
        return self.rules.explanation()


def two_way_ranges(
    known: Mapping[tuple[str, Any], int],
    hidden: Mapping[tuple[str, Any], str],
    rows: list[Any],
    columns: list[Any],
    rules: SuppressionRules,
) -> dict[tuple[str, Any], tuple[float, float]]:
    """For every hidden item of a two-way table, the least and the greatest value it can
    take given the shown items (taken as exact, so rounding is not what protects it) and
    that cells add up to their row and column totals and those to the grand total.

    Items are ``("cell", (row, column))``, ``("row", row)``, ``("column", column)`` and
    ``("total", None)``. A linear programme per hidden item (the constraints are those of a
    transportation problem, so the bounds are integers and every integer between is taken).
    """
    from scipy.optimize import linprog  # scikit-learn's dependency; imported when used

    variables = list(hidden)
    index = {item: i for i, item in enumerate(variables)}
    lines: list[list[tuple[tuple[str, Any], int]]] = []
    for r in rows:
        lines.append([(("cell", (r, c)), 1) for c in columns] + [(("row", r), -1)])
    for c in columns:
        lines.append([(("cell", (r, c)), 1) for r in rows] + [(("column", c), -1)])
    lines.append([(("row", r), 1) for r in rows] + [(("total", None), -1)])
    lines.append([(("column", c), 1) for c in columns] + [(("total", None), -1)])
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for line in lines:
        coefficients = [0.0] * len(variables)
        constant = 0.0
        for item, sign in line:
            if item in index:
                coefficients[index[item]] += sign
            else:
                constant += sign * known[item]
        if any(coefficients):
            a_eq.append(coefficients)
            b_eq.append(-constant)
    bounds = [
        (0, rules.threshold - 1) if hidden[item] == SMALL else (rules.threshold, None)
        for item in variables
    ]
    found: dict[tuple[str, Any], tuple[float, float]] = {}
    for item, i in index.items():
        objective = [0.0] * len(variables)
        objective[i] = 1.0
        low = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        objective[i] = -1.0
        high = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        lo = low.fun if low.status == 0 else -_INF
        hi = -high.fun if high.status == 0 else _INF
        found[item] = (lo, hi)
    return found


def suppress_two_way(
    cells: Mapping[tuple[R, C], int], *, rules: SuppressionRules | None = None
) -> SuppressedTwoWay[R, C]:
    """Suppress a two-way table shown with its row totals, column totals and grand total.

    Cells, totals and the grand total below the threshold are hidden ("<10"); then, while
    some hidden item has a single possible value (:func:`two_way_ranges`, with the shown
    figures taken as exact), the smallest shown cell in its row or column is hidden too
    ("–"), else a total. Shown figures are rounded as in :func:`suppress_table`. Missing
    cells count 0.
    """
    rules = rules or SuppressionRules.from_settings()
    rows = list(dict.fromkeys(r for r, _c in cells))
    columns = list(dict.fromkeys(c for _r, c in cells))
    values: dict[tuple[str, Any], int] = {}
    for r in rows:
        for c in columns:
            n = int(cells.get((r, c), 0))
            if n < 0:
                raise ValueError("Counts cannot be negative.")
            values[("cell", (r, c))] = n
    for r in rows:
        values[("row", r)] = sum(values[("cell", (r, c))] for c in columns)
    for c in columns:
        values[("column", c)] = sum(values[("cell", (r, c))] for r in rows)
    values[("total", None)] = sum(values[("row", r)] for r in rows)
    hidden: dict[tuple[str, Any], str] = {
        item: SMALL for item, n in values.items() if n < rules.threshold
    }
    while hidden:
        known = {item: n for item, n in values.items() if item not in hidden}
        ranges = two_way_ranges(known, hidden, rows, columns, rules)
        weak = next((item for item, (lo, hi) in ranges.items() if hi - lo < 1 - 1e-9), None)
        if weak is None:
            break
        choice = _two_way_choice(weak, values, hidden, rows, columns)
        if choice is None:  # pragma: no cover - everything is hidden
            break
        hidden[choice] = SECONDARY

    def cell_of(item: tuple[str, Any]) -> Cell:
        reason = hidden.get(item)
        if reason:
            return Hidden(reason, rules.threshold)
        return Shown(rules.display_value(values[item]))

    return SuppressedTwoWay(
        rows=rows,
        columns=columns,
        cells={(r, c): cell_of(("cell", (r, c))) for r in rows for c in columns},
        row_totals={r: cell_of(("row", r)) for r in rows},
        column_totals={c: cell_of(("column", c)) for c in columns},
        total=cell_of(("total", None)),
        rules=rules,
    )


def _two_way_choice(
    weak: tuple[str, Any],
    values: Mapping[tuple[str, Any], int],
    hidden: Mapping[tuple[str, Any], str],
    rows: list[Any],
    columns: list[Any],
) -> tuple[str, Any] | None:
    """The shown item to hide next so that ``weak`` gets a second possible value."""
    kind, key = weak
    if kind == "cell":
        r, c = key
        near = [("cell", (r, x)) for x in columns] + [("cell", (x, c)) for x in rows]
        margins = [("row", r), ("column", c)]
    elif kind == "row":
        near = [("cell", (key, x)) for x in columns]
        margins = [("column", x) for x in columns] + [("total", None)]
    elif kind == "column":
        near = [("cell", (x, key)) for x in rows]
        margins = [("row", x) for x in rows] + [("total", None)]
    else:
        near = [("row", x) for x in rows] + [("column", x) for x in columns]
        margins = []
    for group in (near, margins, list(values)):
        shown = [item for item in group if item not in hidden]
        if shown:
            return min(shown, key=lambda item: values[item])
    return None
