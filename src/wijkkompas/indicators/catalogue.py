"""The indicator catalogue: every indicator once, with its definition and one function.

"The same number is the same everywhere": pages, exports, factsheets, reflection sessions
(and the API) compute an indicator only through :func:`compute` (via
``indicators.selectors.indicator_results``), never by counting again themselves. The
agreement test (``indicators/tests/test_agreement.py``) proves it for every indicator.

An indicator is registered with :func:`indicator` on a function that takes a
:class:`Scope` and a :class:`Period` and returns exact :class:`Figures`. Suppression for
roles that may not see cases is applied afterwards, in one place
(``indicators.selectors``), so an indicator function never decides who sees what.

The three lenses of the Kenniskring (reflection 5, "tellen en vertellen") are kept apart
on every page: :class:`~wijkkompas.indicators.constants.Lens`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from .constants import Lens, PeriodKind, Unit

Number = int | float


@dataclass(frozen=True)
class Scope:
    """Where an indicator is computed: a municipality, optionally narrowed to one team's
    area, a district or a neighbourhood (at most one of the three)."""

    municipality_id: int
    team_id: int | None = None
    district_id: int | None = None
    neighbourhood_id: int | None = None

    def __post_init__(self) -> None:
        narrowed = [x for x in (self.team_id, self.district_id, self.neighbourhood_id) if x]
        if len(narrowed) > 1:
            raise ValueError("A scope narrows to at most one of team, district, neighbourhood.")

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.municipality_id, self.team_id, self.district_id, self.neighbourhood_id)


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year: ``start`` inclusive, ``end`` exclusive."""

    kind: str
    start: dt.date

    def __post_init__(self) -> None:
        PeriodKind(self.kind)  # raises ValueError for an unknown kind
        if (
            self.start.day != 1
            or (self.kind == PeriodKind.QUARTER and (self.start.month - 1) % 3)
            or (self.kind == PeriodKind.YEAR and self.start.month != 1)
        ):
            raise ValueError("A period starts on the first day of its month, quarter or year.")

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        """The month, quarter or year that ``day`` falls in."""
        if kind == PeriodKind.MONTH:
            return cls(kind, day.replace(day=1))
        if kind == PeriodKind.QUARTER:
            return cls(kind, dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))
        return cls(PeriodKind(kind).value, dt.date(day.year, 1, 1))

    @property
    def months(self) -> int:
        return {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[
            PeriodKind(self.kind)
        ]

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` periods later (negative: earlier)."""
        index = self.start.year * 12 + self.start.month - 1 + steps * self.months
        return Period(self.kind, dt.date(index // 12, index % 12 + 1, 1))

    @property
    def end(self) -> dt.date:
        return self.shifted(1).start

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start.isoformat()}"

    @property
    def label(self) -> str:
        """How a page names the period: "2026", "2026 K2", "maart 2026"."""
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year} K{(self.start.month - 1) // 3 + 1}"
        from django.utils.formats import date_format

        return date_format(self.start, "F Y")


@dataclass(frozen=True)
class Figures:
    """What an indicator function returns: exact numbers, before any suppression.

    ``columns``: the column headers of the breakdown (the first column is the row label).
    ``rows``: ``(label, values)``; ``counts`` says per value column whether it is a count
    of people or conversations (suppressed for non-case roles) or a derived figure (a share
    or average, hidden for non-case roles when its ``base`` count is below the threshold).
    ``headline``: the one number a dashboard shows, with ``headline_base`` the count it
    rests on (for suppression) when the headline is derived.
    """

    headline: Number | None
    columns: tuple[Any, ...] = ()
    rows: tuple[tuple[Any, tuple[Number | None, ...]], ...] = ()
    counts: tuple[bool, ...] = ()
    bases: tuple[tuple[int | None, ...], ...] = ()
    headline_is_count: bool = True
    headline_base: int | None = None
    #: The totals row (same shape as a row's values), or ``None``. With ``partition`` the
    #: count cells of the rows add up to it exactly (secondary suppression applies).
    total: tuple[Number | None, ...] | None = None
    total_bases: tuple[int | None, ...] = ()
    partition: bool = True
    #: Value columns that are never suppressed: numbers that are not about people
    #: (initiatives, places, budgets in euros).
    plain: tuple[bool, ...] = ()
    #: The headline is not about people either (shown as it is to every role).
    headline_plain: bool = False
    #: The headline is the total of this value column (the same cell as in the table).
    headline_column: int | None = None
    #: A derived headline is hidden (for roles that see suppressed counts) when any count
    #: of its table is hidden; set False when the headline cannot pin a hidden count (an
    #: average over another base).
    headline_guards_table: bool = True
    #: How each value column is written (a ``Unit``); empty: counts.
    units: tuple[str, ...] = ()

    def kind(self, column: int) -> str:
        """``"plain"``, ``"count"`` or ``"derived"``: how value ``column`` is suppressed."""
        if column < len(self.plain) and self.plain[column]:
            return "plain"
        if column >= len(self.counts) or self.counts[column]:
            return "count"
        return "derived"

    def unit(self, column: int, default: str) -> str:
        return self.units[column] if column < len(self.units) else default


@dataclass(frozen=True)
class Definition:
    """An indicator as the catalogue describes it."""

    code: str
    name: str | Promise
    definition: str | Promise
    formula: str | Promise
    source_fields: tuple[str, ...]
    unit: Unit
    lens: Lens
    compute: Callable[[Scope, Period], Figures] = field(compare=False, repr=False)
    #: Shown on the dashboards of a municipality and a team, and in factsheets.
    key: bool = False

    @property
    def unit_label(self) -> Any:
        return Unit(self.unit).label

    @property
    def lens_label(self) -> Any:
        return Lens(self.lens).label


CATALOGUE: dict[str, Definition] = {}


def indicator(
    *,
    code: str,
    name: str | Promise,
    definition: str | Promise,
    formula: str | Promise,
    source_fields: tuple[str, ...],
    unit: Unit,
    lens: Lens,
    key: bool = False,
) -> Callable[[Callable[[Scope, Period], Figures]], Callable[[Scope, Period], Figures]]:
    """Register the decorated function as the one way to compute indicator ``code``."""

    def register(func: Callable[[Scope, Period], Figures]) -> Callable[[Scope, Period], Figures]:
        if code in CATALOGUE:
            raise ValueError(f"Indicator {code!r} is registered twice.")
        CATALOGUE[code] = Definition(
            code=code,
            name=name,
            definition=definition,
            formula=formula,
            source_fields=source_fields,
            unit=unit,
            lens=lens,
            compute=func,
            key=key,
        )
        return func

    return register


def definition(code: str) -> Definition:
    """The catalogue entry of ``code`` (``KeyError`` for an unknown code)."""
    _load()
    return CATALOGUE[code]


def definitions(lens: str | None = None) -> list[Definition]:
    """Every indicator in catalogue order, optionally of one lens."""
    _load()
    return [d for d in CATALOGUE.values() if lens is None or d.lens == lens]


def compute(code: str, scope: Scope, period: Period) -> Figures:
    """The exact figures of indicator ``code``: the only way any page computes it."""
    return definition(code).compute(scope, period)


def _load() -> None:
    # The indicator functions live in ``indicators.definitions``; importing it registers them.
    from . import definitions as _definitions  # noqa: F401
