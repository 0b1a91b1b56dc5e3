"""What the signals page shows, per role: exact for team roles, suppressed for the rest.

Every table of a period is suppressed as a whole (:mod:`.suppression`), and the previous
period's table by the same rules, so a figure and its trend never show more than the
previous period's own page. Trends of suppressed figures compare the shown (rounded)
figures only. Tables whose categories add up to a total (outcomes, ladder rungs) show that
total from the table itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wijkkompas.conversations.constants import LifeDomain, Outcome

from . import selectors
from .constants import (
    ASSESSED_ZRM,
    CONVERSATIONS,
    DOMAIN,
    IDEAS,
    LADDER,
    OPPORTUNITIES,
    OUTCOME,
    ZRM,
)
from .suppression import (
    Cell,
    Shown,
    SuppressedTable,
    SuppressionRules,
    exact_count,
    exact_table,
    for_case_role,
    suppress_count,
    suppress_table,
)

BAR_WIDTH = 360
ROW_HEIGHT = 26
LABEL_WIDTH = 250


@dataclass
class Trend:
    direction: str  # up, down, same, unknown
    text: str

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→"}.get(self.direction, "")


def trend(now: Cell, before: Cell | None) -> Trend:
    if before is None or now.is_hidden or before.is_hidden:
        return Trend("unknown", _("not comparable"))
    assert isinstance(now, Shown) and isinstance(before, Shown)
    if now.value > before.value:
        return Trend("up", _("more than the previous period (%(before)s)") % {"before": before})
    if now.value < before.value:
        return Trend("down", _("fewer than the previous period (%(before)s)") % {"before": before})
    return Trend("same", _("as many as the previous period"))


@dataclass
class Row:
    code: str
    label: str
    cell: Cell
    previous: Cell | None
    trend: Trend
    bar: int = 0
    y: int = 0


@dataclass
class Table:
    """One suppressed (or exact) table with its previous period, ready for a template."""

    id: str
    title: str
    rows: list[Row]
    total: Cell | None = None
    total_label: str = ""
    chart_height: int = 0
    explanation: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def any_hidden(self) -> bool:
        return any(r.cell.is_hidden for r in self.rows) or bool(
            self.total is not None and self.total.is_hidden
        )


def _table(
    *,
    exact: bool,
    rules: SuppressionRules,
    cells: dict[str, int],
    previous: dict[str, int] | None,
    total: int | None,
    previous_total: int | None,
) -> tuple[SuppressedTable[str], SuppressedTable[str] | None]:
    def make(c: dict[str, int], t: int | None) -> SuppressedTable[str]:
        if exact:
            return exact_table(c, total=t)
        return suppress_table(c, total=t, rules=rules)

    now = make(cells, total)
    before = make(previous, previous_total) if previous is not None else None
    return now, before


def build_table(
    *,
    id: str,
    title: str,
    labels: list[tuple[str, str]],
    signals: selectors.AreaSignals,
    prefix: str,
    exact: bool,
    rules: SuppressionRules,
    total_measure: str | None = None,
    total_label: str = "",
) -> Table:
    cells = {code: signals.value(prefix + code) for code, _label in labels}
    has_previous = any(signals.previous(prefix + code) is not None for code, _ in labels)
    previous = (
        {code: signals.previous(prefix + code) or 0 for code, _label in labels}
        if has_previous
        else None
    )
    total = sum(cells.values()) if total_measure else None
    previous_total = sum(previous.values()) if (total_measure and previous is not None) else None
    now, before = _table(
        exact=exact,
        rules=rules,
        cells=cells,
        previous=previous,
        total=total,
        previous_total=previous_total,
    )
    rows: list[Row] = []
    top = max([c.value for c in now.cells.values() if isinstance(c, Shown)] + [1])
    for i, (code, label) in enumerate(labels):
        cell = now.cells[code]
        prev = before.cells[code] if before is not None else None
        bar = int(BAR_WIDTH * cell.value / top) if isinstance(cell, Shown) else 0
        rows.append(Row(code, label, cell, prev, trend(cell, prev), bar, i * ROW_HEIGHT))
    return Table(
        id=id,
        title=title,
        rows=rows,
        total=now.total,
        total_label=total_label,
        chart_height=len(rows) * ROW_HEIGHT,
        explanation=now.explanation,
    )


@dataclass
class Page:
    exact: bool
    headline: list[Row]
    tables: list[Table]
    themes: list[dict[str, Any]]
    explanation: str
    collective_share: str


def build_page(*, user: Any, signals: selectors.AreaSignals) -> Page:
    """The figures of one area and period as ``user`` may see them."""
    exact = for_case_role(user)
    rules = SuppressionRules.from_settings()
    outcomes = build_table(
        id="outcomes",
        title=_("Where the questions were answered"),
        labels=[(str(v), str(label)) for v, label in Outcome.choices],
        signals=signals,
        prefix=OUTCOME,
        exact=exact,
        rules=rules,
        total_measure=CONVERSATIONS,
        total_label=_("Conversations"),
    )
    domains = build_table(
        id="domains",
        title=_("Conversations per life domain"),
        labels=[(str(v), str(label)) for v, label in LifeDomain.choices],
        signals=signals,
        prefix=DOMAIN,
        exact=exact,
        rules=rules,
    )
    zrm = build_table(
        id="zrm",
        title=_("ZRM domains at level 1 or 2 (acute problems or not self-reliant)"),
        labels=selectors.zrm_domains(),
        signals=signals,
        prefix=ZRM,
        exact=exact,
        rules=rules,
    )
    ladder = build_table(
        id="ladder",
        title=_("Participation ladder"),
        labels=[(str(v), f"{v}. {name}") for v, name in selectors.ladder_rungs()],
        signals=signals,
        prefix=LADDER,
        exact=exact,
        rules=rules,
        total_measure="ladder_assessed",
        total_label=_("Conversations with a participation ladder score"),
    )

    def single(measure: str, label: str) -> Row:
        make = exact_count if exact else (lambda n: suppress_count(n, rules))
        cell = make(signals.value(measure))
        previous = signals.previous(measure)
        prev = make(previous) if previous is not None else None
        return Row(measure, label, cell, prev, trend(cell, prev))

    # The number of conversations is the total of the outcome table (the same cell).
    conversations_cell = outcomes.total if outcomes.total is not None else exact_count(0)
    conversations_prev: Cell | None = None
    if signals.previous(CONVERSATIONS) is not None:
        before = {code: signals.previous(OUTCOME + code) or 0 for code in Outcome.values}
        prev_table = (
            exact_table(before, total=sum(before.values()))
            if exact
            else suppress_table(before, total=sum(before.values()), rules=rules)
        )
        conversations_prev = prev_table.total
    headline = [
        Row(
            CONVERSATIONS,
            _("Conversations"),
            conversations_cell,
            conversations_prev,
            trend(conversations_cell, conversations_prev),
        ),
        single(OPPORTUNITIES, _("Opportunities for the collective noted")),
        single(IDEAS, _("Residents' ideas noted")),
        single(ASSESSED_ZRM, _("Conversations with a ZRM assessment")),
    ]
    share = _collective_share(outcomes)
    themes = []
    for theme in signals.themes:
        cell = exact_count(theme.count) if exact else suppress_count(theme.count, rules)
        if cell.is_hidden:
            continue  # a rare term could point to someone: only themes of 10 or more
        themes.append(
            {
                "label": theme.label,
                "stem": theme.stem,
                "count": cell,
                "example": theme.example if exact else "",
            }
        )
    return Page(
        exact=exact,
        headline=headline,
        tables=[domains, outcomes, zrm, ladder],
        themes=themes,
        explanation="" if exact else rules.explanation(),
        collective_share=share,
    )


def _collective_share(outcomes: Table) -> str:
    """Share answered in the own network or collectively, from the shown figures only."""
    cells = {row.code: row.cell for row in outcomes.rows}
    wanted = [cells[Outcome.OWN_NETWORK], cells[Outcome.COLLECTIVE]]
    total = outcomes.total
    if total is None or total.is_hidden or any(c.is_hidden for c in wanted) or not total.value:
        return "–"
    part = sum(c.value or 0 for c in wanted)
    return f"{round(100 * part / total.value)}%"
