"""Small-cell suppression: primary, rounding, secondary, and the derivation check."""

from __future__ import annotations

import itertools

import pytest
from django.test import override_settings

from wijkkompas.accounts.constants import Role
from wijkkompas.signals.suppression import (
    SECONDARY,
    SMALL,
    Hidden,
    Shown,
    SuppressionRules,
    count_for,
    exact_table,
    for_case_role,
    suppress_count,
    suppress_table,
    table_for,
)

RULES = SuppressionRules(threshold=10, rounding=5)


def test_count_below_threshold_is_hidden_including_zero():
    assert suppress_count(0, RULES) == Hidden(SMALL, 10)
    assert suppress_count(9, RULES).display == "<10"
    assert suppress_count(9, RULES).is_hidden


@pytest.mark.parametrize(
    ("n", "shown"), [(10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (1234, 1235)]
)
def test_counts_are_rounded_to_five(n, shown):
    assert suppress_count(n, RULES) == Shown(shown)


def test_rounded_value_never_below_threshold():
    rules = SuppressionRules(threshold=11, rounding=5)
    assert suppress_count(11, rules) == Shown(15)
    assert suppress_count(12, rules) == Shown(15)
    for n in range(11, 200):
        assert rules.display_value(n) >= 11
        lo, hi = rules.preimage(rules.display_value(n))
        assert lo <= n <= hi


def test_rules_come_from_settings():
    with override_settings(WIJKKOMPAS_SUPPRESSION_THRESHOLD=20, WIJKKOMPAS_SUPPRESSION_ROUNDING=10):
        rules = SuppressionRules.from_settings()
        assert (rules.threshold, rules.rounding) == (20, 10)
        assert suppress_count(19).display == "<20"
        assert suppress_count(26).display == "30"


def test_rules_refuse_a_threshold_that_reveals():
    with pytest.raises(ValueError):
        SuppressionRules(threshold=2)


def test_one_small_cell_with_a_total_hides_the_total():
    table = suppress_table({"a": 4, "b": 40, "c": 25}, total=69, rules=RULES)
    assert table.cells["a"] == Hidden(SMALL, 10)
    # Shown, the total minus the shown cells would be the small cell.
    assert table.total == Hidden(SECONDARY, 10)
    assert table.total.display == "–"
    assert table.cells["b"] == Shown(40)
    assert table.cells["c"] == Shown(25)
    assert table.any_hidden


def test_several_small_cells_keep_the_total():
    table = suppress_table({"a": 4, "b": 3, "c": 25}, total=32, rules=RULES)
    assert table.total == Shown(30)
    # ...unless they are all 0 (or all 9): then the total would pin each of them.
    assert suppress_table({"a": 0, "b": 0, "c": 25}, total=25, rules=RULES).total == Hidden(
        SECONDARY, 10
    )


def test_no_total_no_secondary():
    table = suppress_table({"a": 4, "b": 40, "c": 25}, total=None, rules=RULES)
    assert [c.display for c in table.cells.values()] == ["<10", "40", "25"]
    assert table.total is None


def test_small_total_is_hidden_with_all_cells():
    table = suppress_table({"a": 4, "b": 3}, total=7, rules=RULES)
    assert all(c.is_hidden for c in table.cells.values())
    assert table.total == Hidden(SMALL, 10)


def test_total_must_match():
    with pytest.raises(ValueError):
        suppress_table({"a": 4}, total=7, rules=RULES)


def _possible_values(display, rules, key):
    """Brute force: every table of small size consistent with the display, values of key."""
    cells = display.cells
    keys = list(cells)
    ranges = []
    for k in keys:
        cell = cells[k]
        if isinstance(cell, Shown):
            lo, hi = rules.preimage(cell.value)
        elif cell.reason == SMALL:
            lo, hi = 0, rules.threshold - 1
        else:
            lo, hi = rules.threshold, 80
        ranges.append(range(lo, hi + 1))
    found = set()
    for combo in itertools.product(*ranges):
        total = sum(combo)
        t = display.total
        if isinstance(t, Shown):
            if rules.display_value(total) != t.value or total < rules.threshold:
                continue
        elif isinstance(t, Hidden):
            if (t.reason == SMALL) != (total < rules.threshold):
                continue
        found.add(combo[keys.index(key)])
    return found


@pytest.mark.parametrize(
    "values",
    [(1, 10, 13), (9, 10, 11), (0, 0, 30), (5, 15, 0), (9, 9, 12), (3, 22, 10), (12, 12, 1)],
)
def test_no_hidden_cell_has_one_possible_value(values):
    cells = dict(zip("abc", values, strict=True))
    table = suppress_table(cells, total=sum(values), rules=RULES)
    for key, cell in table.cells.items():
        if cell.is_hidden:
            assert len(_possible_values(table, RULES, key)) >= 2, (cells, table)


def test_case_roles_see_exact_counts(django_user_model):
    professional = django_user_model(role=Role.PROFESSIONAL)
    policy = django_user_model(role=Role.POLICY_OFFICER)
    assert for_case_role(professional)
    assert not for_case_role(policy)
    assert not for_case_role(None)
    assert table_for(professional, {"a": 3}, total=3) == exact_table({"a": 3}, total=3)
    assert table_for(policy, {"a": 3}, total=3).cells["a"].is_hidden
    assert count_for(professional, 3) == Shown(3)
    assert count_for(policy, 3, RULES).is_hidden


def test_explanation_mentions_the_rules():
    text = suppress_table({"a": 4, "b": 40}, total=44, rules=RULES).explanation
    assert "10" in text and "5" in text
    assert exact_table({"a": 1}).explanation == ""
