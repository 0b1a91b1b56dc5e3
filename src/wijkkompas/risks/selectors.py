"""Reads of the team risk register, scoped to the user (``accounts.access``).

The register holds no data of residents, so reads are not logged; it is still the team's
own: only the team's professionals, coordinators and team lead see it (and the operator).
Every list is computed in a fixed number of queries, whatever the number of risks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.access import acts_in_team, get_in_scope, may_use, restrict, team_ids
from wijkkompas.accounts.constants import TEAM_ROLES, Action
from wijkkompas.teams.selectors import team_list

from .constants import (
    ACTIVE_STATUSES,
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    MEDIUM_MAX,
    RISK_CHANGE_TEAM_ROLES,
    RISK_VIEW_TEAM_ROLES,
    SCALE,
    RiskLevel,
    RiskStatus,
    level_of,
)
from .models import TeamRisk, TeamRiskChange

#: ``status`` filter values besides the statuses themselves.
STATUS_ACTIVE = ""  # open and being handled (the default)
STATUS_ALL = "all"


def may_view_register(*, user: Any, team: Any) -> bool:
    """Whether ``user`` may see the risk register of ``team`` (its members)."""
    return acts_in_team(user, team, RISK_VIEW_TEAM_ROLES)


def may_keep_register(*, user: Any, team: Any) -> bool:
    """Whether ``user`` may register and change the risks of ``team`` (its team lead and
    coordinators)."""
    return acts_in_team(user, team, RISK_CHANGE_TEAM_ROLES)


def may_create_risk(*, user: Any) -> bool:
    """Whether the user's role may register risks at all (in the teams they keep)."""
    return may_use(user, TeamRisk, Action.CHANGE)


def register_teams(*, user: Any, action: str = Action.VIEW) -> QuerySet[Any]:
    """The teams whose register ``user`` may see (``action`` view) or keep (change).

    Other roles than the team roles (and the operator) get no team at all."""
    roles = RISK_VIEW_TEAM_ROLES if action == Action.VIEW else RISK_CHANGE_TEAM_ROLES
    teams = team_list(user=user).prefetch_related(None)
    if getattr(user, "is_superuser", False):
        return teams
    if getattr(user, "role", None) not in roles:
        return teams.none()
    return teams.filter(pk__in=team_ids(user))


def register_team_get(*, user: Any, pk: int, request: Any = None) -> Any:
    """The team of a register page: a team the user may see whose register they may see,
    or 404 (the refusal is logged). One query (the team with its municipality)."""
    team = get_in_scope(team_list(user=user).prefetch_related(None), user, request=request, pk=pk)
    if not may_view_register(user=user, team=team):
        raise Http404
    return team


def _scored(queryset: QuerySet[TeamRisk]) -> QuerySet[TeamRisk]:
    today = timezone.localdate()
    return queryset.annotate(
        risk_score=F("likelihood") * F("impact"),
        is_overdue=ExpressionWrapper(
            Q(review_date__lt=today) & ~Q(status=RiskStatus.CLOSED), output_field=BooleanField()
        ),
    )


def risk_list(
    *, user: Any, team: Any, status: str = STATUS_ACTIVE, category: str = "", overdue: bool = False
) -> QuerySet[TeamRisk]:
    """The register of ``team`` as ``user`` may see it: highest score first, then the
    earliest review. ``status``: ``""`` open and being handled, ``"all"``, or one status;
    ``category``: one category; ``overdue``: only risks whose review date has passed.

    Every risk carries ``risk_score`` (likelihood × impact) and ``is_overdue``."""
    risks = restrict(TeamRisk.objects.filter(team=team), user, Action.VIEW)
    if status == STATUS_ACTIVE:
        risks = risks.filter(status__in=ACTIVE_STATUSES)
    elif status != STATUS_ALL:
        risks = risks.filter(status=status)
    if category:
        risks = risks.filter(category=category)
    if overdue:
        risks = risks.filter(review_date__lt=timezone.localdate()).exclude(status=RiskStatus.CLOSED)
    return (
        _scored(risks).select_related("owner").order_by("-risk_score", "review_date", "title", "pk")
    )


def open_team_risks(*, user: Any, team: Any) -> QuerySet[TeamRisk]:
    """The risks of ``team`` that still need attention (open or being handled), for a
    reflection session or any other page that pulls in the team's risks (issue 5, item 3).

    Scoped to ``user`` like the register itself: empty for a user who may not see the
    team's register (a policy officer, another team). Highest score first, then the
    earliest review; each risk carries ``risk_score`` (likelihood × impact, 1–25),
    ``is_overdue`` (its review date has passed) and its owner (``select_related``), and
    has the properties ``level`` (low/medium/high) and ``get_category_display()``.
    One query, whatever the number of risks.

    Usage::

        from wijkkompas.risks.selectors import open_team_risks

        risks = open_team_risks(user=request.user, team=team)
    """
    return risk_list(user=user, team=team, status=STATUS_ACTIVE)


@dataclass(frozen=True)
class RegisterSummary:
    """Counts of one team's register (not closed risks)."""

    active: int
    high: int
    overdue: int


def register_summary(*, user: Any, team: Any) -> RegisterSummary:
    """How many risks of ``team`` need attention, how many of them are high, and how many
    are due for review (their review date has passed). One query."""
    return register_summaries(user=user, teams=[team]).get(team.pk, RegisterSummary(0, 0, 0))


def register_summaries(*, user: Any, teams: Any) -> dict[int, RegisterSummary]:
    """:func:`register_summary` for many teams in one query: team id -> summary."""
    today = timezone.localdate()
    ids = [team.pk for team in teams]
    rows = (
        restrict(TeamRisk.objects.filter(team_id__in=ids), user, Action.VIEW)
        .filter(status__in=ACTIVE_STATUSES)
        .annotate(risk_score=F("likelihood") * F("impact"))
        .order_by()
        .values("team_id")
        .annotate(
            active=Count("pk"),
            high=Count("pk", filter=Q(risk_score__gt=MEDIUM_MAX)),
            overdue=Count("pk", filter=Q(review_date__lt=today)),
        )
    )
    return {
        row["team_id"]: RegisterSummary(row["active"], row["high"], row["overdue"]) for row in rows
    }


@dataclass(frozen=True)
class MatrixCell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return level_of(self.score)


@dataclass(frozen=True)
class MatrixRow:
    impact: int
    label: Any
    cells: list[MatrixCell]


@dataclass(frozen=True)
class RiskMatrix:
    """The 5×5 risk matrix: rows by impact (5 at the top), columns by likelihood (1–5)."""

    rows: list[MatrixRow]
    likelihoods: list[tuple[int, Any]]
    total: int


def risk_matrix(*, user: Any, team: Any) -> RiskMatrix:
    """How many risks of ``team`` that need attention sit in each cell of the matrix
    (likelihood × impact). One query."""
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in restrict(TeamRisk.objects.filter(team=team), user, Action.VIEW)
        .filter(status__in=ACTIVE_STATUSES)
        .order_by()
        .values("likelihood", "impact")
        .annotate(n=Count("pk"))
    }
    rows = [
        MatrixRow(
            impact=impact,
            label=IMPACT_LABELS[impact],
            cells=[
                MatrixCell(likelihood, impact, counts.get((likelihood, impact), 0))
                for likelihood in SCALE
            ],
        )
        for impact in reversed(SCALE)
    ]
    return RiskMatrix(
        rows=rows,
        likelihoods=[(n, LIKELIHOOD_LABELS[n]) for n in SCALE],
        total=sum(counts.values()),
    )


#: Fill colours of the matrix cells per level (dark text stays readable on each).
LEVEL_COLOURS = {"low": "#cfe8cf", "medium": "#fbe3a1", "high": "#f3b7b0"}
_CELL_W, _CELL_H, _LEFT, _TOP = 72, 56, 84, 12


@dataclass(frozen=True)
class ChartCell:
    x: int
    y: int
    cx: int
    cy: int
    fill: str
    cell: MatrixCell


@dataclass(frozen=True)
class MatrixChart:
    """The geometry of the matrix drawn as SVG (the table next to it gives every number)."""

    width: int
    height: int
    cell_width: int
    cell_height: int
    cells: list[ChartCell]
    x_labels: list[tuple[int, int]]
    y_labels: list[tuple[int, int]]
    x_title: tuple[int, int]
    y_title: tuple[int, int]
    legend: list[tuple[Any, str]]


def matrix_chart(matrix: RiskMatrix) -> MatrixChart:
    """Where each cell of ``matrix`` goes in the drawing: impact 5 at the top, likelihood 1
    on the left; the fill colour by the cell's level."""
    cells = []
    for row_index, row in enumerate(matrix.rows):
        for column, cell in enumerate(row.cells):
            x = _LEFT + column * _CELL_W
            y = _TOP + row_index * _CELL_H
            cells.append(
                ChartCell(
                    x=x,
                    y=y,
                    cx=x + _CELL_W // 2,
                    cy=y + _CELL_H // 2,
                    fill=LEVEL_COLOURS[cell.level],
                    cell=cell,
                )
            )
    bottom = _TOP + len(matrix.rows) * _CELL_H
    return MatrixChart(
        width=_LEFT + len(SCALE) * _CELL_W + 8,
        height=bottom + 52,
        cell_width=_CELL_W,
        cell_height=_CELL_H,
        cells=cells,
        x_labels=[(_LEFT + (n - 1) * _CELL_W + _CELL_W // 2, n) for n in SCALE],
        y_labels=[
            (_TOP + i * _CELL_H + _CELL_H // 2, row.impact) for i, row in enumerate(matrix.rows)
        ],
        x_title=(_LEFT + len(SCALE) * _CELL_W // 2, bottom + 42),
        y_title=(20, _TOP + len(matrix.rows) * _CELL_H // 2),
        legend=[(RiskLevel(level).label, colour) for level, colour in LEVEL_COLOURS.items()],
    )


def risk_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> TeamRisk:
    """One risk within the user's scope for ``action``, or 404 (the refusal is logged)."""
    return get_in_scope(
        _scored(TeamRisk.objects.select_related("team", "owner")),
        user,
        action,
        request=request,
        pk=pk,
    )


def may_change_risk(*, user: Any, risk: TeamRisk) -> bool:
    """Whether ``user`` may change, review, close or reopen the risk."""
    return may_keep_register(user=user, team=risk.team)


def risk_history(*, user: Any, risk: TeamRisk) -> QuerySet[TeamRiskChange]:
    """The history of a risk as the user may see it, newest first."""
    return (
        restrict(TeamRiskChange.objects.filter(risk=risk), user, Action.VIEW)
        .select_related("changed_by", "old_owner", "new_owner")
        .order_by("-changed_at", "-pk")
    )


def owner_choices(*, teams: Any) -> QuerySet[Any]:
    """Accounts that can own a risk of these teams (ids): their active members with a team
    role. The service checks that the owner is a member of the risk's own team."""
    return (
        get_user_model()
        .objects.filter(teams__in=list(teams), role__in=TEAM_ROLES, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
