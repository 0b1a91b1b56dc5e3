"""Reads of the teams domain: tenant- and role-scoped, and logged for personal data.

* Teams, partners and perspective history go through ``visible_to(user)``.
* Memberships hold personal data (names, personal drive): every list or object that is
  read for display goes through :func:`membership_list` or :func:`membership_get`,
  which record an access-log entry with its purpose.
* Composition figures (counts and hours per ring, craft and discipline) are aggregates
  without names: :func:`team_compositions` computes them for many teams in one query,
  so pages do not grow in queries with the number of teams or members.
* The team page reads everything through :func:`team_page`: compiled queries only
  (``core.compiled``), so the page is kept between two changes of what it read
  (``audit.kept``, docs/architecture.md "Kept case pages").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.urls import reverse

from wijkkompas.accounts.access import (
    can,
    get_compiled_in_scope,
    get_in_scope,
    may_use,
    restrict,
    scope_key,
)
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core import compiled
from wijkkompas.organisations.constants import Craft
from wijkkompas.organisations.selectors import discipline_index

from .constants import RING_ORDER, TEAM_CHANGE_ROLES, Positioning, Ring, TargetGroup, TeamType
from .models import Membership, Partner, PerspectiveVersion, Team

CRAFT_ORDER: list[str] = [Craft.HULP, Craft.ZORG, Craft.WELZIJN]


# --- teams -------------------------------------------------------------------------


def team_list(*, user: Any) -> QuerySet[Team]:
    """Teams in the user's scope, with municipality and the areas they serve prefetched."""
    return (
        Team.objects.visible_to(user)
        .select_related("municipality")
        .prefetch_related("districts", "neighbourhoods")
        .order_by("municipality__name", "name")
    )


def team_get(*, user: Any, pk: int, action: str = Action.VIEW, request: Any = None) -> Team:
    """One team within the user's scope for ``action``, or 404 (the refusal is logged)."""
    return get_in_scope(
        Team.objects.select_related("municipality").prefetch_related("districts", "neighbourhoods"),
        user,
        action,
        request=request,
        pk=pk,
    )


def perspective_history(*, user: Any, team: Team) -> QuerySet[PerspectiveVersion]:
    """Versions of the team's shared perspective the user may see, newest first."""
    return (
        PerspectiveVersion.objects.visible_to(user)
        .filter(team=team)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )


def partner_list(*, user: Any, team: Team) -> QuerySet[Partner]:
    """Partners and programmes around the team that the user may see."""
    return Partner.objects.visible_to(user).filter(team=team).select_related("organisation")


def partner_get(
    *, user: Any, team: Team, pk: int, action: str = Action.VIEW, request: Any = None
) -> Partner:
    """One partner of ``team`` within the user's scope, or 404."""
    return get_in_scope(Partner.objects.filter(team=team), user, action, request=request, pk=pk)


# --- memberships (personal data) -------------------------------------------------


def may_view_members(*, user: Any, team: Team) -> bool:
    """Whether the user may see the names of the members of ``team``.

    Team roles of that team and the administrator may; policy officers and researchers
    see composition figures only (see ``MEMBER_VIEW_ROLES`` in ``teams.constants``).
    """
    if not may_use(user, Membership):
        return False
    # A team role sees members of its own teams only; the team is already in scope.
    return can(user, Action.VIEW, team)


def may_create_team(*, user: Any) -> bool:
    """Whether the user may create teams (the administrator of a municipality, the operator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in TEAM_CHANGE_ROLES and user.municipality_id is not None


def may_change_team(*, user: Any, team: Team) -> bool:
    """Whether the user may edit the team, its perspective, members and partners."""
    return can(user, Action.CHANGE, team)


def membership_list(
    *, user: Any, team: Team, request: Any = None, purpose: str = Purpose.TEAM_COMPOSITION
) -> list[Membership]:
    """The members of ``team`` that the user may see; the read is logged with its purpose."""
    if not may_view_members(user=user, team=team):
        return []
    return _members_read(user=user, team_id=team.pk, request=request, purpose=purpose)


def _members_read(*, user: Any, team_id: int, request: Any, purpose: str) -> list[Membership]:
    """:func:`_members_of`, the read logged with ``purpose`` (callers have checked that the
    user may see the names)."""
    members = _members_of(user=user, team_id=team_id)
    if members:
        log_access(
            user=user,
            action=Event.READ,
            purpose=purpose,
            objects=members,
            model=Membership,
            request=request,
        )
    return members


def _members_of(*, user: Any, team_id: int) -> list[Membership]:
    """The members of the team that the user may see, by ring and name; not logged (the
    caller logs). One compiled query (``core.compiled``), the team bound per call."""
    members: list[Membership] = compiled.objects(
        ("teams.members_of", *scope_key(user)),
        lambda team_id: (
            restrict(Membership.objects.filter(team_id=team_id), user, Action.VIEW)
            .select_related("organisation", "organisation__discipline")
            .order_by("person_name", "pk")
        ),
        args={"team_id": team_id},
    )
    members.sort(key=lambda m: (RING_ORDER.index(Ring(m.ring)), m.person_name.lower(), m.pk))
    return members


def membership_get(
    *,
    user: Any,
    team: Team,
    pk: int,
    action: str = Action.VIEW,
    request: Any = None,
    purpose: str = Purpose.TEAM_MANAGEMENT,
) -> Membership:
    """One membership of ``team`` in the user's scope for ``action`` (logged read), or 404."""
    membership = get_in_scope(
        Membership.objects.filter(team=team).select_related("organisation", "team", "user"),
        user,
        action,
        request=request,
        pk=pk,
    )
    log_access(user=user, action=Event.READ, purpose=purpose, obj=membership, request=request)
    return membership


# --- composition (aggregates, no names) -------------------------------------------


@dataclass
class CompositionRow:
    """Members and hours of one group (a ring, a craft or a discipline)."""

    key: str
    label: str
    members: int = 0
    hours: Decimal = Decimal(0)
    craft: str = ""

    @property
    def craft_label(self) -> str:
        return str(Craft(self.craft).label) if self.craft else ""


@dataclass
class Composition:
    """Who makes up a team, in figures: by ring, by craft and by discipline."""

    by_ring: list[CompositionRow] = field(default_factory=list)
    by_craft: list[CompositionRow] = field(default_factory=list)
    by_discipline: list[CompositionRow] = field(default_factory=list)
    organisations_by_ring: dict[str, list[CompositionRow]] = field(default_factory=dict)

    @property
    def members(self) -> int:
        return sum(row.members for row in self.by_ring)

    @property
    def hours(self) -> Decimal:
        return sum((row.hours for row in self.by_ring), Decimal(0))


def _empty_composition() -> Composition:
    return Composition(
        by_ring=[CompositionRow(key=r.value, label=str(r.label)) for r in RING_ORDER],
        by_craft=[CompositionRow(key=c, label=str(Craft(c).label), craft=c) for c in CRAFT_ORDER],
    )


def _composition_rows(memberships: QuerySet[Membership]) -> QuerySet[Any]:
    """Members and hours of ``memberships`` per team, ring and discipline (one aggregate)."""
    return (
        memberships.values(
            "team_id",
            "ring",
            "organisation__craft",
            "organisation__discipline_id",
            "organisation__discipline__name",
            "organisation__discipline__order",
        )
        .annotate(members=Count("pk"), hours=Sum("hours_per_week"))
        .order_by()
    )


def _add_composition_rows(result: dict[int, Composition], rows: Any) -> None:
    """Add the rows of :func:`_composition_rows` to the compositions of ``result``."""
    disciplines: dict[int, dict[int, CompositionRow]] = defaultdict(dict)
    discipline_order: dict[int, tuple[int, str]] = {}
    for row in rows:
        composition = result[row["team_id"]]
        members = row["members"]
        hours = row["hours"] or Decimal(0)
        for ring_row in composition.by_ring:
            if ring_row.key == row["ring"]:
                ring_row.members += members
                ring_row.hours += hours
        for craft_row in composition.by_craft:
            if craft_row.key == row["organisation__craft"]:
                craft_row.members += members
                craft_row.hours += hours
        discipline_id = row["organisation__discipline_id"]
        discipline_order[discipline_id] = (
            row["organisation__discipline__order"],
            row["organisation__discipline__name"],
        )
        per_team = disciplines[row["team_id"]]
        entry = per_team.get(discipline_id)
        if entry is None:
            entry = per_team[discipline_id] = CompositionRow(
                key=str(discipline_id),
                label=row["organisation__discipline__name"],
                craft=row["organisation__craft"],
            )
        entry.members += members
        entry.hours += hours
    for team_id, per_team in disciplines.items():
        result[team_id].by_discipline = sorted(
            per_team.values(), key=lambda r: discipline_order[int(r.key)]
        )


def team_composition(*, team_id: int) -> Composition:
    """The composition figures of one team (:func:`team_compositions`) in one compiled
    query (``core.compiled``, the team bound per call): for the kept team page. Only
    counts and hours, never names; the caller has checked that the user sees the team."""
    result = {team_id: _empty_composition()}
    rows = compiled.values_rows(
        ("teams.team_composition",),
        lambda team_id: _composition_rows(Membership.objects.filter(team_id=team_id)),
        args={"team_id": team_id},
    )
    _add_composition_rows(result, rows)
    return result[team_id]


def team_compositions(
    team_ids: list[int], *, with_organisations: bool = False
) -> dict[int, Composition]:
    """Composition figures for every team in ``team_ids`` in one aggregate query.

    Callers pass ids of teams the user may see (from :func:`team_list` or
    :func:`team_get`). Only counts and hours leave the database, never names, so the
    figures may be shown to every role that sees the team. ``with_organisations`` adds
    the organisations per ring (a second query), for the ring view of roles that may not
    see names.
    """
    result: dict[int, Composition] = {pk: _empty_composition() for pk in team_ids}
    if not team_ids:
        return result
    _add_composition_rows(
        result, _composition_rows(Membership.objects.filter(team_id__in=team_ids))
    )
    if with_organisations:
        org_rows = (
            Membership.objects.filter(team_id__in=team_ids)
            .values(
                "team_id", "ring", "organisation_id", "organisation__name", "organisation__craft"
            )
            .annotate(members=Count("pk"), hours=Sum("hours_per_week"))
            .order_by("organisation__name")
        )
        for org_row in org_rows:
            rings = result[org_row["team_id"]].organisations_by_ring
            rings.setdefault(org_row["ring"], []).append(
                CompositionRow(
                    key=str(org_row["organisation_id"]),
                    label=org_row["organisation__name"],
                    members=org_row["members"],
                    hours=org_row["hours"] or Decimal(0),
                    craft=org_row["organisation__craft"],
                )
            )
    return result


# --- the team page (kept between two changes: core.pagecache) --------------------------


@dataclass
class TeamPage:
    """What the team page shows (:func:`team_page`)."""

    team: Team
    #: The districts and neighbourhoods the team serves: ``name`` and ``code``, by code.
    districts: list[dict[str, Any]]
    neighbourhoods: list[dict[str, Any]]
    composition: Composition
    #: Versions of the shared perspective, newest first.
    history: list[PerspectiveVersion]
    partners: list[Partner]
    may_change: bool
    may_view_members: bool
    #: Empty when the user may not see the names of the members.
    members: list[Membership]


def _areas_served(field: str, team_id: int) -> list[dict[str, Any]]:
    """``name`` and ``code`` of the districts or neighbourhoods (``field``) of the team,
    through the many-to-many table (the areas are shown to whoever sees the team)."""
    through: Any = getattr(Team, field).through
    area = field.removesuffix("s")
    return [
        {"name": row[f"{area}__name"], "code": row[f"{area}__code"]}
        for row in compiled.values_rows(
            ("teams.areas_served", field),
            lambda team_id: (
                through.objects.filter(team_id=team_id)
                .order_by(f"{area}__code", f"{area}_id")
                .values(f"{area}__name", f"{area}__code")
            ),
            args={"team_id": team_id},
        )
    ]


def team_page(*, user: Any, pk: int, request: Any = None) -> TeamPage:
    """Everything of the team page, in a constant number of compiled queries
    (``core.compiled``), so the page is kept between two changes of what it read
    (``audit.kept``).

    404 outside the user's scope (the refusal is logged), by a compiled lookup that is one
    of the recorded queries. Whether the user may change the team is read in the same
    query; the names of the members only for roles that may see them (logged with
    ``Purpose.TEAM_COMPOSITION``). The sections of other apps on the page
    (``components.sections``, page ``"team"``) read their own.
    """
    team: Team = get_compiled_in_scope(
        "teams.page",
        lambda: Team.objects.select_related("municipality").annotate(
            may_change=Exists(Team.objects.changeable_by(user).filter(pk=OuterRef("pk")))
        ),
        user,
        Action.VIEW,
        request=request,
        pk=pk,
    )
    key = scope_key(user)
    history: list[PerspectiveVersion] = compiled.objects(
        ("teams.page.history", *key),
        lambda team_id: (
            PerspectiveVersion.objects.visible_to(user)
            .filter(team_id=team_id)
            .order_by("-changed_at", "-pk")
        ),
        args={"team_id": team.pk},
    )
    partners: list[Partner] = compiled.objects(
        ("teams.page.partners", *key),
        lambda team_id: (
            Partner.objects.visible_to(user)
            .filter(team_id=team_id)
            .select_related("organisation")
            .order_by("ring", "name", "pk")
        ),
        args={"team_id": team.pk},
    )
    # The team was found in the user's scope: that is :func:`may_view_members`' own check.
    may_view = may_use(user, Membership)
    members = (
        _members_read(user=user, team_id=team.pk, request=request, purpose=Purpose.TEAM_COMPOSITION)
        if may_view
        else []
    )
    return TeamPage(
        team=team,
        districts=_areas_served("districts", team.pk),
        neighbourhoods=_areas_served("neighbourhoods", team.pk),
        composition=team_composition(team_id=team.pk),
        history=history,
        partners=partners,
        may_change=bool(team.may_change),  # type: ignore[attr-defined]
        may_view_members=may_view,
        members=members,
    )


@dataclass(frozen=True)
class OverviewRow:
    """One team in the overview, in figures and ready-made text (no member names)."""

    pk: int
    url: str
    name: str
    municipality_id: int
    municipality: str
    team_type: str
    positioning: str
    target_group: str
    areas: str
    members: int
    by_ring: tuple[int, ...]
    by_craft: tuple[int, ...]
    disciplines: int


@dataclass(frozen=True)
class DisciplineSpread:
    """How many of the teams in the overview a discipline sits in (knowledge-circle view)."""

    name: str
    craft: str
    craft_label: str
    teams: int
    members: int
    order: int = 0


@dataclass(frozen=True)
class TeamOverview:
    rows: list[OverviewRow]
    disciplines: list[DisciplineSpread]
    ring_labels: list[str]
    craft_labels: list[tuple[str, str]]

    @property
    def several_municipalities(self) -> bool:
        return len({row.municipality_id for row in self.rows}) > 1


def team_overview(*, user: Any) -> TeamOverview:
    """The team overview: teams in scope with their areas and composition in figures.

    Two queries whatever the number of teams or members: the teams with their summaries
    (areas and counts per ring, craft and discipline, kept up to date by the services; see
    ``teams.summaries``) and the names of the disciplines (reference data). Only counts and
    names of areas leave the database, never names of people.
    """
    teams = list(
        Team.objects.visible_to(user)
        .values(
            "pk",
            "name",
            "municipality_id",
            "municipality__name",
            "team_type",
            "positioning",
            "target_group",
            "summary",
        )
        .order_by("municipality__name", "name")
    )
    type_labels = {key: str(label) for key, label in TeamType.choices}
    positioning_labels = {key: str(label) for key, label in Positioning.choices}
    target_labels = {key: str(label) for key, label in TargetGroup.choices}
    craft_labels = {key: str(label) for key, label in Craft.choices}
    # Team pages live under the overview: /teams/<pk>/ (asserted in the tests).
    base_url = reverse("teams:list")
    rows = []
    spread_teams: dict[str, int] = defaultdict(int)
    spread_members: dict[str, int] = defaultdict(int)
    for team in teams:
        pk = team["pk"]
        summary = team["summary"] or {}
        rings = summary.get("rings", {})
        crafts = summary.get("crafts", {})
        disciplines = summary.get("disciplines", {})
        for discipline_id, count in disciplines.items():
            spread_teams[discipline_id] += 1
            spread_members[discipline_id] += count
        rows.append(
            OverviewRow(
                pk=pk,
                url=f"{base_url}{pk}/",
                name=team["name"],
                municipality_id=team["municipality_id"],
                municipality=team["municipality__name"],
                team_type=type_labels.get(team["team_type"], ""),
                positioning=positioning_labels.get(team["positioning"], ""),
                # The label only: a specific group's description is on the team's own page.
                target_group=target_labels.get(team["target_group"], ""),
                areas=summary.get("areas", ""),
                members=summary.get("members", 0),
                by_ring=tuple(rings.get(ring.value, 0) for ring in RING_ORDER),
                by_craft=tuple(crafts.get(craft, 0) for craft in CRAFT_ORDER),
                disciplines=len(disciplines),
            )
        )
    index = discipline_index() if spread_teams else {}
    spread = []
    for key, teams_count in spread_teams.items():
        name, craft, order = index.get(int(key), ("?", Craft.HULP, 0))
        spread.append(
            DisciplineSpread(
                name=name,
                craft=craft,
                craft_label=craft_labels.get(craft, ""),
                teams=teams_count,
                members=spread_members[key],
                order=order,
            )
        )
    spread.sort(key=lambda item: (-item.teams, item.order, item.name))
    return TeamOverview(
        rows=rows,
        disciplines=spread,
        ring_labels=[str(ring.label) for ring in RING_ORDER],
        craft_labels=[(craft, craft_labels[craft]) for craft in CRAFT_ORDER],
    )


def account_choices(*, team: Team) -> QuerySet[Any]:
    """Accounts that can be linked to a membership of ``team``: active team-role users
    of the team's municipality."""
    from django.contrib.auth import get_user_model

    from wijkkompas.accounts.constants import TEAM_ROLES

    return (
        get_user_model()
        .objects.filter(municipality_id=team.municipality_id, role__in=TEAM_ROLES, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def all_team_ids() -> list[int]:
    """Every team's id, across tenants: for maintenance commands only, never for pages."""
    return list(Team.objects.order_by("pk").values_list("pk", flat=True))


def circle_team_rows(*, include_municipality_id: int | None = None) -> list[dict[str, Any]]:
    """The teams of the knowledge circle, for its comparison: every team of a municipality
    that shares its aggregates, plus those of ``include_municipality_id`` (the viewer's
    own municipality), in one query.

    Only aggregates leave the database: type, positioning, target group and the summary
    (counts per ring, craft and discipline; see ``teams.summaries``), never names of people.
    The caller decides what of it the role may see (team names of other municipalities
    only for researchers).
    """
    from django.db.models import Q

    where = Q(municipality__shares_aggregates=True)
    if include_municipality_id is not None:
        where |= Q(municipality_id=include_municipality_id)
    rows: Any = (
        Team.objects.filter(where)
        .values(
            "pk",
            "name",
            "municipality_id",
            "municipality__name",
            "municipality__shares_aggregates",
            "team_type",
            "positioning",
            "target_group",
            "summary",
        )
        .order_by("municipality__name", "name", "pk")
    )
    return [dict(row) for row in rows]
