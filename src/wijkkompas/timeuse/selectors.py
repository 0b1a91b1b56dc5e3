"""Reads of time for the collective: scoped to the user, aggregates per week and month.

Who sees what (``TimeSplit.access_policy``, the one permission layer):

* a member sees their own weeks (``in_charge``: the rows they recorded);
* the team lead sees the weeks of every member of the teams they lead (``view_team``);
* the team's aggregates (the split per week or month, how many members filled in) are
  shown to the team roles of the team exactly (:func:`may_view_team_split`);
* every other role (policy officer, researcher, administrator) sees only the aggregates
  of the indicator catalogue (``time_for_collective``) and of the team dashboard, and
  there a share is hidden when fewer members than the suppression threshold filled in
  (:func:`dashboard_split`, ``signals.suppression``).

Reads of rows (someone's week, with their note) are logged with a purpose; aggregates
are not personal data and are not logged. Every function runs a fixed number of queries,
whatever the number of members and weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import acts_in_team, can, may_use, restrict, team_ids
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.initiatives.selectors import Chart, ChartPoint, ChartSeries
from wijkkompas.signals.suppression import Cell, SuppressionRules, exact_count, suppress_count

from .constants import (
    COLLECTIVE_KINDS,
    RECORD_ROLES,
    TEAM_ENTRY_ROLES,
    WEEKS_BACK,
    WORK_KINDS,
    WorkKind,
)
from .models import TeamTimeAmbition, TimeSplit
from .weeks import (  # noqa: F401 - monday_of and this_week re-exported for other apps
    monday_of,
    this_week,
    week_key,
    week_label,
)

#: Why rows are read: the team's own insight into where its time goes.
PURPOSE = Purpose.TEAM_MANAGEMENT

WEEK = "week"
MONTH = "month"


# --- who may do what ---------------------------------------------------------------------


def _team_model() -> Any:
    return TimeSplit._meta.get_field("team").related_model


def may_record(*, user: Any, team: Any) -> bool:
    """Whether ``user`` records their own weeks in ``team`` (a team role, a member)."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and not user.is_superuser
        and acts_in_team(user, team, RECORD_ROLES)
    )


def may_view_team_split(*, user: Any, team: Any) -> bool:
    """Whether ``user`` opens the team's time page (the team roles of the team)."""
    return may_use(user, TimeSplit, Action.VIEW) and can(user, Action.VIEW, team)


def sees_team_entries(*, user: Any, team: Any) -> bool:
    """Whether ``user`` sees every member's weeks of ``team`` (its team lead)."""
    return acts_in_team(user, team, TEAM_ENTRY_ROLES)


def sees_exact_split(*, user: Any, team: Any) -> bool:
    """Team roles of the team (and the operator) see the team's split exactly; everyone
    else with the small-cell rule."""
    return bool(getattr(user, "is_superuser", False)) or acts_in_team(user, team, RECORD_ROLES)


def may_set_ambition(*, user: Any, team: Any) -> bool:
    return may_use(user, TeamTimeAmbition, Action.CHANGE) and can(user, Action.CHANGE, team)


def record_teams(*, user: Any) -> QuerySet[Any]:
    """The teams ``user`` records their time in: their own teams (team roles only)."""
    team = _team_model()
    if not getattr(user, "is_authenticated", False) or user.role not in RECORD_ROLES:
        return team.objects.none()  # type: ignore[no-any-return]
    return team.objects.filter(  # type: ignore[no-any-return]
        pk__in=team_ids(user), municipality_id=user.municipality_id
    ).order_by("name", "pk")


def team_get(*, user: Any, pk: int, request: Any = None) -> Any:
    """A team the user may see (404 otherwise, the refusal logged)."""
    from wijkkompas.accounts.access import get_in_scope

    return get_in_scope(_team_model().objects.all(), user, Action.VIEW, request=request, pk=pk)


# --- rows (personal data: logged) --------------------------------------------------------


def _log(*, user: Any, rows: Sequence[TimeSplit], request: Any) -> None:
    if rows:
        log_access(
            user=user,
            action=Event.READ,
            purpose=PURPOSE,
            objects=rows,
            model=TimeSplit,
            request=request,
        )


def own_weeks(
    *, user: Any, team: Any, limit: int = WEEKS_BACK + 1, request: Any = None
) -> list[TimeSplit]:
    """The user's own latest weeks in ``team``, newest first (logged)."""
    rows = list(
        restrict(TimeSplit.objects.filter(team=team, user=user), user, Action.VIEW).order_by(
            "-week", "-pk"
        )[:limit]
    )
    _log(user=user, rows=rows, request=request)
    return rows


def prefill(*, weeks: Sequence[TimeSplit], week: dt.date) -> TimeSplit | None:
    """What the form shows for ``week``: that week as recorded, else the latest week
    before it (last week's split, so a member only moves what changed)."""
    for row in weeks:
        if row.week == week:
            return row
    return next((row for row in weeks if row.week < week), None)


def team_weeks(*, user: Any, team: Any, since: dt.date, request: Any = None) -> list[TimeSplit]:
    """The weeks of ``team`` since ``since`` that the user may see, newest first: every
    member's for the team lead, their own for the other members (logged)."""
    rows = list(
        restrict(
            TimeSplit.objects.filter(team=team, week__gte=since).select_related("user"),
            user,
            Action.VIEW,
        ).order_by("-week", "user__first_name", "user__last_name", "pk")
    )
    _log(user=user, rows=rows, request=request)
    return rows


def split_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> TimeSplit:
    """One week in the user's scope (404 otherwise), logged."""
    from wijkkompas.accounts.access import get_in_scope

    row = get_in_scope(
        TimeSplit.objects.select_related("team", "user"), user, action, request=request, pk=pk
    )
    _log(user=user, rows=[row], request=request)
    return row  # type: ignore[no-any-return]


# --- aggregates --------------------------------------------------------------------------


@dataclass(frozen=True)
class SplitRow:
    """The team's split in one week or month: the average of the members' shares (each
    member-week counts once), and how many members filled in."""

    start: dt.date
    label: str
    respondents: int
    weeks: int
    shares: dict[str, float | None]
    #: Collective plus network work, from the exact sums (as the indicator computes it).
    collective_share: float | None = None

    def share_list(self) -> list[tuple[str, Any, float | None]]:
        return [(kind, WorkKind(kind).label, self.shares.get(kind)) for kind in WORK_KINDS]


def _shares(sums: dict[str, Any], n: int) -> dict[str, float | None]:
    return {kind: (round((sums.get(kind) or 0) / n, 1) if n else None) for kind in WORK_KINDS}


def _collective(sums: dict[str, Any], n: int) -> float | None:
    """Time for the collective: (collective + network) / member-weeks, rounded once."""
    return round(sum(sums.get(kind) or 0 for kind in COLLECTIVE_KINDS) / n, 1) if n else None


def _sums() -> dict[str, Any]:
    return {f"sum_{kind}": Sum(kind) for kind in WORK_KINDS}


def split_rows(
    *, team_ids: Sequence[int], start: dt.date, end: dt.date, by: str = WEEK
) -> list[SplitRow]:
    """The split of ``team_ids`` per week (``by=WEEK``) or per month (a week counts in the
    month of its Monday) for weeks starting in ``[start, end)``, oldest first; periods
    without entries are left out. One query."""
    rows = TimeSplit.objects.filter(team_id__in=list(team_ids), week__gte=start, week__lt=end)
    bucket = F("week") if by == WEEK else TruncMonth("week")
    found = (
        rows.order_by()
        .values(bucket_start=bucket)  # type: ignore[arg-type]
        .annotate(n=Count("pk"), members=Count("user", distinct=True), **_sums())
        .order_by("bucket_start")
    )
    result = []
    for row in found:
        begin = row["bucket_start"]
        if isinstance(begin, dt.datetime):
            begin = begin.date()
        label = week_label(begin) if by == WEEK else date_format(begin, "F Y")
        sums = {kind: row[f"sum_{kind}"] for kind in WORK_KINDS}
        result.append(
            SplitRow(
                start=begin,
                label=label,
                respondents=int(row["members"]),
                weeks=int(row["n"]),
                shares=_shares(sums, int(row["n"])),
                collective_share=_collective(sums, int(row["n"])),
            )
        )
    return result


def split_total(*, team_ids: Sequence[int], start: dt.date, end: dt.date) -> SplitRow:
    """The split of ``team_ids`` over all weeks starting in ``[start, end)``. One query."""
    found = (
        TimeSplit.objects.filter(team_id__in=list(team_ids), week__gte=start, week__lt=end)
        .order_by()
        .aggregate(n=Count("pk"), members=Count("user", distinct=True), **_sums())
    )
    n = int(found["n"] or 0)
    sums = {kind: found[f"sum_{kind}"] for kind in WORK_KINDS}
    return SplitRow(
        start=start,
        label=str(_("Total")),
        respondents=int(found["members"] or 0),
        weeks=n,
        shares=_shares(sums, n),
        collective_share=_collective(sums, n),
    )


def member_count(*, team: Any) -> int:
    """How many active accounts with a team role the team has (the base of the response
    rate). One query."""
    return (
        get_user_model()
        .objects.filter(teams=team, role__in=RECORD_ROLES, is_active=True)
        .distinct()
        .count()
    )


def ambition_of(*, user: Any, team: Any) -> TeamTimeAmbition | None:
    """The team's ambition, when the user may see it."""
    return restrict(TeamTimeAmbition.objects.filter(team=team), user, Action.VIEW).first()


# --- the team page and the team dashboard ------------------------------------------------


@dataclass(frozen=True)
class ShownShare:
    """A share as one user may see it: ``value`` None when there is none or it is hidden."""

    value: float | None
    display: str
    is_hidden: bool = False


@dataclass(frozen=True)
class ShownRow:
    label: str
    start: dt.date
    respondents: Cell
    shares: list[tuple[str, Any, ShownShare]]
    collective: ShownShare
    response_rate: ShownShare


@dataclass
class TeamSplit:
    """The team's split over time next to its ambition, as ``user`` may see it."""

    team: Any
    by: str
    rows: list[ShownRow]
    total: ShownRow
    ambition: TeamTimeAmbition | None
    members: int | None
    exact: bool
    explanation: str = ""
    kinds: list[tuple[str, Any]] = field(
        default_factory=lambda: [(k, WorkKind(k).label) for k in WORK_KINDS]
    )

    @property
    def has_data(self) -> bool:
        return bool(self.rows)

    @property
    def target(self) -> int | None:
        return self.ambition.collective_target if self.ambition is not None else None


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    from django.utils.formats import number_format

    return f"{number_format(value, 1)}%"


def _shown(row: SplitRow, *, members: int | None, rules: SuppressionRules | None) -> ShownRow:
    hidden = rules is not None and row.respondents < rules.threshold
    respondents = (
        exact_count(row.respondents) if rules is None else suppress_count(row.respondents, rules)
    )

    def share(value: float | None) -> ShownShare:
        if hidden:
            return ShownShare(None, "–", True)
        return ShownShare(value, _number(value))

    rate: ShownShare
    if members and rules is None:
        rate = ShownShare(
            round(100 * row.respondents / members, 1),
            _number(round(100 * row.respondents / members, 1)),
        )
    else:
        rate = ShownShare(None, "—", rules is not None)
    return ShownRow(
        label=row.label,
        start=row.start,
        respondents=respondents,
        shares=[(kind, label, share(value)) for kind, label, value in row.share_list()],
        collective=share(row.collective_share),
        response_rate=rate,
    )


def team_split(
    *, user: Any, team: Any, start: dt.date, end: dt.date, by: str | None = None
) -> TeamSplit:
    """The split of ``team`` for weeks in ``[start, end)`` as ``user`` may see it: per week
    for team roles of the team (per month when ``by=MONTH`` or the span is longer than half
    a year), per month with the small-cell rule for everyone else. Four queries at most."""
    exact = sees_exact_split(user=user, team=team)
    if by is None:
        by = WEEK if exact and (end - start).days <= 190 else MONTH
    rules = None if exact else SuppressionRules.from_settings()
    rows = split_rows(team_ids=[team.pk], start=start, end=end, by=by)
    total = split_total(team_ids=[team.pk], start=start, end=end)
    members = member_count(team=team) if exact else None
    if members is not None and by == WEEK:
        shown_rows = [_shown(r, members=members, rules=rules) for r in rows]
    else:
        shown_rows = [_shown(r, members=None, rules=rules) for r in rows]
    return TeamSplit(
        team=team,
        by=by,
        rows=shown_rows,
        total=_shown(total, members=None, rules=rules),
        ambition=ambition_of(user=user, team=team),
        members=members,
        exact=exact,
        explanation=rules.explanation() if rules is not None else "",
    )


def export_rows(split: TeamSplit) -> tuple[list[Any], list[list[Any]]]:
    """The rows of the team's split for an export (the same cells as the page)."""
    header: list[Any] = [
        _("Week") if split.by == WEEK else _("Month"),
        _("Members who filled in"),
        *[label for _kind, label in split.kinds],
        _("Time for the collective (%)"),
        _("Target share for the collective (%)"),
    ]
    target = split.target
    rows = []
    for row in [*split.rows, split.total]:
        rows.append(
            [
                row.label
                if row is split.total
                else (week_key(row.start) if split.by == WEEK else row.start.strftime("%Y-%m")),
                row.respondents.value if not row.respondents.is_hidden else row.respondents.display,
                *[
                    share.value if not share.is_hidden else share.display
                    for _kind, _label, share in row.shares
                ],
                row.collective.value if not row.collective.is_hidden else row.collective.display,
                target,
            ]
        )
    return header, rows


# --- the chart (the table is its text alternative) ---------------------------------------

#: Colours with contrast of at least 4.5:1 on white; the ambition is dashed.
SPLIT_COLOUR = "#0b5e8a"
CASEWORK_COLOUR = "#a34700"
TARGET_COLOUR = "#2e6b30"


def _short_label(split: TeamSplit, row: ShownRow) -> str:
    if split.by == WEEK:
        return str(_("wk %(number)s") % {"number": row.start.isocalendar()[1]})
    return date_format(row.start, "M Y")


def split_chart(split: TeamSplit, *, width: int = 640, height: int = 240) -> Chart | None:
    """A line chart of the team's time for the collective (and casework) per week or
    month, with its target as a dashed line. None when there is nothing to draw."""
    rows = split.rows
    if not rows:
        return None
    left, right, top, bottom = 48, 16, 16, 32
    n = len(rows)
    step = (width - left - right) / max(n - 1, 1)

    def y_of(share: float) -> float:
        return round(top + (1 - share / 100) * (height - top - bottom), 1)

    def x_of(index: int) -> float:
        return (
            round(left + index * step, 1) if n > 1 else round(left + (width - left - right) / 2, 1)
        )

    def line(
        name: str, colour: str, dash: str, values: Sequence[tuple[int, ShownRow, float | None]]
    ) -> ChartSeries:
        points = [
            ChartPoint(x=x_of(i), y=y_of(value), label=row.label, value=_number(value))
            for i, row, value in values
            if value is not None
        ]
        path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
        return ChartSeries(name=name, colour=colour, dash=dash, path=path, points=points)

    series = [
        line(
            str(_("Time for the collective (collective and network work)")),
            SPLIT_COLOUR,
            "",
            [(i, row, row.collective.value) for i, row in enumerate(rows)],
        ),
        line(
            str(WorkKind.CASEWORK.label),
            CASEWORK_COLOUR,
            "2 3",
            [
                (i, row, dict((k, s.value) for k, _l, s in row.shares).get(WorkKind.CASEWORK))
                for i, row in enumerate(rows)
            ],
        ),
    ]
    if split.target is not None:
        target = float(split.target)
        ends = (
            [(0, rows[0], target), (n - 1, rows[-1], target)] if n > 1 else [(0, rows[0], target)]
        )
        series.append(line(str(_("Ambition")), TARGET_COLOUR, "8 4", ends))
    every = max(1, (n + 7) // 8)
    return Chart(
        width=width,
        height=height,
        series=series,
        x_labels=[
            (x_of(i), _short_label(split, row)) for i, row in enumerate(rows) if i % every == 0
        ],
        y_ticks=[(y_of(v), f"{v}%") for v in (0, 25, 50, 75, 100)],
    )


def dashboard_context(*, user: Any, team: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the team dashboard (``indicators``) renders with ``timeuse/_dashboard.html``:
    the team's split in ``[start, end)`` as the user may see it, its chart and, for the
    team roles of the team, the link to the team's time page."""
    split = team_split(user=user, team=team, start=start, end=end)
    return {
        "split": split,
        "chart": split_chart(split),
        "may_open_team_page": may_view_team_split(user=user, team=team),
    }
