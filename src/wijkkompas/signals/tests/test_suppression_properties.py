"""Property-based proof that no suppressed count can be recovered from what is shown.

The attacker of these tests knows the rules (threshold and rounding base), sees every
displayed figure of a table ("<10" for a small cell, "–" for a secondary one, rounded
numbers otherwise) and its total, and reasons linearly: the hidden cells add up to the
total minus the shown cells. For every hidden cell we compute the values it can still take
and require at least two of them:

* with the rounding uncertainty (a shown 20 stands for 18–22), which is what a page shows;
* with the shown figures exact, as if rounding gave nothing away at all, so the protection
  does not rest on rounding alone (:func:`test_hidden_cells_keep_two_values_with_exact_figures`);
* and by brute force for every small table: all tables that display the same are
  enumerated, knowing the whole algorithm (which cell it picks as the secondary one).

Plus: every shown count is at least the threshold and a multiple of the rounding base,
suppression is idempotent, and a higher threshold hides at least what a lower one hid.
Thresholds and bases vary; the page default comes from settings
(``WIJKKOMPAS_SUPPRESSION_THRESHOLD``, ``WIJKKOMPAS_SUPPRESSION_ROUNDING``).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wijkkompas.signals.suppression import (
    SECONDARY,
    SMALL,
    Hidden,
    Shown,
    SuppressedTable,
    SuppressionRules,
    suppress_count,
    suppress_table,
    suppress_two_way,
)

INF = math.inf

rules_st = st.builds(
    SuppressionRules,
    threshold=st.integers(min_value=3, max_value=20),
    rounding=st.integers(min_value=1, max_value=10),
)
#: Counts as neighbourhood tables have them: many small ones, some large.
count_st = st.one_of(
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=5000),
)
cells_st = st.dictionaries(
    st.text(alphabet="abcdefghij", min_size=1, max_size=3), count_st, min_size=1, max_size=9
)


def _range_of(
    cell: Any, rules: SuppressionRules, *, exact_value: int | None
) -> tuple[float, float]:
    """The values an attacker allows for one displayed figure.

    ``exact_value``: for a shown figure, its true value if the attacker is granted it (the
    "exact before rounding" case); ``None`` to use the rounding range of the display.
    """
    if isinstance(cell, Hidden):
        if cell.reason == SMALL:
            return 0, rules.threshold - 1
        assert cell.reason == SECONDARY
        return rules.threshold, INF
    assert isinstance(cell, Shown)
    if exact_value is not None:
        return exact_value, exact_value
    # Every true value >= threshold that rounds to the shown figure (computed here, not
    # taken from the module: a shown value v stands for the counts that round to it).
    candidates = [
        n
        for n in range(
            max(rules.threshold, cell.value - 2 * rules.rounding - 1),
            cell.value + 2 * rules.rounding + 2,
        )
        if _rounded(n, rules) == cell.value
    ]
    assert candidates, (cell, rules)
    return min(candidates), max(candidates)


def _rounded(n: int, rules: SuppressionRules) -> int:
    """Round half up to the base, never below the first multiple of the base >= threshold
    (the documented display rule, written out independently of the module)."""
    base = rules.rounding
    value = math.floor(n / base + 0.5) * base
    floor = math.ceil(rules.threshold / base) * base
    return max(value, floor)


def _candidates(
    table: SuppressedTable[Any],
    counts: Mapping[Any, int],
    total: int,
    rules: SuppressionRules,
    *,
    exact: bool,
) -> dict[Any, float]:
    """For every hidden cell (and a hidden total, key ``None``), the number of integer
    values it can still take given the displayed table and "cells add up to the total"."""
    bounds = {
        key: _range_of(cell, rules, exact_value=counts[key] if exact else None)
        for key, cell in table.cells.items()
    }
    assert table.total is not None
    t_lo, t_hi = _range_of(table.total, rules, exact_value=total if exact else None)
    sum_lo = sum(lo for lo, _ in bounds.values())
    sum_hi = sum(hi for _, hi in bounds.values())
    found: dict[Any, float] = {}
    for key, cell in table.cells.items():
        if not cell.is_hidden:
            continue
        lo, hi = bounds[key]
        # x_key = total - sum(others): the others' extremes bound it.
        low = max(lo, t_lo - (sum_hi - hi))
        high = min(hi, t_hi - (sum_lo - lo))
        found[key] = high - low + 1
    if table.total.is_hidden:
        low, high = max(t_lo, sum_lo), min(t_hi, sum_hi)
        found[None] = high - low + 1
    return found


# -- (1) what is shown --------------------------------------------------------------------


@given(cells=cells_st, with_total=st.booleans(), rules=rules_st)
@settings(max_examples=400, deadline=None)
def test_every_shown_count_is_at_least_the_threshold_and_a_multiple_of_the_base(
    cells: dict[str, int], with_total: bool, rules: SuppressionRules
) -> None:
    total = sum(cells.values()) if with_total else None
    table = suppress_table(cells, total=total, rules=rules)
    assert list(table.cells) == list(cells)  # same cells, same order
    shown = [c for c in table.cells.values() if not c.is_hidden]
    if table.total is not None and not table.total.is_hidden:
        shown.append(table.total)
    for cell in shown:
        assert isinstance(cell, Shown)
        assert cell.value >= rules.threshold
        assert cell.value % rules.rounding == 0
        assert cell.display == str(cell.value)
    for key, cell in table.cells.items():
        if cells[key] < rules.threshold:
            assert cell == Hidden(SMALL, rules.threshold)
            assert cell.display == f"<{rules.threshold}"
        elif isinstance(cell, Shown):
            assert cell.value == _rounded(cells[key], rules)
            assert abs(cell.value - cells[key]) <= rules.rounding / 2 or cell.value == (
                math.ceil(rules.threshold / rules.rounding) * rules.rounding
            )
        else:
            assert cell.reason == SECONDARY
            assert cell.display == "–"


@given(n=count_st, rules=rules_st)
def test_a_single_count_is_hidden_below_the_threshold_else_rounded(
    n: int, rules: SuppressionRules
) -> None:
    cell = suppress_count(n, rules)
    if n < rules.threshold:
        assert cell == Hidden(SMALL, rules.threshold)
    else:
        assert cell == Shown(_rounded(n, rules))
        assert isinstance(cell, Shown)
        assert cell.value >= rules.threshold and cell.value % rules.rounding == 0


# -- (2) what can be derived --------------------------------------------------------------


@given(cells=cells_st, rules=rules_st)
@settings(max_examples=600, deadline=None)
@example(cells={"a": 3, "b": 40, "c": 17}, rules=SuppressionRules())
@example(cells={"a": 9, "b": 9, "c": 100}, rules=SuppressionRules())
@example(cells={"a": 0, "b": 0, "c": 20}, rules=SuppressionRules())
@example(cells={"a": 0, "b": 10}, rules=SuppressionRules())
def test_hidden_cells_keep_two_values_within_the_rounding(
    cells: dict[str, int], rules: SuppressionRules
) -> None:
    """What a page shows: rounded figures and a rounded total."""
    total = sum(cells.values())
    table = suppress_table(cells, total=total, rules=rules)
    hidden = [k for k, c in table.cells.items() if c.is_hidden]
    if table.total is not None and not table.total.is_hidden:
        assert len(hidden) != 1, "a single hidden cell is the total minus the shown ones"
    for key, values in _candidates(table, cells, total, rules, exact=False).items():
        assert values >= 2, (key, values, table)


@given(cells=cells_st, rules=rules_st)
@settings(max_examples=600, deadline=None)
@example(cells={"a": 0, "b": 0, "c": 20}, rules=SuppressionRules())
@example(cells={"a": 9, "b": 9, "c": 100}, rules=SuppressionRules())
@example(cells={"a": 0, "b": 10}, rules=SuppressionRules())
def test_hidden_cells_keep_two_values_with_exact_figures(
    cells: dict[str, int], rules: SuppressionRules
) -> None:
    """As if every shown figure and the shown total were exact: rounding alone must not
    be what protects a hidden cell."""
    total = sum(cells.values())
    table = suppress_table(cells, total=total, rules=rules)
    for key, values in _candidates(table, cells, total, rules, exact=True).items():
        assert values >= 2, (key, values, table)


@given(cells=cells_st, rules=rules_st)
@settings(max_examples=200, deadline=None)
def test_without_a_total_only_the_primary_cells_are_hidden(
    cells: dict[str, int], rules: SuppressionRules
) -> None:
    """Without a total (overlapping categories) nothing links the cells: a hidden cell is
    anything below the threshold, and nothing else is hidden."""
    table = suppress_table(cells, total=None, rules=rules)
    for key, cell in table.cells.items():
        assert cell.is_hidden == (cells[key] < rules.threshold)


def _display(table: SuppressedTable[Any]) -> tuple[str, ...]:
    assert table.total is not None
    return (*(c.display for c in table.cells.values()), table.total.display)


@pytest.mark.parametrize(
    "rules", [SuppressionRules(10, 5), SuppressionRules(5, 5), SuppressionRules(3, 1)], ids=str
)
def test_brute_force_every_small_table_has_a_twin_for_each_hidden_cell(
    rules: SuppressionRules,
) -> None:
    """Every table of three cells up to a size: all tables that display exactly the same
    (same "<10", "–" and rounded figures) are its twins. An attacker who knows the whole
    algorithm can narrow a hidden cell down to the values it has across the twins: there
    must be at least two."""
    top = 3 * rules.threshold + 4 * rules.rounding
    groups: dict[tuple[str, ...], list[tuple[int, ...]]] = defaultdict(list)
    for values in itertools.product(range(top + 1), repeat=3):
        table = suppress_table(
            dict(zip("abc", values, strict=True)), total=sum(values), rules=rules
        )
        groups[_display(table)].append(values)
    checked = 0
    for display, twins in groups.items():
        # Complete groups only: twins of a table could lie beyond ``top`` when a figure is
        # open-ended ("–" or a shown figure near the top).
        if any(v > top - 2 * rules.threshold - 2 * rules.rounding for t in twins for v in t):
            continue
        for index, shown in enumerate(display[:3]):
            if shown.startswith("<") or shown == "–":
                assert len({t[index] for t in twins}) >= 2, (display, twins)
                checked += 1
    assert checked > 0


# -- (3) idempotence and monotonicity ------------------------------------------------------


@given(cells=cells_st, with_total=st.booleans(), rules=rules_st)
@settings(max_examples=300, deadline=None)
def test_suppression_is_idempotent(
    cells: dict[str, int], with_total: bool, rules: SuppressionRules
) -> None:
    total = sum(cells.values()) if with_total else None
    first = suppress_table(cells, total=total, rules=rules)
    # The same input gives the same output (no hidden state, no randomness).
    assert suppress_table(cells, total=total, rules=rules) == first
    # Suppressing what is shown again changes nothing: shown figures are fixed points.
    shown = {k: c.value for k, c in first.cells.items() if isinstance(c, Shown)}
    again = suppress_table(shown, total=None, rules=rules)
    assert {k: c for k, c in again.cells.items()} == {k: Shown(v) for k, v in shown.items()}
    if isinstance(first.total, Shown):
        assert suppress_count(first.total.value, rules) == first.total


@given(
    cells=cells_st,
    with_total=st.booleans(),
    low=st.integers(min_value=3, max_value=20),
    extra=st.integers(min_value=0, max_value=20),
    rounding=st.integers(min_value=1, max_value=10),
)
@settings(max_examples=300, deadline=None)
def test_a_higher_threshold_hides_at_least_what_a_lower_one_hid_as_small(
    cells: dict[str, int], with_total: bool, low: int, extra: int, rounding: int
) -> None:
    total = sum(cells.values()) if with_total else None
    lower = suppress_table(cells, total=total, rules=SuppressionRules(low, rounding))
    higher = suppress_table(cells, total=total, rules=SuppressionRules(low + extra, rounding))
    for key, cell in lower.cells.items():
        if isinstance(cell, Hidden) and cell.reason == SMALL:
            assert higher.cells[key].is_hidden, (key, lower, higher)
    if lower.total is not None and isinstance(lower.total, Hidden) and lower.total.reason == SMALL:
        assert higher.total is not None and higher.total.is_hidden
    # Single counts: hidden at the lower threshold means hidden at the higher one.
    for n in cells.values():
        if suppress_count(n, SuppressionRules(low, rounding)).is_hidden:
            assert suppress_count(n, SuppressionRules(low + extra, rounding)).is_hidden


# -- settings -----------------------------------------------------------------------------


@override_settings(WIJKKOMPAS_SUPPRESSION_THRESHOLD=15, WIJKKOMPAS_SUPPRESSION_ROUNDING=10)
def test_the_rules_come_from_settings() -> None:
    rules = SuppressionRules.from_settings()
    assert (rules.threshold, rules.rounding) == (15, 10)
    assert suppress_count(14).display == "<15"
    assert suppress_count(16).display == "20"
    table = suppress_table({"a": 14, "b": 30}, total=44)
    # One small cell: the total is hidden, else it would give the small cell away.
    assert table.cells["a"].is_hidden and table.total is not None and table.total.is_hidden


# -- two-way tables (row totals, column totals, grand total) ------------------------------


def _two_way_candidates(
    table: Any, counts: Mapping[tuple[str, str], int], rules: SuppressionRules
) -> dict[Any, float]:
    """For every hidden cell or total: max - min over all tables that show the same, with
    every shown figure exact. Written apart from the module: the cells are the variables
    (shown cells fixed), a total is a sum of cells with the range its display allows."""
    from scipy.optimize import linprog

    rows, columns = table.rows, table.columns
    keys = [(r, c) for r in rows for c in columns]

    def reach(cell: Any, exact: int) -> tuple[float, float | None]:
        if isinstance(cell, Hidden):
            return (0, rules.threshold - 1) if cell.reason == SMALL else (rules.threshold, None)
        return (exact, exact)

    bounds = [reach(table.cells[k], counts[k]) for k in keys]
    a_ub: list[list[float]] = []
    b_ub: list[float] = []

    def total_range(members: list[Any], cell: Any) -> None:
        lo, hi = reach(cell, sum(counts[k] for k in members))
        row = [1.0 if k in members else 0.0 for k in keys]
        a_ub.append([-x for x in row])
        b_ub.append(-lo)
        if hi is not None:
            a_ub.append(row)
            b_ub.append(hi)

    lines: dict[Any, list[Any]] = {}
    for r in rows:
        lines[("row", r)] = [(r, c) for c in columns]
        total_range(lines[("row", r)], table.row_totals[r])
    for c in columns:
        lines[("column", c)] = [(r, c) for r in rows]
        total_range(lines[("column", c)], table.column_totals[c])
    lines[("total", None)] = keys
    total_range(keys, table.total)
    targets: dict[Any, list[Any]] = {k: [k] for k in keys if table.cells[k].is_hidden}
    for (kind, key), members in lines.items():
        cell = {"row": table.row_totals.get(key), "column": table.column_totals.get(key)}.get(
            kind, table.total
        )
        if cell is not None and cell.is_hidden:
            targets[(kind, key)] = members
    found: dict[Any, float] = {}
    for target, members in targets.items():
        objective = [1.0 if k in members else 0.0 for k in keys]
        low = linprog(objective, A_ub=a_ub or None, b_ub=b_ub or None, bounds=bounds)
        high = linprog([-x for x in objective], A_ub=a_ub or None, b_ub=b_ub or None, bounds=bounds)
        assert low.status == 0, (target, low.message)
        found[target] = INF if high.status != 0 else (-high.fun) - low.fun + 1
    return found


two_way_st = st.integers(min_value=1, max_value=4).flatmap(
    lambda n_rows: st.integers(min_value=1, max_value=3).flatmap(
        lambda n_cols: st.lists(count_st, min_size=n_rows * n_cols, max_size=n_rows * n_cols).map(
            lambda values: {(f"r{i // n_cols}", f"c{i % n_cols}"): v for i, v in enumerate(values)}
        )
    )
)


@given(cells=two_way_st, rules=rules_st)
@settings(max_examples=60, deadline=None)
@example(
    cells={("r0", "c0"): 3, ("r0", "c1"): 40, ("r1", "c0"): 25, ("r1", "c1"): 30},
    rules=SuppressionRules(),
)
@example(
    cells={("r0", "c0"): 0, ("r0", "c1"): 0, ("r1", "c0"): 20, ("r1", "c1"): 0},
    rules=SuppressionRules(),
)
def test_two_way_tables_keep_two_values_for_every_hidden_figure(
    cells: dict[tuple[str, str], int], rules: SuppressionRules
) -> None:
    """Row totals, column totals and the grand total are shown with the table: every hidden
    cell and total still has two possible values, the shown figures taken as exact."""
    table = suppress_two_way(cells, rules=rules)
    shown = [c for c in table.cells.values() if not c.is_hidden]
    shown += [c for c in table.row_totals.values() if not c.is_hidden]
    shown += [c for c in table.column_totals.values() if not c.is_hidden]
    shown += [] if table.total.is_hidden else [table.total]
    for cell in shown:
        assert isinstance(cell, Shown)
        assert cell.value >= rules.threshold and cell.value % rules.rounding == 0
    for key, n in cells.items():
        if n < rules.threshold:
            assert table.cells[key].is_hidden
    for target, values in _two_way_candidates(table, cells, rules).items():
        assert values >= 2 - 1e-6, (target, values, table)
