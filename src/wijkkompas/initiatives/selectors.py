"""Reads of collective opportunities, initiatives, referrals and the substitution figures.

Scoped by the permission layer (``accounts.access``); nothing here filters by role by hand.

* initiatives are no case data: team roles, the policy officer and the administrator see
  those of their municipality, researchers those of municipalities that share their
  aggregates, initiators those they are in charge of. Names of people (residents in
  charge, coaches, authors of stories) only for :data:`INITIATIVE_NAMES_ROLES`;
* opportunities belong to their team: team roles of that team only;
* referrals are case data (consent rule): read only on the resident page, each read
  logged (Purpose.SUPPORT). The initiative shows only how many referrals it has, exact for
  team roles and suppressed (``signals.suppression``) for everyone else;
* substitution: per team and quarter, how many support questions (conversations) were
  answered collectively, by a general service or individually; an aggregate, suppressed for
  roles that may not see cases;
* public pages (anyone, no account): initiatives marked ``public``, read through
  :class:`.models.PublicInitiative` (``AccessPolicy.public``), with their public fields only:
  name, description, stage, how to join, a public meeting place and the neighbourhoods.
  Never the names of the people who run it or take part, no counts, no history or stories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.http import Http404
from django.utils import timezone

from wijkkompas.accounts.access import can, get_in_scope, may_use, restrict, scope_key
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core import compiled
from wijkkompas.signals import selectors as signal_selectors
from wijkkompas.signals.selectors import SignalKey
from wijkkompas.signals.suppression import (
    Cell,
    SuppressedTable,
    count_for,
    for_case_role,
    table_for,
)
from wijkkompas.teams import selectors as team_selectors

from .constants import (
    INITIATIVE_CREATE_ROLES,
    INITIATIVE_NAMES_ROLES,
    INITIATIVES_PER_PAGE,
    OUTCOME_ANSWER,
    PUBLIC_INITIATIVES_SHOWN,
    PUBLIC_LIST_STAGES,
    STAGE_TRANSITIONS,
    SUBSTITUTION_QUARTERS,
    AnswerKind,
    OpportunityStatus,
    SignalAreaKind,
    Stage,
    TransformationLevel,
)
from .models import (
    Initiative,
    InitiativeStory,
    Opportunity,
    OpportunityComment,
    PublicInitiative,
    Referral,
    StageChange,
)

# --- permissions (no personal data) ------------------------------------------------------


def may_use_initiatives(*, user: Any) -> bool:
    return may_use(user, Initiative, Action.VIEW)


def may_create_initiative(*, user: Any) -> bool:
    """Team roles (in their own teams) and the administrator start initiatives."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role in INITIATIVE_CREATE_ROLES)


def may_see_names(*, user: Any) -> bool:
    """Whether the user sees who runs and coaches an initiative (not policy officers and
    researchers: aggregates and initiatives, never people)."""
    return bool(getattr(user, "is_superuser", False) or user.role in INITIATIVE_NAMES_ROLES)


def may_change_initiative(*, user: Any, initiative: Initiative) -> bool:
    return can(user, Action.CHANGE, initiative)


def may_use_opportunities(*, user: Any) -> bool:
    return may_use(user, Opportunity, Action.VIEW)


def may_refer(*, user: Any) -> bool:
    """Whether the user's role refers conversations at all (no query)."""
    return may_use(user, Referral, Action.CHANGE)


def next_stages(initiative: Initiative) -> list[str]:
    """The stages the initiative may move to, in the order of the stages."""
    allowed = STAGE_TRANSITIONS.get(initiative.stage, frozenset())
    return [stage for stage in Stage.values if stage in allowed]


# --- initiatives -------------------------------------------------------------------------


def _initiatives(user: Any) -> QuerySet[Initiative]:
    return (
        Initiative.objects.visible_to(user)
        .select_related("team", "place", "municipality")
        .prefetch_related("neighbourhoods")
    )


def initiative_list(
    *,
    user: Any,
    neighbourhood: int | None = None,
    stage: str | None = None,
    level: str | None = None,
    team: int | None = None,
    page: Any = 1,
    per_page: int = INITIATIVES_PER_PAGE,
) -> Page:
    """Initiatives the user may see, filtered by neighbourhood, stage, level and team, by
    name; one page at a time (a constant number of queries)."""
    queryset = _initiatives(user)
    if neighbourhood:
        queryset = queryset.filter(
            pk__in=Initiative.neighbourhoods.through.objects.filter(
                neighbourhood_id=neighbourhood
            ).values("initiative_id")
        )
    if stage in Stage.values:
        queryset = queryset.filter(stage=stage)
    if level in TransformationLevel.values:
        queryset = queryset.filter(level=level)
    if team:
        queryset = queryset.filter(team_id=team)
    result = Paginator(queryset.order_by("name", "pk"), per_page).get_page(page)
    result.object_list = list(result.object_list)
    return result


def filter_neighbourhoods(*, user: Any) -> list[Any]:
    """Neighbourhoods of the initiatives the user may see (for the list's filter)."""
    neighbourhood = apps.get_model("areas", "Neighbourhood")
    ids = Initiative.neighbourhoods.through.objects.filter(
        initiative_id__in=Initiative.objects.visible_to(user).values("pk")
    ).values("neighbourhood_id")
    return list(neighbourhood.objects.filter(pk__in=ids).order_by("name"))


def initiative_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> Initiative:
    """One initiative in the user's scope for ``action`` (404 outside it, logged)."""
    initiative: Initiative = get_in_scope(
        _initiatives(user) if action == Action.VIEW else Initiative.objects.all(),
        user,
        action,
        request=request,
        pk=pk,
    )
    return initiative


def referral_count(*, user: Any, initiative: Initiative) -> Cell:
    """How many conversations were referred to the initiative: exact for team roles,
    suppressed for everyone else. No names, so no log."""
    n = Referral.objects.filter(initiative_id=initiative.pk).count()
    return count_for(user, n)


@dataclass
class InitiativePage:
    initiative: Initiative
    may_change: bool
    show_names: bool
    referrals: Cell
    residents_in_charge: list[Any] = field(default_factory=list)
    coaches: list[Any] = field(default_factory=list)
    partners: list[Any] = field(default_factory=list)
    history: list[StageChange] = field(default_factory=list)
    stories: list[InitiativeStory] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    next_stages: list[str] = field(default_factory=list)
    referrals_suppressed: bool = False
    show_team: bool = False
    signals: list[str] = field(default_factory=list)
    #: Public and in a stage the public lists show (a stopped public one is not listed).
    publicly_listed: bool = False


def initiative_page(*, user: Any, pk: int, request: Any = None) -> InitiativePage:
    """Everything the initiative page shows, in a constant number of queries.

    Opportunities (with the signals they answer) only for the roles that see opportunities
    (team roles of the opportunity's team); names of people only for
    :func:`may_see_names`; the referrals as a count.
    """
    initiative = initiative_get(user=user, pk=pk, request=request)
    names = may_see_names(user=user)
    page = InitiativePage(
        initiative=initiative,
        may_change=may_change_initiative(user=user, initiative=initiative),
        show_names=names,
        referrals=referral_count(user=user, initiative=initiative),
        referrals_suppressed=not for_case_role(user),
        publicly_listed=initiative.public and initiative.stage in PUBLIC_LIST_STAGES,
        # Organisations and the team as far as the user may see them (not initiators).
        partners=list(restrict(initiative.partner_organisations.order_by("name"), user)),
        show_team=initiative.team is not None and can(user, Action.VIEW, initiative.team),
        history=list(
            StageChange.objects.filter(initiative_id=initiative.pk)
            .select_related("changed_by")
            .order_by("-changed_at", "-pk")
        ),
        stories=list(
            InitiativeStory.objects.filter(initiative_id=initiative.pk)
            .select_related("author")
            .order_by("-created_at", "-pk")
        ),
    )
    if names:
        page.residents_in_charge = list(initiative.residents_in_charge.order_by("first_name"))
        page.coaches = list(initiative.coaches.order_by("first_name"))
    page.signals = answered_signals(user=user, initiative=initiative)
    if may_use_opportunities(user=user):
        page.opportunities = list(
            Opportunity.objects.visible_to(user)
            .filter(initiative_id=initiative.pk)
            .order_by("-created_at", "-pk")
        )
    if page.may_change:
        page.next_stages = next_stages(initiative)
    return page


#: At most this many signals are described on an initiative page (a query or two each).
MAX_SIGNALS_SHOWN = 5


def answered_signals(*, user: Any, initiative: Initiative) -> list[str]:
    """The signals the initiative answers (through its opportunities), described by the
    signals app with small counts suppressed: an aggregate, so every role that sees the
    initiative sees them. Signals of a team area only for team roles (the team's name)."""
    kinds = [SignalAreaKind.NEIGHBOURHOOD, SignalAreaKind.DISTRICT]
    if may_use_opportunities(user=user):
        kinds.append(SignalAreaKind.TEAM)
    keys = (
        Opportunity.objects.filter(initiative_id=initiative.pk, signal_area_kind__in=kinds)
        .exclude(signal_measure="")
        .exclude(signal_period_start__isnull=True)
        .values_list(
            "signal_area_kind",
            "signal_area_id",
            "signal_period",
            "signal_period_start",
            "signal_measure",
        )
        .distinct()
        .order_by("-signal_period_start", "signal_measure")[:MAX_SIGNALS_SHOWN]
    )
    rows: list[Any] = list(keys)
    return [
        signal_selectors.signal_describe(
            SignalKey(
                area_kind=kind,
                area_id=area_id,
                period=period,
                period_start=start,
                measure=measure,
            )
        )
        for kind, area_id, period, start, measure in rows
    ]


def initiatives_at_place(place: Any, user: Any) -> list[Initiative]:
    """Initiatives held at ``place`` that the user may see (for the place page)."""
    return list(_initiatives(user).filter(place_id=place.pk).order_by("name", "pk"))


def initiatives_for_neighbourhood(neighbourhood: Any, user: Any) -> list[Initiative]:
    """Initiatives in ``neighbourhood`` that the user may see (for the neighbourhood page),
    stopped ones last."""
    rows = list(
        _initiatives(user)
        .filter(
            pk__in=Initiative.neighbourhoods.through.objects.filter(
                neighbourhood_id=neighbourhood.pk
            ).values("initiative_id")
        )
        .order_by("name", "pk")
    )
    return sorted(rows, key=lambda i: i.stage == Stage.STOPPED)


# --- public pages (anyone; no personal data) ----------------------------------------------


@dataclass(frozen=True)
class PublicInitiativeRow:
    """What residents see of a public initiative: no names of people, no counts."""

    pk: int
    name: str
    description: str
    stage: str
    stage_label: str
    how_to_join: str
    #: The meeting place, only when the place itself is public (never a kitchen table).
    place_name: str
    place_address: str

    @property
    def listed(self) -> bool:
        """Whether the public lists show it (on trial, running or embedded)."""
        return self.stage in PUBLIC_LIST_STAGES

    @property
    def stopped(self) -> bool:
        return self.stage == Stage.STOPPED


#: The only fields a public read takes from the database.
_PUBLIC_FIELDS = (
    "pk",
    "name",
    "description",
    "stage",
    "how_to_join",
    "place__name",
    "place__address",
    "place__public",
)


def _public_initiatives() -> QuerySet[PublicInitiative]:
    """Initiatives everyone may see (``AccessPolicy.public`` of :class:`PublicInitiative`)."""
    return PublicInitiative.objects.visible_to(None)


def _public_row(row: dict[str, Any]) -> PublicInitiativeRow:
    public_place = bool(row["place__public"])
    return PublicInitiativeRow(
        pk=row["pk"],
        name=row["name"],
        description=row["description"],
        stage=row["stage"],
        stage_label=str(Stage(row["stage"]).label),
        how_to_join=row["how_to_join"],
        place_name=row["place__name"] if public_place else "",
        place_address=(row["place__address"] or "") if public_place else "",
    )


def public_initiatives(
    *, neighbourhood: Any, limit: int = PUBLIC_INITIATIVES_SHOWN
) -> list[PublicInitiativeRow]:
    """The public initiatives of one neighbourhood that a resident can join (on trial,
    running or embedded), by name, for the public neighbourhood page: one query, for anyone.

    A public initiative that stopped (or is still an idea) stays public but is not listed.
    Only initiatives of the neighbourhood's own municipality (the services allow no other).
    """
    in_neighbourhood = Initiative.neighbourhoods.through.objects.filter(
        neighbourhood_id=neighbourhood.pk
    ).values("initiative_id")
    rows = (
        _public_initiatives()
        .filter(
            pk__in=in_neighbourhood,
            municipality_id=neighbourhood.district.municipality_id,
            stage__in=PUBLIC_LIST_STAGES,
        )
        .order_by("name", "pk")
        .values(*_PUBLIC_FIELDS)[:limit]
    )
    return [_public_row(row) for row in rows]


@dataclass(frozen=True)
class PublicInitiativePage:
    """The public page of one initiative."""

    initiative: PublicInitiativeRow
    municipality: str
    #: (CBS code, name) of its neighbourhoods, by name.
    neighbourhoods: list[tuple[str, str]]


def public_initiative_page(*, pk: int) -> PublicInitiativePage:
    """A public initiative for its public page (any stage: the page says it), or 404 for one
    that is not public or does not exist. Two queries; nothing is logged (no personal data)."""
    row = _public_initiatives().filter(pk=pk).values(*_PUBLIC_FIELDS, "municipality__name").first()
    if row is None:
        raise Http404
    neighbourhoods = (
        Initiative.neighbourhoods.through.objects.filter(initiative_id=pk)
        .order_by("neighbourhood__name", "neighbourhood__code")
        .values_list("neighbourhood__code", "neighbourhood__name")
    )
    return PublicInitiativePage(
        initiative=_public_row(row),
        municipality=row["municipality__name"],
        neighbourhoods=list(neighbourhoods),
    )


def initiative_choices(*, user: Any, municipality_id: int | None = None) -> QuerySet[Initiative]:
    """Initiatives a conversation may be referred to, or an opportunity linked to: those the
    user sees, of the user's municipality, not stopped."""
    queryset = Initiative.objects.visible_to(user).exclude(stage=Stage.STOPPED)
    municipality_id = municipality_id or getattr(user, "municipality_id", None)
    if municipality_id is not None:
        queryset = queryset.filter(municipality_id=municipality_id)
    return queryset.order_by("name", "pk")


def coach_choices(*, team: Any) -> QuerySet[Any]:
    """Accounts that may coach an initiative of ``team``: its team roles."""
    return team_selectors.account_choices(team=team)


def initiator_choices(*, municipality_id: int) -> QuerySet[Any]:
    """Accounts with the role initiator in the municipality."""
    user_model = apps.get_model("accounts", "User")
    return user_model.objects.filter(
        municipality_id=municipality_id, role="initiator", is_active=True
    ).order_by("first_name", "last_name", "username")


# --- opportunities -----------------------------------------------------------------------


def signal_key(opportunity: Opportunity) -> SignalKey | None:
    """The key of the signal the opportunity answers (None when it answers an idea only)."""
    if not opportunity.has_signal or opportunity.signal_period_start is None:
        return None
    return SignalKey(
        area_kind=opportunity.signal_area_kind,  # type: ignore[arg-type]
        area_id=int(opportunity.signal_area_id or 0),
        period=opportunity.signal_period,  # type: ignore[arg-type]
        period_start=opportunity.signal_period_start,
        measure=opportunity.signal_measure,
    )


def describe_signal(
    *, area_kind: str, area_id: int, period: str, period_start: dt.date, measure: str
) -> str:
    """A signal key in words (for the snapshot of a new opportunity); "" for a bad key."""
    if area_kind not in SignalAreaKind.values or period not in ("month", "quarter", "year"):
        return ""
    try:
        return signal_selectors.signal_describe(
            SignalKey(
                area_kind=area_kind,  # type: ignore[arg-type]
                area_id=area_id,
                period=period,  # type: ignore[arg-type]
                period_start=period_start,
                measure=measure,
            )
        )
    except Exception:  # noqa: BLE001 - an area that does not exist: no description
        return ""


def signal_text(opportunity: Opportunity) -> str:
    """What the opportunity's signal says now (``signals.selectors.signal_describe``, small
    counts suppressed), or the snapshot stored when the opportunity was made."""
    key = signal_key(opportunity)
    if key is None:
        return ""
    return signal_selectors.signal_describe(key) or opportunity.signal_snapshot


def _opportunities(user: Any) -> QuerySet[Opportunity]:
    return Opportunity.objects.visible_to(user).select_related("team", "initiative", "idea")


def opportunity_list(
    *, user: Any, team: int | None = None, status: str | None = None
) -> list[Opportunity]:
    """Opportunities of the user's teams, open ones first, with their number of comments."""
    queryset = _opportunities(user).annotate(comment_count=Count("comments"))
    if team:
        queryset = queryset.filter(team_id=team)
    if status in OpportunityStatus.values:
        queryset = queryset.filter(status=status)
    order = {s: i for i, s in enumerate(OpportunityStatus.values)}
    rows = list(queryset.order_by("-created_at", "-pk"))
    return sorted(rows, key=lambda o: order.get(o.status, 99))


def opportunity_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> Opportunity:
    return get_in_scope(_opportunities(user), user, action, request=request, pk=pk)


@dataclass
class OpportunityPage:
    opportunity: Opportunity
    may_change: bool
    signal: str
    comments: list[OpportunityComment]


def opportunity_page(*, user: Any, pk: int, request: Any = None) -> OpportunityPage:
    opportunity = opportunity_get(user=user, pk=pk, request=request)
    return OpportunityPage(
        opportunity=opportunity,
        may_change=can(user, Action.CHANGE, opportunity),
        signal=signal_text(opportunity),
        comments=list(
            OpportunityComment.objects.filter(opportunity_id=opportunity.pk)
            .select_related("author")
            .order_by("created_at", "pk")
        ),
    )


def opportunities_for_area(*, user: Any, area_kind: str, area_id: int) -> list[Opportunity]:
    """Opportunities (of the user's teams) that answer a signal of this area or, for a
    neighbourhood, an idea of it; for the neighbourhood page. Dropped ones left out."""
    condition = Q(signal_area_kind=area_kind, signal_area_id=area_id)
    if area_kind == SignalAreaKind.NEIGHBOURHOOD:
        condition |= Q(idea__neighbourhood_id=area_id)
    return list(
        _opportunities(user)
        .filter(condition)
        .exclude(status=OpportunityStatus.DROPPED)
        .order_by("-created_at", "-pk")
    )


def opportunities_answering(*, user: Any, area_kind: str, area_id: int, measure: str) -> list[Any]:
    """Opportunities of the user's teams that answer one signal (area and measure)."""
    return list(
        _opportunities(user)
        .filter(signal_area_kind=area_kind, signal_area_id=area_id, signal_measure=measure)
        .order_by("-created_at", "-pk")
    )


# --- referrals (case data, logged) -------------------------------------------------------


def referrals_of_resident(*, user: Any, resident: Any, request: Any = None) -> list[Referral]:
    """The referrals of the resident's conversations that the user may see (consent rule),
    newest first; one access-log entry (Purpose.SUPPORT) naming the resident."""
    referrals: list[Referral] = compiled.objects(
        ("initiatives.referrals_of_resident", *scope_key(user)),
        lambda resident_id: (
            Referral.objects.visible_to(user)
            .filter(conversation__resident_id=resident_id)
            .select_related("initiative", "conversation", "referred_by")
            .order_by("-created_at", "-pk")
        ),
        args={"resident_id": resident.pk},
    )
    if referrals:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.SUPPORT,
            objects=referrals,
            model=Referral,
            request=request,
            subjects=[resident.pk],
        )
    return referrals


# --- substitution ------------------------------------------------------------------------


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarters(today: dt.date, n: int) -> list[dt.date]:
    start = _quarter_start(today)
    quarters = [start]
    for _ in range(n - 1):
        previous = quarters[-1] - dt.timedelta(days=1)
        quarters.append(_quarter_start(previous))
    return list(reversed(quarters))


def quarter_label(start: dt.date) -> str:
    return f"{start.year} K{(start.month - 1) // 3 + 1}"


@dataclass
class SubstitutionRow:
    """One quarter of one team: the answers by kind (exact or suppressed) and the share
    answered collectively (``None`` when it cannot be shown)."""

    quarter: dt.date
    label: str
    table: SuppressedTable[str]
    share: float | None

    @property
    def share_percent(self) -> str:
        return "–" if self.share is None else f"{round(self.share * 100)}%"

    def cell(self, kind: str) -> Cell:
        return self.table.cells[kind]


@dataclass
class TeamSubstitution:
    team: Any
    rows: list[SubstitutionRow]

    @property
    def suppressed(self) -> bool:
        return any(row.table.suppressed for row in self.rows)

    @property
    def explanation(self) -> str:
        for row in self.rows:
            if row.table.suppressed:
                return row.table.explanation
        return ""


def substitution(
    *,
    user: Any,
    team: int | None = None,
    quarters: int = SUBSTITUTION_QUARTERS,
    today: dt.date | None = None,
) -> list[TeamSubstitution]:
    """Per team the user may see, per quarter (the last ``quarters``): how many support
    questions were answered collectively (own network or a collective provision), by a
    general service, or individually (Wmo provision, second line), and the collective share.

    Two queries whatever the number of conversations (the teams, then one grouped count).
    Exact for team roles, suppressed (with secondary suppression against the total) for
    everyone else; the share is computed from what is shown.
    """
    today = today or timezone.localdate()
    starts = _quarters(today, quarters)
    teams = list(team_selectors.team_list(user=user).order_by("name", "pk"))
    if team:
        teams = [t for t in teams if t.pk == int(team)]
    if not teams:
        return []
    conversation = apps.get_model("conversations", "Conversation")
    counts: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(AnswerKind.values, 0)
    )
    rows = (
        conversation.objects.filter(
            team_id__in=[t.pk for t in teams], held_on__gte=starts[0], held_on__lte=today
        )
        .annotate(quarter=TruncQuarter("held_on"))
        .values("team_id", "quarter", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        quarter = row["quarter"]
        if isinstance(quarter, dt.datetime):
            quarter = quarter.date()
        kind = OUTCOME_ANSWER.get(row["outcome"])
        if kind is None:
            continue
        counts[(row["team_id"], quarter)][kind] += row["n"]
    result = []
    for t in teams:
        team_rows = []
        for start in starts:
            cells = counts.get((t.pk, start)) or dict.fromkeys(AnswerKind.values, 0)
            table = table_for(user, cells, total=sum(cells.values()))
            collective = table.cells[AnswerKind.COLLECTIVE]
            total = table.total
            share = None
            if total is not None and total.value and collective.value is not None:
                share = collective.value / total.value
            team_rows.append(
                SubstitutionRow(quarter=start, label=quarter_label(start), table=table, share=share)
            )
        result.append(TeamSubstitution(team=t, rows=team_rows))
    return result


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class ChartSeries:
    name: str
    colour: str
    dash: str
    path: str
    points: list[ChartPoint]


#: Line colours (contrast ≥ 4.5:1 on white) and dashes, so lines differ without colour too.
_COLOURS = ["#0b5e8a", "#a34700", "#2e6b30", "#6a1b9a", "#b71c1c", "#37474f"]
_DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 4", "12 4"]


@dataclass
class Chart:
    """An SVG line chart of the collective share per quarter (the table is its text
    alternative). Coordinates in a 0..width × 0..height box."""

    width: int
    height: int
    series: list[ChartSeries]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]


def substitution_chart(
    data: list[TeamSubstitution], *, width: int = 640, height: int = 240
) -> Chart | None:
    """The chart of :func:`substitution`: one line per team (points only where the share can
    be shown)."""
    if not data or not data[0].rows:
        return None
    left, right, top, bottom = 48, 16, 16, 32
    n = len(data[0].rows)
    step = (width - left - right) / max(n - 1, 1)

    def y_of(share: float) -> float:
        return top + (1 - share) * (height - top - bottom)

    series = []
    for index, item in enumerate(data):
        points = [
            ChartPoint(
                x=round(left + i * step, 1),
                y=round(y_of(row.share), 1),
                label=row.label,
                value=row.share_percent,
            )
            for i, row in enumerate(item.rows)
            if row.share is not None
        ]
        path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
        series.append(
            ChartSeries(
                name=item.team.name,
                colour=_COLOURS[index % len(_COLOURS)],
                dash=_DASHES[index % len(_DASHES)],
                path=path,
                points=points,
            )
        )
    return Chart(
        width=width,
        height=height,
        series=series,
        x_labels=[(round(left + i * step, 1), row.label) for i, row in enumerate(data[0].rows)],
        y_ticks=[(round(y_of(v / 100), 1), f"{v}%") for v in (0, 25, 50, 75, 100)],
    )
