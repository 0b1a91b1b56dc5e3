"""Reads of the neighbourhood pages.

This app has no data of its own: it shows, per neighbourhood, what the other apps hold,
read through their selectors (signals, opportunities and initiatives, ideas, places), each
scoped to the user by the app it belongs to. Counts for roles that may not see cases are
suppressed (:mod:`.figures`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.areas import selectors as area_selectors
from wijkkompas.conversations.constants import LifeDomain, Outcome
from wijkkompas.ideas import selectors as idea_selectors
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.initiatives import selectors as initiative_selectors
from wijkkompas.initiatives.constants import SignalAreaKind, Stage, TransformationLevel
from wijkkompas.places import selectors as place_selectors
from wijkkompas.signals import selectors as signal_selectors
from wijkkompas.signals.constants import (
    ASSESSED_LADDER,
    CONVERSATIONS,
    DOMAIN,
    IDEAS,
    LADDER,
    OPPORTUNITIES,
    OUTCOME,
    ZRM,
    PeriodKind,
)
from wijkkompas.signals.suppression import SuppressionRules, count_for, for_case_role

from .figures import Figure, figure_for


@dataclass
class DistrictGroup:
    code: str
    name: str
    neighbourhoods: list[Any] = field(default_factory=list)


@dataclass
class MunicipalityGroup:
    code: str
    name: str
    districts: list[DistrictGroup] = field(default_factory=list)


def _grouped(neighbourhoods: Iterable[Any]) -> list[MunicipalityGroup]:
    """Neighbourhoods (ordered by municipality and district) grouped for the index."""
    groups: list[MunicipalityGroup] = []
    for neighbourhood in neighbourhoods:
        district = neighbourhood.district
        municipality = district.municipality
        if not groups or groups[-1].code != municipality.code:
            groups.append(MunicipalityGroup(code=municipality.code, name=municipality.name))
        group = groups[-1]
        if not group.districts or group.districts[-1].code != district.code:
            group.districts.append(DistrictGroup(code=district.code, name=district.name))
        group.districts[-1].neighbourhoods.append(neighbourhood)
    return groups


def neighbourhood_index(*, user: Any) -> list[MunicipalityGroup]:
    """The neighbourhoods the user may see, grouped by municipality and district (one query)."""
    return _grouped(area_selectors.neighbourhood_list(user=user))


def neighbourhood_get(*, user: Any, code: str, request: Any = None) -> Any:
    """The neighbourhood with this CBS code in the user's scope, or 404."""
    return area_selectors.neighbourhood_get_by_code(user=user, code=code, request=request)


def public_municipalities() -> list[Any]:
    """Municipalities with neighbourhoods, for the public index (names and codes only)."""
    return list(area_selectors.public_municipality_list())


def public_index(*, municipality_code: str) -> list[MunicipalityGroup]:
    """The neighbourhoods of one municipality for the public index, by district."""
    return _grouped(area_selectors.public_neighbourhood_list(municipality_code=municipality_code))


def public_neighbourhood_get(*, code: str) -> Any:
    """The neighbourhood with this CBS code for its public page, or 404."""
    return area_selectors.public_neighbourhood_get(code=code)


# -- the page of one neighbourhood ---------------------------------------------------------

#: At most this many ideas and places are listed on a page (the rest on the app's own pages).
IDEAS_SHOWN = 20
PLACES_SHOWN = 50


@dataclass(frozen=True)
class IdeaRow:
    pk: int
    title: str
    status_label: str
    #: Number of people who joined, as the viewer may see it ("<10" for the public).
    supporters: str
    supporters_hidden: bool


@dataclass(frozen=True)
class InitiativeRow:
    pk: int
    name: str
    stage_label: str
    level_label: str
    place: str
    participants: str
    participants_hidden: bool
    stopped: bool


@dataclass
class NeighbourhoodPage:
    """What one role sees of one neighbourhood; ``None`` for a section the role has no
    business with (it is left out of the page)."""

    #: Counts are exact (team roles) or suppressed (everyone else).
    exact: bool
    explanation: str
    signals: Any = None
    opportunities: list[Any] | None = None
    initiatives: list[InitiativeRow] | None = None
    may_open_initiatives: bool = False
    ideas: list[IdeaRow] | None = None
    idea_figure: Figure | None = None
    places: list[Any] | None = None
    #: Sections not shown because the app that holds them has no reads for this page yet.
    missing: list[str] = field(default_factory=list)


def _cell_text(cell: Any) -> tuple[str, bool]:
    return cell.display, bool(cell.is_hidden)


def _idea_rows(ideas: Iterable[Any], user: Any) -> list[IdeaRow]:
    labels = dict(IdeaStatus.choices)
    rows = []
    for idea in ideas:
        text, hidden = _cell_text(count_for(user, idea.supporter_count))
        rows.append(
            IdeaRow(
                pk=idea.pk,
                title=idea.title,
                status_label=str(labels.get(idea.status, idea.status)),
                supporters=text,
                supporters_hidden=hidden,
            )
        )
    return rows


def _initiative_rows(initiatives: Iterable[Any], user: Any) -> list[InitiativeRow]:
    stages = dict(Stage.choices)
    levels = dict(TransformationLevel.choices)
    rows = []
    for initiative in initiatives:
        participants = initiative.participants_count
        if participants is None:
            text, hidden = "", False
        else:
            text, hidden = _cell_text(count_for(user, participants))
        rows.append(
            InitiativeRow(
                pk=initiative.pk,
                name=initiative.name,
                stage_label=str(stages.get(initiative.stage, initiative.stage)),
                level_label=str(levels.get(initiative.level, initiative.level)),
                place=initiative.place.name if initiative.place_id else "",
                participants=text,
                participants_hidden=hidden,
                stopped=initiative.stage == Stage.STOPPED,
            )
        )
    return rows


def _idea_figure(user: Any, neighbourhood: Any) -> Figure:
    counts = idea_selectors.idea_counts_by_status(user=user, neighbourhood=neighbourhood)
    labels = dict(IdeaStatus.choices)
    cells = [(str(labels[status]), counts.get(status, 0)) for status in IdeaStatus.values]
    return figure_for(
        user,
        id="ideas-by-status",
        title=str(_("Ideas by status")),
        caption=str(_("Residents' ideas of this neighbourhood by status")),
        cells=cells,
        total=sum(n for _label, n in cells),
        total_label=str(_("All ideas")),
    )


def neighbourhood_page(
    *, user: Any, neighbourhood: Any, period: str = PeriodKind.YEAR
) -> NeighbourhoodPage:
    """Every section of the neighbourhood page as ``user`` may see it. A constant number of
    queries, whatever the size of the data."""
    exact = for_case_role(user)
    page = NeighbourhoodPage(
        exact=exact,
        explanation="" if exact else SuppressionRules.from_settings().explanation(),
    )
    page.signals = signals_section(user=user, neighbourhood=neighbourhood, period=period)
    if initiative_selectors.may_use_opportunities(user=user):
        page.opportunities = initiative_selectors.opportunities_for_area(
            user=user, area_kind=SignalAreaKind.NEIGHBOURHOOD, area_id=neighbourhood.pk
        )
    page.may_open_initiatives = initiative_selectors.may_use_initiatives(user=user)
    page.initiatives = _initiative_rows(
        initiative_selectors.initiatives_for_neighbourhood(neighbourhood, user), user
    )
    page.ideas = _idea_rows(
        idea_selectors.idea_list(user=user, neighbourhood=neighbourhood)[:IDEAS_SHOWN], user
    )
    page.idea_figure = _idea_figure(user, neighbourhood)
    page.places = list(
        place_selectors.place_list(user=user, neighbourhood=neighbourhood)[:PLACES_SHOWN]
    )
    return page


def public_page(*, neighbourhood: Any) -> NeighbourhoodPage:
    """The public page: published ideas, public places, initiatives, suppressed aggregates
    and theme terms; nothing that names or points to a person."""
    page = NeighbourhoodPage(
        exact=False, explanation=SuppressionRules.from_settings().explanation()
    )
    page.signals = signals_section(user=AnonymousUser(), neighbourhood=neighbourhood, public=True)
    page.ideas = [
        IdeaRow(
            pk=idea.pk,
            title=idea.title,
            status_label=idea.status_label,
            supporters=idea.supporters.display,
            supporters_hidden=bool(idea.supporters.is_hidden),
        )
        for idea in idea_selectors.public_ideas(neighbourhood=neighbourhood, limit=IDEAS_SHOWN)
    ]
    page.places = list(place_selectors.public_places(neighbourhood=neighbourhood)[:PLACES_SHOWN])
    return page


# -- signals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRow:
    label: str
    count: str
    count_hidden: bool
    #: A de-identified example sentence: team roles only, never on the public page.
    example: str = ""


@dataclass
class SignalsSection:
    period: str
    period_label: str
    periods: list[tuple[str, str]]
    conversations: str
    conversations_hidden: bool
    previous: str
    previous_hidden: bool
    figures: list[Figure]
    themes: list[ThemeRow]
    show_examples: bool


def signal_periods(user: Any) -> list[str]:
    """The kinds of period a user may choose. Roles that see suppressed counts get the year
    only: with months and quarters beside it, a hidden month could be derived from the
    year minus the other months."""
    if for_case_role(user):
        return [PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH]
    return [PeriodKind.YEAR]


def _category_figure(
    user: Any,
    *,
    id: str,
    title: str,
    caption: str,
    values: Mapping[str, int],
    categories: Sequence[tuple[str, Any]],
    total: int | None,
    total_label: str,
    rest_label: str = "",
) -> Figure:
    """A figure of every category (a category without a row counts 0: leaving it out
    would tell that it is 0). With ``total``, the cells must add up to it: a remainder
    row (``rest_label``) takes what the categories do not cover."""
    cells = [(str(label), int(values.get(code, 0))) for code, label in categories]
    if total is not None:
        rest = total - sum(n for _label, n in cells)
        if rest > 0 and rest_label:
            cells.append((rest_label, rest))
        elif rest != 0:
            total = None
    return figure_for(
        user,
        id=id,
        title=title,
        caption=caption,
        cells=cells,
        total=total,
        total_label=total_label,
    )


def signals_section(
    *,
    user: Any,
    neighbourhood: Any,
    period: str = PeriodKind.YEAR,
    today: Any = None,
    public: bool = False,
) -> SignalsSection | None:
    """The signals of the neighbourhood for ``user`` in the current period (``None``: the
    role sees no signals). Exact counts and example sentences for team roles; for everyone
    else suppressed counts and theme terms only. ``public``: the public page, for an
    anonymous visitor (suppressed, the year only, terms only). A fixed number of queries."""
    if not public and not signal_selectors.may_view_signals(user=user):
        return None
    periods = signal_periods(user)
    if period not in periods:
        period = periods[0]
    day = today or timezone.localdate()
    start = signal_selectors.period_start(day, period)
    if public:
        found = signal_selectors.public_area_signals(
            area_kind=SignalAreaKind.NEIGHBOURHOOD,
            area_id=neighbourhood.pk,
            period=period,
            start=start,
        )
    else:
        found = signal_selectors.area_signals(
            user=user,
            area_kind=SignalAreaKind.NEIGHBOURHOOD,
            area_id=neighbourhood.pk,
            period=period,
            start=start,
        )
    values = {measure: row.value for measure, row in found.rows.items()}
    conversations = found.value(CONVERSATIONS)
    previous = found.previous(CONVERSATIONS)
    now = count_for(user, conversations)
    before = count_for(user, previous or 0)
    labels = dict(PeriodKind.choices)
    figures = [
        _category_figure(
            user,
            id="signals-outcomes",
            title=str(_("Where questions were answered")),
            caption=str(_("Conversations by outcome")),
            values={m: v for m, v in _prefixed(values, OUTCOME).items()},
            categories=Outcome.choices,
            total=conversations,
            total_label=str(_("All conversations")),
            rest_label=str(_("Outcome not recorded")),
        ),
        _category_figure(
            user,
            id="signals-domains",
            title=str(_("Life domains")),
            caption=str(
                _("Conversations per life domain (a conversation can touch several domains)")
            ),
            values=_prefixed(values, DOMAIN),
            categories=LifeDomain.choices,
            total=None,
            total_label="",
        ),
        _category_figure(
            user,
            id="signals-zrm",
            title=str(_("Self-sufficiency (ZRM) at level 1 or 2")),
            caption=str(
                _(
                    "Conversations whose latest ZRM assessment has this domain at level 1 "
                    "(acute) or 2 (not self-sufficient)"
                )
            ),
            values=_prefixed(values, ZRM),
            categories=_reference("zrm", signal_selectors.zrm_domains),
            total=None,
            total_label="",
        ),
        _category_figure(
            user,
            id="signals-ladder",
            title=str(_("Participation ladder")),
            caption=str(_("Conversations by rung of the participation ladder")),
            values=_prefixed(values, LADDER),
            categories=[
                (str(v), f"{v}. {name}")
                for v, name in _reference("ladder", signal_selectors.ladder_rungs)
            ],
            total=found.value(ASSESSED_LADDER),
            total_label=str(_("With a participation ladder score")),
        ),
        figure_for(
            user,
            id="signals-collective",
            title=str(_("For the collective")),
            caption=str(_("Conversations with an opportunity for the collective or an idea")),
            cells=[
                (str(_("Opportunity for the collective")), found.value(OPPORTUNITIES)),
                (str(_("Resident's idea or ambition")), found.value(IDEAS)),
            ],
        ),
    ]
    examples = for_case_role(user)
    themes = []
    for theme in found.themes:
        text, hidden = _cell_text(count_for(user, theme.count))
        if hidden:
            # A rare term of a few conversations could point to someone: roles that see
            # suppressed counts get only the themes of many conversations.
            continue
        themes.append(
            ThemeRow(
                label=theme.label,
                count=text,
                count_hidden=hidden,
                example=theme.example if examples else "",
            )
        )
    if now.is_hidden:
        # Fewer conversations than the threshold: every figure would read "<10". One
        # sentence says so instead of a page of hidden cells.
        figures, themes = [], []
    return SignalsSection(
        period=period,
        period_label=signal_selectors.period_label(start, period),
        periods=[(p, str(labels[p])) for p in periods],
        conversations=now.display,
        conversations_hidden=bool(now.is_hidden),
        previous=before.display if previous is not None else "",
        previous_hidden=bool(before.is_hidden) if previous is not None else False,
        figures=figures,
        themes=themes,
        show_examples=examples,
    )


#: Reference data (the ZRM's domains, the ladder's rungs) changes with a new instrument
#: version, not per request: kept per process for this many seconds.
REFERENCE_SECONDS = 300.0
_reference_cache: dict[str, tuple[float, Any]] = {}


def _reference(name: str, load: Callable[[], Any]) -> Any:
    now = time.monotonic()
    hit = _reference_cache.get(name)
    if hit is not None and now - hit[0] < REFERENCE_SECONDS:
        return hit[1]
    value = load()
    _reference_cache[name] = (now, value)
    return value


def _prefixed(values: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {m[len(prefix) :]: v for m, v in values.items() if m.startswith(prefix)}
