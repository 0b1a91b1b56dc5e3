"""Reads of the knowledge circle (kenniskring): who takes part, the participation table and
the choice questions across the municipalities that share their aggregates.

What each role sees:

* the **researcher** (and the operator): the municipalities that share their aggregates
  with the circle, by name, with their teams in figures, the choice-question schema and a
  link to each one's factsheet;
* the **policy officer**: the same figures over the sharing municipalities *and* their own
  municipality, with their own values in a column of their own; never the name (or any
  other detail) of another municipality, nor anything of a municipality that does not
  share.

Counts of teams and municipalities are shown as they are (they identify a municipality at
most, which is what sharing means). Counts of *people* (members of the teams) go through
``signals.suppression`` for every role, so no member can be recognised. Nothing here is
personal data: no read is logged. Every page is the same number of queries whatever the
number of municipalities, teams and rounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

from wijkkompas.accounts.access import may_use, restrict
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.areas.selectors import circle_municipalities, municipality_list
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.selectors import discipline_index
from wijkkompas.selfassessments import selectors as assessments
from wijkkompas.signals.suppression import Cell, SuppressedTable, table_for
from wijkkompas.teams.constants import RING_ORDER, Positioning, TargetGroup, TeamType
from wijkkompas.teams.selectors import circle_team_rows

from .constants import CHOICE_ROLES, SIZE_CLASSES
from .models import SharingChoice

# -- Who may do what -----------------------------------------------------------------------


def may_view(*, user: Any) -> bool:
    """Whether the user opens the comparison (researcher, policy officer, administrator,
    operator)."""
    return may_use(user, SharingChoice, Action.VIEW)


def names_municipalities(*, user: Any) -> bool:
    """Whether the user sees which sharing municipality is which (researcher, operator)."""
    return bool(user.is_superuser or user.role == Role.RESEARCHER)


def may_choose(*, user: Any) -> bool:
    """Whether the user chooses for their municipality (policy officer, administrator)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    return user.role in CHOICE_ROLES and user.municipality_id is not None


def own_municipality(*, user: Any) -> Any:
    """The user's municipality (as the user may see it), or None."""
    if getattr(user, "municipality_id", None) is None:
        return None
    return municipality_list(user=user).filter(pk=user.municipality_id).first()


def _own_id(user: Any) -> int | None:
    """The viewer's own municipality, counted with the circle (not for researchers: they
    look at the circle from outside)."""
    if user.is_superuser or user.role == Role.RESEARCHER:
        return None
    return getattr(user, "municipality_id", None)


# -- The choice and its history ------------------------------------------------------------


def sharing_history(*, user: Any, limit: int = 50) -> list[SharingChoice]:
    """The choices of the user's municipality, newest first."""
    municipality_id = getattr(user, "municipality_id", None)
    if municipality_id is None:
        return []
    return list(
        restrict(SharingChoice.objects.all(), user, Action.VIEW)
        .filter(municipality_id=municipality_id)
        .select_related("chosen_by")
        .order_by("-chosen_at", "-pk")[:limit]
    )


# -- The factsheets (helper app, may not be installed yet) ----------------------------------

_FACTSHEET_URL_NAMES = ("factsheets:municipality", "factsheets:municipality_detail")


def factsheet_url_builder() -> Callable[[int], str] | None:
    """A function giving the factsheet page of a municipality by id, or None while the
    factsheets app has no such page."""
    for name in _FACTSHEET_URL_NAMES:
        try:
            sample = reverse(name, args=[987654321])
        except NoReverseMatch:
            continue
        prefix, _sep, suffix = sample.partition("987654321")

        def build(pk: int, prefix: str = prefix, suffix: str = suffix) -> str:
            return f"{prefix}{pk}{suffix}"

        return build
    return None


# -- The participation table ----------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    """One category (a discipline, a craft, a team type, …): in how many teams of the
    circle it is found, in how many municipalities, and the viewer's own teams."""

    key: str
    label: str
    teams: int
    municipalities: int
    own_teams: int | None = None
    members: Cell | None = None  # suppressed: people
    note: str = ""


@dataclass(frozen=True)
class RingRow:
    """One ring: how many teams have members in it, the teams per size class, and the
    members in it (suppressed)."""

    key: str
    label: str
    teams: int
    classes: tuple[int, ...]
    members: Cell
    own_classes: tuple[int, ...] | None = None


@dataclass(frozen=True)
class MunicipalityRow:
    """A participating municipality (shown to researchers only)."""

    pk: int
    name: str
    code: str
    teams: int
    team_types: str
    rounds: tuple[bool, ...]  # submitted in each round of the comparison
    factsheet_url: str | None


@dataclass(frozen=True)
class Participation:
    municipalities: int  # municipalities counted (sharing, plus the viewer's own)
    municipalities_with_teams: int
    teams: int
    own_name: str | None  # the viewer's own municipality when counted
    own_teams: int
    disciplines: list[CountRow]
    crafts: list[CountRow]
    team_types: list[CountRow]
    positioning: list[CountRow]
    target_groups: list[CountRow]
    rings: list[RingRow]
    size_labels: list[str]
    suppression: str  # the explanation of the suppression applied to members
    listed: list[MunicipalityRow] = field(default_factory=list)

    @property
    def has_own(self) -> bool:
        return self.own_name is not None


def size_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


def _size_class(n: int) -> int:
    for index, (low, high) in enumerate(SIZE_CLASSES):
        if n >= low and (high is None or n <= high):
            return index
    return len(SIZE_CLASSES) - 1  # pragma: no cover - the last class is open


def _count_rows(
    *,
    user: Any,
    keys: Iterable[tuple[str, str]],
    teams_with: dict[str, set[int]],
    municipalities_with: dict[str, set[int]],
    own_team_ids: set[int] | None,
    members: dict[str, int] | None = None,
    keep_empty: bool = True,
) -> list[CountRow]:
    suppressed: SuppressedTable[str] | None = None
    if members is not None:
        # Counts of people: suppressed for every role that may not see cases; no total is
        # shown, so no hidden cell can be computed from it.
        suppressed = table_for(user, {key: members.get(key, 0) for key, _label in keys})
    rows = []
    for key, label in keys:
        teams = teams_with.get(key, set())
        if not teams and not keep_empty:
            continue
        rows.append(
            CountRow(
                key=key,
                label=label,
                teams=len(teams),
                municipalities=len(municipalities_with.get(key, set())),
                own_teams=len(teams & own_team_ids) if own_team_ids is not None else None,
                members=suppressed.cells[key] if suppressed is not None else None,
            )
        )
    return rows


def participation(
    *, user: Any, rounds: list[Any] | None = None, team_rows: list[dict[str, Any]] | None = None
) -> Participation:
    """The participation table of the circle as ``user`` may see it (the seed's
    "Deelnemers": per discipline in how many teams it sits, and of how many teams), and the
    team types, positioning, target groups, crafts and ring sizes.

    Three queries (municipalities, teams with their summaries, disciplines) plus one for the
    submitted rounds of the listed municipalities, whatever the numbers.
    """
    own_id = _own_id(user)
    naming = names_municipalities(user=user)
    municipalities = circle_municipalities(include_municipality_id=own_id)
    if team_rows is None:
        team_rows = circle_team_rows(include_municipality_id=own_id)
    index = discipline_index()
    own_team_ids: set[int] | None = None
    if own_id is not None:
        own_team_ids = {t["pk"] for t in team_rows if t["municipality_id"] == own_id}

    discipline_teams: dict[str, set[int]] = defaultdict(set)
    discipline_municipalities: dict[str, set[int]] = defaultdict(set)
    discipline_members: dict[str, int] = defaultdict(int)
    craft_teams: dict[str, set[int]] = defaultdict(set)
    craft_municipalities: dict[str, set[int]] = defaultdict(set)
    craft_members: dict[str, int] = defaultdict(int)
    by_field: dict[str, tuple[dict[str, set[int]], dict[str, set[int]]]] = {
        name: (defaultdict(set), defaultdict(set))
        for name in ("team_type", "positioning", "target_group")
    }
    ring_teams: dict[str, set[int]] = defaultdict(set)
    ring_members: dict[str, int] = defaultdict(int)
    ring_classes: dict[str, list[int]] = {r.value: [0] * len(SIZE_CLASSES) for r in RING_ORDER}
    own_ring_classes: dict[str, list[int]] = {r.value: [0] * len(SIZE_CLASSES) for r in RING_ORDER}
    teams_per_municipality: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for team in team_rows:
        pk, municipality_id = team["pk"], team["municipality_id"]
        teams_per_municipality[municipality_id].append(team)
        summary = team["summary"] or {}
        for discipline_id, count in (summary.get("disciplines") or {}).items():
            if count:
                discipline_teams[str(discipline_id)].add(pk)
                discipline_municipalities[str(discipline_id)].add(municipality_id)
                discipline_members[str(discipline_id)] += int(count)
        for craft, count in (summary.get("crafts") or {}).items():
            if count:
                craft_teams[craft].add(pk)
                craft_municipalities[craft].add(municipality_id)
                craft_members[craft] += int(count)
        for name, (teams_with, municipalities_with) in by_field.items():
            teams_with[team[name]].add(pk)
            municipalities_with[team[name]].add(municipality_id)
        rings = summary.get("rings") or {}
        for ring in RING_ORDER:
            count = int(rings.get(ring.value, 0) or 0)
            if count:
                ring_teams[ring.value].add(pk)
                ring_members[ring.value] += count
            ring_classes[ring.value][_size_class(count)] += 1
            if municipality_id == own_id:
                own_ring_classes[ring.value][_size_class(count)] += 1

    disciplines = sorted(index.items(), key=lambda item: (item[1][2], item[1][0]))
    discipline_keys = [(str(pk), name) for pk, (name, _craft, _order) in disciplines]
    discipline_rows = _count_rows(
        user=user,
        keys=discipline_keys,
        teams_with=discipline_teams,
        municipalities_with=discipline_municipalities,
        own_team_ids=own_team_ids,
        members=discipline_members,
    )
    # The seed's list is ordered by how often a discipline sits in a team.
    discipline_rows.sort(key=lambda row: -row.teams)
    craft_rows = _count_rows(
        user=user,
        keys=[(c.value, str(c.label)) for c in Craft],
        teams_with=craft_teams,
        municipalities_with=craft_municipalities,
        own_team_ids=own_team_ids,
        members=craft_members,
    )

    def field_rows(name: str, choices: Any) -> list[CountRow]:
        teams_with, municipalities_with = by_field[name]
        return _count_rows(
            user=user,
            keys=[(key, str(label)) for key, label in choices],
            teams_with=teams_with,
            municipalities_with=municipalities_with,
            own_team_ids=own_team_ids,
        )

    ring_table = table_for(user, {r.value: ring_members.get(r.value, 0) for r in RING_ORDER})
    ring_rows = [
        RingRow(
            key=ring.value,
            label=str(ring.label),
            teams=len(ring_teams.get(ring.value, set())),
            classes=tuple(ring_classes[ring.value]),
            members=ring_table.cells[ring.value],
            own_classes=tuple(own_ring_classes[ring.value]) if own_id is not None else None,
        )
        for ring in RING_ORDER
    ]

    listed: list[MunicipalityRow] = []
    if naming:
        rounds = rounds or []
        submitted = assessments.submissions(user=user, rounds=rounds)
        factsheet = factsheet_url_builder()
        type_labels = dict(TeamType.choices)
        for municipality in municipalities:
            if not municipality["shares_aggregates"]:
                continue
            teams = teams_per_municipality.get(municipality["pk"], [])
            types = sorted({str(type_labels.get(t["team_type"], "")) for t in teams})
            listed.append(
                MunicipalityRow(
                    pk=municipality["pk"],
                    name=municipality["name"],
                    code=municipality["code"],
                    teams=len(teams),
                    team_types=", ".join(types),
                    rounds=tuple(r.pk in submitted.get(municipality["pk"], set()) for r in rounds),
                    factsheet_url=factsheet(municipality["pk"]) if factsheet else None,
                )
            )
    own_name = next((m["name"] for m in municipalities if m["pk"] == own_id), None)
    return Participation(
        municipalities=len(municipalities),
        municipalities_with_teams=len(teams_per_municipality),
        teams=len(team_rows),
        own_name=own_name,
        own_teams=len(own_team_ids or ()),
        disciplines=discipline_rows,
        crafts=craft_rows,
        team_types=field_rows("team_type", TeamType.choices),
        positioning=field_rows("positioning", Positioning.choices),
        target_groups=field_rows("target_group", TargetGroup.choices),
        rings=ring_rows,
        size_labels=[size_label(low, high) for low, high in SIZE_CLASSES],
        suppression=ring_table.explanation,
        listed=listed,
    )


# -- The whole comparison --------------------------------------------------------------------


@dataclass(frozen=True)
class CircleView:
    """Everything the comparison page shows."""

    participation: Participation
    rounds: list[Any]
    measurement_round: Any
    comparison: Any  # selfassessments.selectors.Comparison or None
    trend: list[Any]


def rounds() -> list[Any]:
    return assessments.round_list()


def circle_view(*, user: Any, measurement_round: Any = None) -> CircleView:
    """The comparison of the knowledge circle for ``user``: the participation table, the
    choice-question schema of one round (the latest by default) and the change between
    rounds. A fixed number of queries."""
    all_rounds = rounds()
    if measurement_round is None and all_rounds:
        measurement_round = all_rounds[-1]
    result = (
        assessments.comparison(user=user, measurement_round=measurement_round)
        if measurement_round is not None
        else None
    )
    return CircleView(
        participation=participation(user=user, rounds=all_rounds),
        rounds=all_rounds,
        measurement_round=measurement_round,
        comparison=result,
        trend=assessments.trend(user=user, rounds=all_rounds),
    )
