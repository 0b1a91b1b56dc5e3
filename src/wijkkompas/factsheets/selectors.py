"""Reads of the factsheets: a factsheet per municipality and per team, built from live data.

Who sees which factsheet (the permission layer decides, nothing is filtered by hand):

* the municipality's factsheet: the policy officer and the functional administrator of
  the municipality, researchers when the municipality shares its aggregates with the
  knowledge circle (``Municipality.shares_aggregates``); team roles never (it covers the
  other teams);
* a team's factsheet: as above, plus the team roles (professional, coordinator, team
  lead) of that team (``teams.selectors.team_get``).

Aggregates only, never a resident, a case or a person's name. What counts people:

* counts of teams, organisations, districts and neighbourhoods are not about people and
  are shown exactly;
* counts of team members (per ring, craft, discipline and team) go through
  ``signals.suppression.table_for``: exact for team roles (they know their colleagues),
  suppressed (below the threshold hidden, the rest rounded) for the policy officer, the
  administrator and researchers, because a small count of one discipline in one team can
  point at one professional. The tables that share a total (they all partition the same
  members) show it only when every one of them may: see :func:`_one_total`;
* hours per week are never shown (one member's hours are that person's contract);
* the self-assessment is shown to whoever may see it in the self-assessment app
  (``selfassessments.selectors``): the policy officer, the team lead of the team,
  researchers for sharing municipalities;
* the key indicators come from ``indicators.selectors.indicator_results`` (exact for team
  roles, suppressed otherwise): the same numbers as every other page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import may_use, restrict
from wijkkompas.accounts.constants import Action
from wijkkompas.areas import selectors as areas_selectors
from wijkkompas.organisations.constants import Craft
from wijkkompas.selfassessments import selectors as assessment_selectors
from wijkkompas.selfassessments.constants import AssessmentStatus
from wijkkompas.signals.suppression import SuppressedTable, table_for
from wijkkompas.teams import selectors as team_selectors
from wijkkompas.teams.constants import RING_ORDER, Positioning, TargetGroup, TeamType

from .models import FactsheetRun, MunicipalityFactsheet

MUNICIPALITY = "municipality"
TEAM = "team"

Progress = Callable[[str], None]


# -- Who sees which factsheet --------------------------------------------------------------


def may_view_municipality_factsheets(*, user: Any) -> bool:
    """Whether the role uses municipality factsheets at all (not team roles)."""
    return may_use(user, MunicipalityFactsheet, Action.VIEW)


def may_view_factsheets(*, user: Any) -> bool:
    """Whether the role uses factsheets at all (a municipality's or a team's)."""
    return may_use(user, FactsheetRun, Action.VIEW)


def municipality_get(*, user: Any, pk: Any, request: Any = None) -> Any:
    """The municipality of a factsheet, in the user's scope, or 404 (refusal logged).

    Call only for roles that use municipality factsheets (the view's role check): a
    team role sees its municipality's areas, but not its factsheet."""
    return areas_selectors.municipality_get(user=user, pk=int(pk), request=request)


def team_get(*, user: Any, pk: Any, request: Any = None) -> Any:
    """The team of a factsheet, in the user's scope, or 404 (refusal logged)."""
    return team_selectors.team_get(user=user, pk=int(pk), request=request)


@dataclass(frozen=True)
class Link:
    pk: int
    name: str
    url: str


@dataclass(frozen=True)
class MunicipalityLinks:
    """A municipality whose factsheet the user may open (``url`` empty when only its
    teams' factsheets are open to the user) and the teams whose factsheets they may open."""

    pk: int
    name: str
    shares: bool
    url: str
    teams: list[Link] = field(default_factory=list)

    @property
    def pdf_url(self) -> str:
        return f"{self.url}pdf/" if self.url else ""


def factsheet_municipalities(*, user: Any) -> list[MunicipalityLinks]:
    """The municipalities and teams whose factsheets ``user`` may open, by name (two
    queries): the policy officer and administrator their own municipality and its teams,
    team roles their own teams, researchers every municipality that shares its aggregates
    (and its teams)."""
    if not may_view_factsheets(user=user):
        return []
    teams: dict[int, list[Link]] = defaultdict(list)
    names: dict[int, tuple[str, bool]] = {}
    rows = (
        team_selectors.team_list(user=user)
        .prefetch_related(None)
        .values("pk", "name", "municipality_id", "municipality__name")
        .order_by("name", "pk")
    )
    for row in rows:
        teams[row["municipality_id"]].append(
            Link(row["pk"], row["name"], reverse("factsheets:team", args=[row["pk"]]))
        )
        names[row["municipality_id"]] = (row["municipality__name"], False)
    whole = set()
    if may_view_municipality_factsheets(user=user):
        for municipality in areas_selectors.municipality_list(user=user).values(
            "pk", "name", "shares_aggregates"
        ):
            names[municipality["pk"]] = (municipality["name"], municipality["shares_aggregates"])
            whole.add(municipality["pk"])
    result = [
        MunicipalityLinks(
            pk=pk,
            name=name,
            shares=shares,
            url=reverse("factsheets:municipality", args=[pk]) if pk in whole else "",
            teams=teams.get(pk, []),
        )
        for pk, (name, shares) in names.items()
    ]
    return sorted(result, key=lambda m: (m.name, m.pk))


def shared_factsheet_municipalities(*, user: Any) -> list[MunicipalityLinks]:
    """For the knowledge circle: the municipalities that share their aggregates whose
    factsheet ``user`` may open, with their teams and the URLs of the pages (the PDF is
    made from there). Empty for a role that sees no factsheets."""
    return [m for m in factsheet_municipalities(user=user) if m.shares and m.url]


# -- The factsheet -------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One table of the factsheet: a caption, the column headers (the first one heads the
    row labels), rows of (label, cells) and whether a column holds numbers.

    A cell is an ``int`` (an exact count that is not about people), a ``str``, or a
    ``signals.suppression`` cell (``.display``) for counts of people."""

    key: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[Any]]]
    numeric: list[bool]
    total: list[Any] | None = None
    note: str = ""

    @property
    def header(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, [False, *self.numeric], strict=True))

    @property
    def body(self) -> list[tuple[str, list[tuple[Any, bool]]]]:
        return [(label, list(zip(cells, self.numeric, strict=True))) for label, cells in self.rows]

    @property
    def footer(self) -> list[tuple[Any, bool]] | None:
        if self.total is None:
            return None
        return list(zip(self.total, self.numeric, strict=True))


@dataclass(frozen=True)
class Assessment:
    """The latest submitted self-assessment of the municipality or team."""

    round_name: str
    submitted_at: dt.datetime | None
    rows: list[Any]  # selfassessments.selectors.AnswerRow


@dataclass(frozen=True)
class LensGroup:
    lens: str
    label: str
    results: list[Any]  # indicators.selectors.IndicatorResult


@dataclass
class Factsheet:
    """Everything a factsheet shows, as the viewer may see it (the page, the PDF and the
    exports are made from this one object)."""

    kind: str
    municipality: Any
    team: Any | None
    year: int
    generated_at: dt.datetime
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    perspectives: list[tuple[str, str]] = field(default_factory=list)
    assessment: Assessment | None = None
    assessment_visible: bool = False
    indicators: list[LensGroup] = field(default_factory=list)
    suppressed: bool = False
    explanation: str = ""

    @property
    def title(self) -> str:
        if self.team is not None:
            return f"{self.team.name} ({self.municipality.name})"
        return str(self.municipality.name)

    @property
    def slug(self) -> str:
        parts = ["factsheet", self.municipality.name]
        if self.team is not None:
            parts.append(self.team.name)
        parts.append(str(self.year))
        return "-".join(parts)

    @property
    def indicator_codes(self) -> list[str]:
        return [r.definition.code for group in self.indicators for r in group.results]

    def table(self, key: str) -> Table | None:
        return self.tables.get(key)


def _labels(choices: Any) -> dict[str, str]:
    return {key: str(label) for key, label in choices}


def _one_total(tables: list[SuppressedTable[Any]]) -> list[SuppressedTable[Any]]:
    """Tables that partition the same count show its total only when each of them may:
    a total one table hides (so that its small cells cannot be worked out) must not be
    given away by another."""
    hidden = next((t.total for t in tables if t.total is not None and t.total.is_hidden), None)
    if hidden is None:
        return tables
    return [SuppressedTable(cells=t.cells, total=hidden, rules=t.rules) for t in tables]


def _people(user: Any, groups: list[Mapping[Any, int]]) -> list[SuppressedTable[Any]]:
    """Counts of members, each mapping a partition of the same members, as ``user`` may
    see them (exact for team roles, suppressed for the others) with one consistent total."""
    total = sum(groups[0].values()) if groups else 0
    return _one_total([table_for(user, dict(cells), total=total) for cells in groups])


def _areas_of(team: Any) -> tuple[list[str], list[str]]:
    districts = sorted(team.districts.all(), key=lambda d: d.code)
    neighbourhoods = sorted(team.neighbourhoods.all(), key=lambda n: n.code)
    return [d.name for d in districts], [n.name for n in neighbourhoods]


def _composition_tables(
    user: Any,
    compositions: Mapping[int, Any],
    team_names: Mapping[int, str],
    *,
    per_team: bool,
    partners: Mapping[str, int] | None = None,
) -> tuple[dict[str, Table], bool, str]:
    """The tables of rings, crafts, disciplines (and, for a municipality, teams)."""
    ring_labels = {ring.value: str(ring.label) for ring in RING_ORDER}
    craft_labels = _labels(Craft.choices)
    ring_members: Counter[str] = Counter()
    ring_organisations: dict[str, set[str]] = defaultdict(set)
    craft_members: Counter[str] = Counter()
    discipline_members: Counter[str] = Counter()
    discipline_teams: Counter[str] = Counter()
    discipline_names: dict[str, tuple[str, str]] = {}
    team_members: dict[int, int] = {}
    for team_id, composition in compositions.items():
        team_members[team_id] = composition.members
        for row in composition.by_ring:
            ring_members[row.key] += row.members
        for ring, organisations in composition.organisations_by_ring.items():
            ring_organisations[ring].update(org.key for org in organisations)
        for row in composition.by_craft:
            craft_members[row.key] += row.members
        for row in composition.by_discipline:
            discipline_members[row.key] += row.members
            discipline_teams[row.key] += 1
            discipline_names.setdefault(row.key, (row.label, row.craft))
    rings = [ring.value for ring in RING_ORDER]
    crafts = [key for key, _label in Craft.choices]
    disciplines = list(discipline_names)  # in the teams selector's order (reference data)
    groups: list[Mapping[Any, int]] = [
        {ring: ring_members[ring] for ring in rings},
        {craft: craft_members[craft] for craft in crafts},
        {key: discipline_members[key] for key in disciplines},
    ]
    if per_team:
        groups.append({pk: team_members.get(pk, 0) for pk in team_names})
    shown = _people(user, groups)
    ring_table, craft_table, discipline_table = shown[:3]
    members = _("Members")
    tables: dict[str, Table] = {}
    ring_columns = [_("Ring"), _("Organisations"), members]
    if partners is not None:
        ring_columns.append(_("Network partners"))
    tables["rings"] = Table(
        key="rings",
        caption=_("Ring sizes: organisations and members per ring"),
        columns=ring_columns,
        rows=[
            (
                ring_labels[ring],
                [len(ring_organisations[ring]), ring_table.cells[ring]]
                + ([partners.get(ring, 0)] if partners is not None else []),
            )
            for ring in rings
        ],
        numeric=[True] * (len(ring_columns) - 1),
        total=[len(set().union(*ring_organisations.values())), ring_table.total]
        + ([sum(partners.values())] if partners is not None else []),
    )
    tables["crafts"] = Table(
        key="crafts",
        caption=_("Composition by craft (hulp, zorg, welzijn)"),
        columns=[_("Craft"), members],
        rows=[(craft_labels[craft], [craft_table.cells[craft]]) for craft in crafts],
        numeric=[True],
        total=[craft_table.total],
    )
    discipline_columns = [_("Discipline"), _("Craft")]
    if per_team:
        discipline_columns.append(_("Teams it sits in"))
    discipline_columns.append(members)
    tables["disciplines"] = Table(
        key="disciplines",
        caption=_("Composition by discipline"),
        columns=discipline_columns,
        rows=[
            (
                discipline_names[key][0],
                [craft_labels.get(discipline_names[key][1], "")]
                + ([discipline_teams[key]] if per_team else [])
                + [discipline_table.cells[key]],
            )
            for key in disciplines
        ],
        numeric=[False] + ([True] if per_team else []) + [True],
        total=[""] + ([len(team_names)] if per_team else []) + [discipline_table.total],
    )
    suppressed = any(table.suppressed for table in shown)
    explanation = next((table.explanation for table in shown if table.suppressed), "")
    if per_team:
        tables["_team_members"] = Table(
            key="_team_members",
            caption="",
            columns=[],
            rows=[(str(pk), [shown[3].cells[pk]]) for pk in team_names],
            numeric=[True],
            total=[shown[3].total],
        )
    return tables, suppressed, explanation


def _latest_assessment(
    user: Any, *, municipality_id: int, team_id: int | None
) -> tuple[Assessment | None, bool]:
    """The latest submitted self-assessment the user may see, and whether the user may
    see self-assessments of this municipality or team at all."""
    if not assessment_selectors.may_view(user=user):
        return None, False
    assessments = assessment_selectors.assessment_list(user=user).filter(
        municipality_id=municipality_id, status=AssessmentStatus.SUBMITTED
    )
    if team_id is None:
        assessments = assessments.filter(team__isnull=True)
    else:
        assessments = assessments.filter(team_id=team_id)
    latest = assessments.order_by("-round__order", "-round__held_on", "-pk").first()
    if latest is None:
        return None, True
    return (
        Assessment(
            round_name=latest.round.name,
            submitted_at=latest.submitted_at,
            rows=assessment_selectors.answer_rows(assessment=latest),
        ),
        True,
    )


def _indicators(user: Any, *, municipality_id: int, team_id: int | None, year: int) -> Any:
    """The key indicators of the year, as ``user`` may see them, grouped by lens."""
    from wijkkompas.indicators.catalogue import Period, Scope
    from wijkkompas.indicators.constants import Lens
    from wijkkompas.indicators.selectors import indicator_results

    results = indicator_results(
        user=user,
        scope=Scope(municipality_id, team_id=team_id),
        period=Period("year", dt.date(year, 1, 1)),
        key_only=True,
        current=True,
    )
    groups = []
    for lens, label in Lens.choices:
        found = [r for r in results if r.definition.lens == lens]
        if found:
            groups.append(LensGroup(lens=lens, label=str(label), results=found))
    return groups


def _noop(_step: str) -> None:
    return None


def municipality_factsheet(
    *, user: Any, municipality: Any, year: int, progress: Progress = _noop
) -> Factsheet:
    """The factsheet of a municipality (the caller has checked access with
    :func:`municipality_get`). A fixed number of queries whatever the number of teams."""
    progress("collecting")
    teams = list(
        team_selectors.team_list(user=user)
        .filter(municipality_id=municipality.pk)
        .order_by("name", "pk")
    )
    names = {team.pk: team.name for team in teams}
    compositions = team_selectors.team_compositions(list(names), with_organisations=True)
    tables, suppressed, explanation = _composition_tables(user, compositions, names, per_team=True)
    team_members = tables.pop("_team_members")
    members_by_team = {int(label): cells[0] for label, cells in team_members.rows}
    types, positionings, targets = (
        _labels(TeamType.choices),
        _labels(Positioning.choices),
        _labels(TargetGroup.choices),
    )
    team_rows = []
    districts_served: set[str] = set()
    neighbourhoods_served: set[str] = set()
    for team in teams:
        districts, neighbourhoods = _areas_of(team)
        districts_served.update(districts)
        neighbourhoods_served.update(neighbourhoods)
        organisations = {
            org.key for orgs in compositions[team.pk].organisations_by_ring.values() for org in orgs
        }
        team_rows.append(
            (
                team.name,
                [
                    types.get(team.team_type, ""),
                    positionings.get(team.positioning, ""),
                    targets.get(team.target_group, ""),
                    "; ".join(
                        part for part in (", ".join(districts), ", ".join(neighbourhoods)) if part
                    )
                    or "—",
                    len(organisations),
                    members_by_team[team.pk],
                ],
            )
        )
    tables = {
        "teams": Table(
            key="teams",
            caption=_("Teams and the areas they cover"),
            columns=[
                _("Team"),
                _("Type"),
                _("Positioning"),
                _("Target group"),
                _("Districts; neighbourhoods"),
                _("Organisations"),
                _("Members"),
            ],
            rows=team_rows,
            numeric=[False, False, False, False, True, True],
            total=["", "", "", "", "", team_members.total[0] if team_members.total else ""],
        ),
        "types": _count_table(
            "types",
            _("Team types"),
            _("Type"),
            types,
            Counter(team.team_type for team in teams),
        ),
        "positioning": _count_table(
            "positioning",
            _("Positioning (0th to 2nd line)"),
            _("Positioning"),
            positionings,
            Counter(team.positioning for team in teams),
        ),
        "target_groups": _count_table(
            "target_groups",
            _("Target groups"),
            _("Target group"),
            targets,
            Counter(team.target_group for team in teams),
        ),
        **tables,
    }
    district_rows = list(areas_selectors.district_list(user=user, municipality=municipality))
    neighbourhood_total = sum(len(d.neighbourhoods.all()) for d in district_rows)
    facts = [
        (_("Teams"), str(len(teams))),
        (
            _("Districts covered"),
            _("%(covered)s of %(total)s")
            % {"covered": len(districts_served), "total": len(district_rows)},
        ),
        (
            _("Neighbourhoods covered"),
            _("%(covered)s of %(total)s")
            % {"covered": len(neighbourhoods_served), "total": neighbourhood_total},
        ),
        (
            _("Shares with the knowledge circle"),
            _("yes") if municipality.shares_aggregates else _("no"),
        ),
    ]
    assessment, visible = _latest_assessment(user, municipality_id=municipality.pk, team_id=None)
    progress("indicators")
    indicators = _indicators(user, municipality_id=municipality.pk, team_id=None, year=year)
    return Factsheet(
        kind=MUNICIPALITY,
        municipality=municipality,
        team=None,
        year=year,
        generated_at=timezone.now(),
        facts=facts,
        tables=tables,
        perspectives=[(team.name, team.perspective) for team in teams if team.perspective.strip()],
        assessment=assessment,
        assessment_visible=visible,
        indicators=indicators,
        suppressed=suppressed,
        explanation=explanation,
    )


def _count_table(
    key: str, caption: str, head: str, labels: Mapping[str, str], counts: Mapping[str, int]
) -> Table:
    """Teams per category (not about people: exact)."""
    return Table(
        key=key,
        caption=caption,
        columns=[head, _("Teams")],
        rows=[(label, [counts.get(value, 0)]) for value, label in labels.items()],
        numeric=[True],
        total=[sum(counts.values())],
    )


def team_factsheet(*, user: Any, team: Any, year: int, progress: Progress = _noop) -> Factsheet:
    """The factsheet of one team (the caller has checked access with :func:`team_get`).
    A fixed number of queries whatever the size of the team."""
    progress("collecting")
    compositions = team_selectors.team_compositions([team.pk], with_organisations=True)
    partners: Counter[str] = Counter(
        team_selectors.partner_list(user=user, team=team).values_list("ring", flat=True)
    )
    tables, suppressed, explanation = _composition_tables(
        user, compositions, {team.pk: team.name}, per_team=False, partners=partners
    )
    districts, neighbourhoods = _areas_of(team)
    target = str(TargetGroup(team.target_group).label) if team.target_group else ""
    if team.target_group_description:
        target = f"{target}: {team.target_group_description}"
    facts = [
        (_("Municipality"), str(team.municipality.name)),
        (_("Type"), _labels(TeamType.choices).get(team.team_type, "")),
        (_("Positioning"), _labels(Positioning.choices).get(team.positioning, "")),
        (_("Target group"), target),
        (_("Districts"), ", ".join(districts) or "—"),
        (_("Neighbourhoods"), ", ".join(neighbourhoods) or "—"),
    ]
    if team.started_on:
        facts.append((_("Started on"), team.started_on.strftime("%d-%m-%Y")))
    assessment, visible = _latest_assessment(
        user, municipality_id=team.municipality_id, team_id=team.pk
    )
    progress("indicators")
    indicators = _indicators(user, municipality_id=team.municipality_id, team_id=team.pk, year=year)
    return Factsheet(
        kind=TEAM,
        municipality=team.municipality,
        team=team,
        year=year,
        generated_at=timezone.now(),
        facts=facts,
        tables=tables,
        perspectives=[(team.name, team.perspective)] if team.perspective.strip() else [],
        assessment=assessment,
        assessment_visible=visible,
        indicators=indicators,
        suppressed=suppressed,
        explanation=explanation,
    )


# -- Exports ------------------------------------------------------------------------------


def _value(cell: Any) -> Any:
    """A cell as written to a file: the number shown, or the text shown for a hidden one."""
    if isinstance(cell, int | float | str) or cell is None:
        return "" if cell is None else cell
    if getattr(cell, "is_hidden", False):
        return cell.display
    value = getattr(cell, "value", None)
    return value if value is not None else getattr(cell, "display", str(cell))


def export_rows(factsheet: Factsheet) -> tuple[list[str], list[list[Any]]]:
    """Every figure of the factsheet as one long table: section, row, column, value (the
    form a CSV holds; the Excel file adds the indicator definitions in a second sheet)."""
    header = [_("Section"), _("Row"), _("Column"), _("Value")]
    rows: list[list[Any]] = []
    for label, value in factsheet.facts:
        rows.append([_("Facts"), label, "", value])
    for table in factsheet.tables.values():
        for label, cells in table.rows:
            for column, cell in zip(table.columns[1:], cells, strict=True):
                rows.append([table.caption, label, column, _value(cell)])
        if table.total is not None:
            for column, cell in zip(table.columns[1:], table.total, strict=True):
                if cell not in ("", None):
                    rows.append([table.caption, _("Total"), column, _value(cell)])
    for name, text in factsheet.perspectives:
        rows.append([_("Shared perspective"), name, "", text])
    if factsheet.assessment is not None:
        section = _("Self-assessment") + f" ({factsheet.assessment.round_name})"
        for answer in factsheet.assessment.rows:
            label = f"{answer.question.order}. {answer.question.text}"
            rows.append([section, label, _("As it is"), _value(answer.reality)])
            rows.append([section, label, _("As we want it"), _value(answer.wish)])
            rows.append([section, label, _("Gap"), _value(answer.gap)])
    _header, indicator_rows = indicator_sheet(factsheet)
    for lens, _code, name, label, column, value in indicator_rows:
        rows.append([f"{lens}: {name}", label, column, value])
    return header, rows


def indicator_sheet(factsheet: Factsheet) -> tuple[list[Any], list[list[Any]]]:
    """The key indicators as the indicator dashboards export them (one row per figure)."""
    from wijkkompas.indicators.selectors import export_rows as indicator_export_rows

    return indicator_export_rows(r for group in factsheet.indicators for r in group.results)


# -- PDF runs -----------------------------------------------------------------------------


def _runs(user: Any) -> QuerySet[FactsheetRun]:
    """The user's own runs that are still in their scope."""
    return restrict(FactsheetRun.objects.all(), user, Action.VIEW).filter(requested_by_id=user.pk)


def latest_run(*, user: Any, municipality_id: int, team_id: int | None) -> FactsheetRun | None:
    """The user's latest PDF run of this factsheet, or None."""
    runs = _runs(user).filter(municipality_id=municipality_id)
    runs = runs.filter(team__isnull=True) if team_id is None else runs.filter(team_id=team_id)
    return runs.order_by("-created_at", "-pk").first()


def run_list(*, user: Any, limit: int = 20) -> list[FactsheetRun]:
    """The user's latest PDF runs, newest first."""
    return list(
        _runs(user).select_related("municipality", "team").order_by("-created_at", "-pk")[:limit]
    )
