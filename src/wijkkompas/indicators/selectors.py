"""Reads of the indicators: results as the user may see them, scopes, definitions.

Every page, export, factsheet and reflection session that shows an indicator goes
through :func:`indicator_results`, so the same number is the same everywhere:

* the exact figures come from :func:`~.catalogue.compute` (kept in Django's cache under
  the data versions of the municipality, :mod:`.cache`);
* team roles (``signals.suppression.for_case_role``) see them exactly; every other role
  sees counts suppressed (``signals.suppression.suppress_table``: "<10", rounded,
  secondary suppression against a shown total) and derived figures (shares, averages)
  hidden when the count they rest on is below the threshold or a count of their row is
  hidden;
* the stories the user may see are attached (``.stories``).

Usage::

    from wijkkompas.indicators.catalogue import Period, Scope
    from wijkkompas.indicators.selectors import indicator_results

    results = indicator_results(
        user=request.user, scope=Scope(municipality_id=3), period=Period.containing("year", day)
    )
    for result in results:
        result.definition.name, result.headline.display, result.rows, result.stories
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import (
    can,
    get_compiled_in_scope,
    get_in_scope,
    restrict,
    team_ids,
)
from wijkkompas.accounts.constants import TEAM_ROLES, Action, Role
from wijkkompas.areas import selectors as area_selectors
from wijkkompas.signals.suppression import (
    SECONDARY,
    SMALL,
    Cell,
    Hidden,
    SuppressionRules,
    exact_count,
    for_case_role,
    suppress_count,
    suppress_table,
)
from wijkkompas.teams import selectors as team_selectors

from . import cache
from .catalogue import Definition, Figures, Period, Scope, definitions
from .constants import (
    INDICATOR_VIEW_ROLES,
    STORIES_PER_FIGURE,
    STORY_VIEW_ROLES,
    STORY_WRITE_ROLES,
    Lens,
    PeriodKind,
    StoryStatus,
    Unit,
    Visibility,
)
from .models import Story

__all__ = [
    "Figure",
    "IndicatorResult",
    "ResultRow",
    "definition_rows",
    "export_rows",
    "indicator_results",
    "may_view_indicators",
    "may_change_story",
    "may_write_story",
    "scope_for",
    "scope_subject",
    "story_get",
    "story_list",
]


@dataclass(frozen=True)
class Figure:
    """A shown value that is not a suppressed count: a share, an average, an amount, or a
    count that is exact for this role. ``value`` is what an export writes (``None``: no
    value, e.g. a share of nothing); ``display`` what a page shows."""

    value: float | int | None
    display: str
    is_hidden: bool = field(default=False, init=False)

    def __str__(self) -> str:
        return self.display


ResultCell = Cell | Figure


@dataclass(frozen=True)
class ResultRow:
    label: Any
    cells: tuple[ResultCell, ...]


@dataclass
class IndicatorResult:
    """One indicator for one scope and period as one user may see it."""

    definition: Definition
    scope: Scope
    period: Period
    headline: ResultCell
    columns: tuple[Any, ...]
    rows: list[ResultRow]
    total: ResultRow | None
    suppressed: bool
    explanation: str
    stories: list[Any] = field(default_factory=list)
    #: Where the user adds a story to this figure ("" when they may not).
    add_story_url: str = ""
    #: When the figures were computed, if they are the latest ones kept from before the
    #: latest change of their data (``indicators.cache``); ``None`` when they are current.
    as_of: dt.datetime | None = None

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def lens(self) -> str:
        return self.definition.lens

    @property
    def lens_label(self) -> Any:
        return Lens(self.definition.lens).label

    @property
    def unit_label(self) -> Any:
        return Unit(self.definition.unit).label

    @property
    def all_rows(self) -> list[ResultRow]:
        """The rows and the totals row (when there is one)."""
        return [*self.rows, self.total] if self.total is not None else list(self.rows)


# --- who may see indicators of which scope --------------------------------------------------


def may_view_indicators(*, user: Any) -> bool:
    """Whether the user's role sees indicator dashboards at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.role in INDICATOR_VIEW_ROLES)


def scope_for(
    *,
    user: Any,
    municipality_id: int | None = None,
    team_id: int | None = None,
    district_id: int | None = None,
    neighbourhood_id: int | None = None,
    request: Any = None,
) -> Scope:
    """The :class:`Scope` of these ids when ``user`` may see its indicators, else 404;
    see :func:`scope_subject` (which also gives the team or area the scope is about)."""
    return scope_subject(
        user=user,
        municipality_id=municipality_id,
        team_id=team_id,
        district_id=district_id,
        neighbourhood_id=neighbourhood_id,
        request=request,
    )[0]


def scope_subject(
    *,
    user: Any,
    municipality_id: int | None = None,
    team_id: int | None = None,
    district_id: int | None = None,
    neighbourhood_id: int | None = None,
    request: Any = None,
) -> tuple[Scope, Any]:
    """The :class:`Scope` of these ids (from a URL) when ``user`` may see its indicators,
    else 404 (the refusal is logged):

    * a policy officer (and the functional administrator): areas and teams of their own
      municipality;
    * a researcher: municipalities that share their aggregates (``shares_aggregates``);
    * a team role: their own municipality, its areas, and their own teams;
    * nobody else.

    Give a ``team_id`` alone (its municipality is the team's), or a ``municipality_id``
    optionally narrowed by a ``district_id`` or a ``neighbourhood_id``.
    """
    if not may_view_indicators(user=user):
        raise Http404
    if team_id is not None:
        # Asked on every request of a team dashboard: compiled once per user scope.
        team = get_compiled_in_scope(
            "indicators.team",
            lambda: apps.get_model("teams", "Team").objects.select_related("municipality"),
            user,
            request=request,
            pk=int(team_id),
        )
        if municipality_id is not None and int(municipality_id) != team.municipality_id:
            raise Http404
        if user.role in TEAM_ROLES and not user.is_superuser and team.pk not in team_ids(user):
            raise Http404
        _allowed_municipality(user, team.municipality)
        return Scope(municipality_id=team.municipality_id, team_id=team.pk), team
    if municipality_id is None:
        raise Http404
    municipality = _require_municipality(user, int(municipality_id), request)
    if district_id is not None:
        district = area_selectors.district_get(user=user, pk=int(district_id), request=request)
        if district.municipality_id != municipality.pk:
            raise Http404
        return Scope(municipality_id=municipality.pk, district_id=district.pk), district
    if neighbourhood_id is not None:
        neighbourhood = area_selectors.neighbourhood_get(
            user=user, pk=int(neighbourhood_id), request=request
        )
        if neighbourhood.district.municipality_id != municipality.pk:
            raise Http404
        return Scope(municipality_id=municipality.pk, neighbourhood_id=neighbourhood.pk), (
            neighbourhood
        )
    return Scope(municipality_id=municipality.pk), municipality


def _require_municipality(user: Any, municipality_id: int, request: Any) -> Any:
    # Asked on every request of a dashboard: compiled once per user scope (core.compiled).
    municipality = get_compiled_in_scope(
        "indicators.municipality",
        lambda: apps.get_model("areas", "Municipality").objects.all(),
        user,
        request=request,
        pk=municipality_id,
    )
    _allowed_municipality(user, municipality)
    return municipality


def _allowed_municipality(user: Any, municipality: Any) -> None:
    """404 unless ``user`` sees the indicators of ``municipality``: their own, or for a
    researcher one that shares its aggregates."""
    if user.is_superuser:
        return
    if user.role == Role.RESEARCHER:
        if not municipality.shares_aggregates:
            raise Http404
    elif municipality.pk != user.municipality_id:
        raise Http404


@dataclass(frozen=True)
class DashboardLink:
    kind: str  # "municipality" or "team"
    pk: int
    name: str


def dashboard_links(*, user: Any) -> list[DashboardLink]:
    """The dashboards ``user`` may open: municipalities (their own; for researchers those
    that share their aggregates) and, for team roles, their own teams. Two queries."""
    if not may_view_indicators(user=user):
        return []
    municipalities = area_selectors.municipality_list(user=user).order_by("name")
    if not user.is_superuser:
        if user.role == Role.RESEARCHER:
            municipalities = municipalities.filter(shares_aggregates=True)
        else:
            municipalities = municipalities.filter(pk=user.municipality_id)
    links = [
        DashboardLink("municipality", m["pk"], m["name"])
        for m in municipalities.order_by().values("pk", "name").order_by("name")
    ]
    if user.role in TEAM_ROLES and not user.is_superuser:
        teams = (
            team_selectors.team_list(user=user)
            .prefetch_related(None)
            .filter(pk__in=team_ids(user))
            .order_by("name")
            .values("pk", "name")
        )
        links += [DashboardLink("team", t["pk"], t["name"]) for t in teams]
    return links


def dashboard_teams(*, user: Any, scope: Scope) -> list[DashboardLink]:
    """The teams of the municipality of ``scope`` whose dashboard ``user`` may open (team
    roles: their own teams). One query."""
    teams = (
        team_selectors.team_list(user=user)
        .prefetch_related(None)
        .filter(municipality_id=scope.municipality_id)
    )
    if user.role in TEAM_ROLES and not user.is_superuser:
        teams = teams.filter(pk__in=team_ids(user))
    elif user.role == Role.RESEARCHER:
        return []
    return [
        DashboardLink("team", t["pk"], t["name"])
        for t in teams.order_by("name").values("pk", "name")
    ]


# --- results -------------------------------------------------------------------------------


def indicator_results(
    *,
    user: Any,
    scope: Scope,
    period: Period,
    codes: Sequence[str] | None = None,
    key_only: bool = False,
    current: bool = False,
) -> list[IndicatorResult]:
    """The indicators ``codes`` (every one when ``None``; only the key indicators with
    ``key_only``) of ``scope`` in ``period``, in catalogue order, as ``user`` may see them:
    exact for team roles, suppressed for every other role, each with the stories the user
    may see. The caller has checked the scope (:func:`scope_for`).

    A fixed number of queries: the exact figures are kept in the cache per scope, period
    and data version (:mod:`.cache`), stories are read in one query. The latest figures may
    be served for a short while after a change of their data (each result's ``as_of``
    says so); ``current`` asks for figures of the current data (a factsheet, say).
    """
    chosen = _chosen(codes, key_only)
    figures = cache.figures(
        scope=scope, period=period, codes=[d.code for d in chosen], current=current
    )
    as_of = None if figures.as_of is None else dt.datetime.fromtimestamp(figures.as_of, tz=dt.UTC)
    exact = for_case_role(user) or bool(getattr(user, "is_superuser", False))
    rules = None if exact else SuppressionRules.from_settings()
    stories = _stories(user=user, scope=scope, period=period, codes=[d.code for d in chosen])
    results = []
    for definition in chosen:
        result = present(
            definition, figures[definition.code], scope=scope, period=period, rules=rules
        )
        result.stories = stories.get(definition.code, [])
        result.as_of = as_of
        results.append(result)
    return results


def _chosen(codes: Sequence[str] | None, key_only: bool) -> list[Definition]:
    everything = definitions()
    if codes is not None:
        wanted = set(codes)
        unknown = wanted - {d.code for d in everything}
        if unknown:
            raise KeyError(f"Unknown indicator(s): {', '.join(sorted(unknown))}")
        everything = [d for d in everything if d.code in wanted]
    if key_only:
        everything = [d for d in everything if d.key]
    return everything


def _stories(*, user: Any, scope: Scope, period: Period, codes: list[str]) -> dict[str, list[Any]]:
    """The stories ``user`` may see of these indicators, scope and period, per code (at
    most ``STORIES_PER_FIGURE`` each, newest first). One query."""
    found: dict[str, list[Any]] = {}
    for story in story_list(user=user, scope=scope, period=period, codes=codes):
        kept = found.setdefault(story.indicator, [])
        if len(kept) < STORIES_PER_FIGURE:
            kept.append(story)
    return found


# --- stories -------------------------------------------------------------------------------


def _visibility_q(user: Any) -> Q:
    """The stories ``user`` may see by their visibility, on top of the access policy
    (which gives the widest reach: the municipality's staff, researchers of sharing
    municipalities, everyone for public stories)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(visibility=Visibility.PUBLIC)
    if user.is_superuser:
        return Q()
    own = Q(created_by_id=user.pk)
    if user.role in TEAM_ROLES:
        return ~Q(visibility=Visibility.TEAM) | Q(team_id__in=team_ids(user)) | own
    if user.role in STORY_VIEW_ROLES:
        return ~Q(visibility=Visibility.TEAM) | own
    if user.role == Role.RESEARCHER:
        return Q(visibility__in=[Visibility.CIRCLE, Visibility.PUBLIC])
    return Q(visibility=Visibility.PUBLIC)


def _visible_stories(user: Any) -> QuerySet[Story]:
    return restrict(Story.objects.all(), user, Action.VIEW).filter(
        _visibility_q(user), status=StoryStatus.ACTIVE
    )


def _within(scope: Scope) -> Q:
    """Stories attached to ``scope`` or to a narrower scope inside it."""
    q = Q(municipality_id=scope.municipality_id)
    if scope.team_id:
        q &= Q(team_id=scope.team_id)
    elif scope.district_id:
        q &= Q(district_id=scope.district_id) | Q(neighbourhood__district_id=scope.district_id)
    elif scope.neighbourhood_id:
        q &= Q(neighbourhood_id=scope.neighbourhood_id)
    return q


def story_list(
    *, user: Any, scope: Scope, period: Period | None = None, codes: Iterable[str] | None = None
) -> QuerySet[Story]:
    """The active stories ``user`` may see of ``scope`` (and the scopes inside it), whose
    period overlaps ``period`` (stories without a period always do), newest first."""
    stories = _visible_stories(user).filter(_within(scope))
    if codes is not None:
        stories = stories.filter(indicator__in=list(codes))
    if period is not None:
        stories = stories.filter(
            Q(period_start__isnull=True)
            | Q(period_start__lt=period.end, period_end__gt=period.start)
        )
    return stories.order_by("-created_at", "-pk")


def story_get(*, user: Any, pk: int, request: Any = None) -> Story:
    """One story the user may see, or 404 (the refusal is logged)."""
    return cast(
        Story,
        get_in_scope(
            Story.objects.filter(_visibility_q(user), status=StoryStatus.ACTIVE),
            user,
            Action.VIEW,
            request=request,
            pk=pk,
        ),
    )


def definition_of(code: str) -> Definition | None:
    """The catalogue entry of ``code``, or None for a code no longer in the catalogue."""
    return next((d for d in definitions() if d.code == code), None)


def photo_content_type(story: Story) -> str:
    ext = story.photo.name.rsplit(".", 1)[-1].lower() if story.photo else ""
    return {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(
        ext, "application/octet-stream"
    )


def may_write_story(*, user: Any, scope: Scope) -> bool:
    """Whether ``user`` may add a story to a figure of ``scope``: team roles to their
    municipality and their own teams, policy officers and administrators to their
    municipality."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.role not in STORY_WRITE_ROLES or user.municipality_id != scope.municipality_id:
        return False
    if user.role in TEAM_ROLES and scope.team_id is not None:
        return scope.team_id in team_ids(user)
    return True


def may_change_story(*, user: Any, story: Story) -> bool:
    """Whether ``user`` may change or withdraw ``story``: whoever wrote it, the team lead
    of its team, the functional administrator of its municipality (``Story.access_policy``)."""
    return can(user, Action.CHANGE, story)


def present(
    definition: Definition,
    figures: Figures,
    *,
    scope: Scope,
    period: Period,
    rules: SuppressionRules | None,
) -> IndicatorResult:
    """The figures of one indicator as shown: exact (``rules`` None) or suppressed."""
    width = len(figures.columns) - 1 if figures.columns else 0
    row_values = [values for _label, values in figures.rows]
    count_cells: dict[int, tuple[list[Cell], Cell | None]] = {}
    for column in range(width):
        if figures.kind(column) != "count":
            continue
        cells = {i: values[column] for i, values in enumerate(row_values)}
        total_value = figures.total[column] if figures.total is not None else None
        count_cells[column] = _count_column(cells, total_value, figures.partition, rules)

    def derived(value: Any, base: int | None, unit: str, row_hidden: bool) -> ResultCell:
        if rules is not None and base is not None and (base < rules.threshold or row_hidden):
            return Hidden(SMALL if base < rules.threshold else SECONDARY, rules.threshold)
        return _figure(value, unit, rules)

    def row_cells(
        values: Sequence[Any], bases: Sequence[Any], index: int | None
    ) -> tuple[ResultCell, ...]:
        counted = {
            column: (cells[0][index] if index is not None else cells[1])
            for column, cells in count_cells.items()
        }
        hidden = any(cell is not None and cell.is_hidden for cell in counted.values())
        out: list[ResultCell] = []
        for column in range(width):
            kind = figures.kind(column)
            unit = figures.unit(column, Unit.CONVERSATIONS)
            if kind == "count":
                cell = counted[column]
                out.append(cell if cell is not None else _figure(None, unit, rules))
            elif kind == "plain":
                out.append(_figure(values[column], unit, None))
            else:
                base = bases[column] if column < len(bases) else None
                out.append(derived(values[column], base, unit, hidden))
        return tuple(out)

    rows = [
        ResultRow(
            label=label,
            cells=row_cells(values, figures.bases[i] if i < len(figures.bases) else (), i),
        )
        for i, (label, values) in enumerate(figures.rows)
    ]
    total = None
    if figures.total is not None:
        total = ResultRow(
            label=_("Total"), cells=row_cells(figures.total, figures.total_bases, None)
        )

    if figures.headline_column is not None and total is not None:
        headline = total.cells[figures.headline_column]
    elif figures.headline_plain:
        headline = _figure(figures.headline, definition.unit, None)
    elif figures.headline_is_count:
        if figures.headline is None:
            headline = _figure(None, definition.unit, rules)
        elif rules is None:
            headline = exact_count(int(figures.headline))
        else:
            headline = suppress_count(int(figures.headline), rules)
    else:
        any_hidden = figures.headline_guards_table and any(
            cell.is_hidden for row in [*rows, *([total] if total else [])] for cell in row.cells
        )
        headline = derived(figures.headline, figures.headline_base, definition.unit, any_hidden)

    return IndicatorResult(
        definition=definition,
        scope=scope,
        period=period,
        headline=headline,
        columns=tuple(figures.columns),
        rows=rows,
        total=total,
        suppressed=rules is not None,
        explanation=rules.explanation() if rules is not None else "",
    )


def _count_column(
    cells: dict[int, Any], total: Any, partition: bool, rules: SuppressionRules | None
) -> tuple[list[Cell], Cell | None]:
    """One count column: its cells in row order and its total cell."""
    known = {i: int(v) for i, v in cells.items() if v is not None}
    if rules is None:
        shown: list[Cell] = [exact_count(known[i]) if i in known else None for i in cells]  # type: ignore[misc]
        return shown, (exact_count(int(total)) if total is not None else None)
    if total is not None and partition and len(known) == len(cells):
        table = suppress_table(known, total=int(total), rules=rules)
        return [table.cells[i] for i in cells], table.total
    table = suppress_table(known, rules=rules)
    total_cell = suppress_count(int(total), rules) if total is not None else None
    return [table.cells[i] if i in known else None for i in cells], total_cell  # type: ignore[misc]


def _figure(value: Any, unit: str, rules: SuppressionRules | None) -> Figure:
    """A value written for its unit: percentages with one decimal (whole percentages when
    suppressed), average changes with a sign and two decimals (one), euros whole."""
    if value is None:
        return Figure(None, str(_("n/a")))
    if unit == Unit.PERCENT:
        digits = 1 if rules is None else 0
        number = round(float(value), digits)
        return Figure(number, f"{number_format(number, decimal_pos=digits)}%")
    if unit in (Unit.LEVELS, Unit.RUNGS):
        digits = 2 if rules is None else 1
        number = round(float(value), digits)
        sign = "+" if number > 0 else ""
        return Figure(number, f"{sign}{number_format(number, decimal_pos=digits)}")
    if unit == Unit.EUROS:
        whole = int(round(float(value)))
        return Figure(whole, f"€ {number_format(whole, decimal_pos=0, force_grouping=True)}")
    if isinstance(value, float) and not value.is_integer():
        return Figure(round(value, 2), number_format(round(value, 2), decimal_pos=2))
    return Figure(int(value), str(int(value)))


# --- definitions and exports ---------------------------------------------------------------


def definition_rows(codes: Iterable[str] | None = None) -> tuple[list[Any], list[list[Any]]]:
    """The definitions sheet of an export: (header, rows), one row per indicator
    (``codes``, or every indicator), in catalogue order."""
    wanted = set(codes) if codes is not None else None
    header = [
        _("Code"),
        _("Indicator"),
        _("Lens"),
        _("Definition"),
        _("Formula"),
        _("Source fields"),
        _("Unit"),
    ]
    rows = [
        [
            d.code,
            str(d.name),
            str(Lens(d.lens).label),
            str(d.definition),
            str(d.formula),
            ", ".join(d.source_fields),
            str(Unit(d.unit).label),
        ]
        for d in definitions()
        if wanted is None or d.code in wanted
    ]
    return header, rows


def export_value(cell: ResultCell) -> Any:
    """What an export writes for a cell: the number when it is shown, else its display."""
    if cell.is_hidden or cell.value is None:
        return cell.display
    return cell.value


def export_rows(results: Iterable[IndicatorResult]) -> tuple[list[Any], list[list[Any]]]:
    """The indicators sheet of an export: (header, rows) with one row per figure — the
    headline, then every cell of every row — with the same values the page shows."""
    header = [_("Lens"), _("Code"), _("Indicator"), _("Row"), _("Column"), _("Value")]
    rows: list[list[Any]] = []
    for result in results:
        name = str(result.definition.name)
        lens = str(result.lens_label)
        rows.append(
            [
                lens,
                result.code,
                name,
                str(_("Headline")),
                str(result.unit_label),
                export_value(result.headline),
            ]
        )
        for row in result.all_rows:
            for column, cell in zip(result.columns[1:], row.cells, strict=False):
                rows.append(
                    [lens, result.code, name, str(row.label), str(column), export_value(cell)]
                )
    return header, rows


# --- periods -------------------------------------------------------------------------------


def parse_period(value: str | None) -> Period | None:
    """The period of a ``Period.key`` (``"quarter:2026-04-01"``), or None when it is not
    a valid period (bad input never fails a page)."""
    if not value or ":" not in value:
        return None
    kind, _sep, start = value.partition(":")
    try:
        return Period(kind, dt.date.fromisoformat(start))
    except ValueError:
        return None


def period_or_current(value: str | None, *, today: dt.date | None = None) -> Period:
    """The period chosen on a page (``?periode=year:2026-01-01``), or the current year."""
    return parse_period(value) or Period.containing(PeriodKind.YEAR, today or timezone.localdate())


def period_choices(kind: str, *, today: dt.date | None = None, count: int = 8) -> list[Period]:
    """The last ``count`` periods of ``kind`` up to the current one, newest first."""
    today = today or timezone.localdate()
    current = Period.containing(kind, today)
    return [current.shifted(-i) for i in range(count)]


def stories_visible(*, user: Any) -> QuerySet[Story]:
    """Every active story ``user`` may see (by the access policy and the story's
    visibility), for lists outside one dashboard (the API)."""
    return Story.objects.filter(_visibility_q(user), status=StoryStatus.ACTIVE)
