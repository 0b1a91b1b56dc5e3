"""The indicators: one function each, registered in the catalogue with its definition.

Every function takes a :class:`~.catalogue.Scope` and a :class:`~.catalogue.Period` and
returns exact :class:`~.catalogue.Figures`; suppression for roles that may not see cases is
applied afterwards, in ``indicators.selectors``. Each function reads the models of lower
apps read-only and aggregates in SQL: a fixed number of queries, whatever the amount of
data (the query-count tests prove it).

Area attribution: a conversation, assessment or referral belongs to the neighbourhood of
the resident's household (as in the neighbourhood signals); to a team's scope when the
team holds the case. Ideas belong to their neighbourhood and the team that handles them,
initiatives to the team that coaches them and the neighbourhoods they serve, places to
their neighbourhood.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, router
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    RowRange,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, FirstValue, LastValue, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wijkkompas.conversations.constants import FindingPlace
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.initiatives.constants import (
    OUTCOME_ANSWER,
    AnswerKind,
    Stage,
    TransformationLevel,
)
from wijkkompas.instruments.constants import PARTICIPATIELADDER, ZRM
from wijkkompas.places.constants import PlaceKind
from wijkkompas.socialmap.constants import WmoStep

from .catalogue import Figures, Period, Scope, indicator
from .constants import Lens, Unit

#: Row label of cases, ideas or places without a neighbourhood.
UNKNOWN_AREA = _("Area unknown")

#: The average yearly cost of one individual provision (Wmo) in euros, for the estimate of
#: avoided costs (setting ``WIJKKOMPAS_AVERAGE_PROVISION_COST``).
DEFAULT_AVERAGE_PROVISION_COST = 3000

#: Stages in which an initiative is active (residents can take part).
ACTIVE_STAGES = (Stage.TRIAL, Stage.RUNNING, Stage.EMBEDDED)


def average_provision_cost() -> int:
    return int(
        getattr(settings, "WIJKKOMPAS_AVERAGE_PROVISION_COST", DEFAULT_AVERAGE_PROVISION_COST)
    )


def _model(label: str) -> Any:
    return apps.get_model(label)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- scopes --------------------------------------------------------------------------------


def _case_scope(
    queryset: QuerySet[Any], scope: Scope, *, tenant: str, team: str, neighbourhood: str
) -> QuerySet[Any]:
    """``queryset`` limited to ``scope``: the tenant, the team that holds the case, the
    district or the neighbourhood (lookups given per model)."""
    queryset = queryset.filter(**{tenant: scope.municipality_id})
    if scope.team_id:
        queryset = queryset.filter(**{team: scope.team_id})
    if scope.district_id:
        queryset = queryset.filter(**{f"{neighbourhood}__district_id": scope.district_id})
    if scope.neighbourhood_id:
        queryset = queryset.filter(**{neighbourhood: scope.neighbourhood_id})
    return queryset


def _area_level(scope: Scope) -> tuple[str, str]:
    """The breakdown of an area table: by district for a whole municipality, by
    neighbourhood for a team or a district; (lookup suffix of the id, of the name)."""
    if scope.team_id or scope.district_id or scope.neighbourhood_id:
        return "", "__name"
    return "__district_id", "__district__name"


def _by_area(
    queryset: QuerySet[Any], scope: Scope, neighbourhood: str, **aggregates: Any
) -> list[tuple[Any, dict[str, Any]]]:
    """``aggregates`` per area (district or neighbourhood, see :func:`_area_level`) in one
    query: ``[(area name, {name: value})]`` by name, the unknown area last."""
    id_suffix, name_suffix = _area_level(scope)
    rows = (
        queryset.order_by()
        .values(area=F(f"{neighbourhood}{id_suffix}"), area_name=F(f"{neighbourhood}{name_suffix}"))
        .annotate(**aggregates)
    )
    found = sorted(
        rows, key=lambda r: (r["area"] is None, str(r["area_name"] or ""), r["area"] or 0)
    )
    return [(row["area_name"] or UNKNOWN_AREA, row) for row in found]


def _in_period(queryset: QuerySet[Any], field: str, period: Period) -> QuerySet[Any]:
    return queryset.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _conversations(scope: Scope, period: Period) -> QuerySet[Any]:
    conversations = _case_scope(
        _model("conversations.Conversation").objects.all(),
        scope,
        tenant="municipality_id",
        team="team_id",
        neighbourhood="household__neighbourhood",
    )
    return _in_period(conversations, "held_on", period)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- process: conversations ---------------------------------------------------------------


@indicator(
    code="conversations",
    name=_("Conversations per area"),
    definition=_(
        "The number of kitchen-table conversations (and other support conversations) the "
        "teams held with residents in the period, by the district or neighbourhood where the "
        "resident's household lives."
    ),
    formula=_("count(conversations with date in the period), per area"),
    source_fields=("conversations.Conversation.held_on", "residents.Household.neighbourhood"),
    unit=Unit.CONVERSATIONS,
    lens=Lens.PROCESS,
    key=True,
)
def conversations(scope: Scope, period: Period) -> Figures:
    rows = _by_area(_conversations(scope, period), scope, "household__neighbourhood", n=Count("pk"))
    values = tuple((label, (row["n"],)) for label, row in rows)
    total = sum(row["n"] for _label, row in rows)
    return Figures(
        headline=total,
        columns=(_("Area"), _("Conversations")),
        rows=values,
        counts=(True,),
        total=(total,),
        headline_column=0,
    )


# --- effects: substitution ----------------------------------------------------------------

ANSWER_LABELS: dict[str, Any] = {
    AnswerKind.COLLECTIVE: _("Own network or collective provision"),
    AnswerKind.GENERAL: _("General service"),
    AnswerKind.INDIVIDUAL: _("Individual provision (Wmo or second line)"),
}


def _with_social_map() -> Exists:
    """Whether a conversation was answered (also) with an entry of the social map."""
    uses = _model("socialmap.EntryUse").objects.filter(conversation_id=OuterRef("pk"))
    return Exists(uses)


@indicator(
    code="substitution",
    name=_("Questions solved in own network or collectively"),
    definition=_(
        "Of the support questions of conversations in the period, the share answered in the "
        "resident's own network or by a collective provision, against a general service and "
        "an individual provision (Wmo provision or referral to the second line): the "
        "substitution of individual by collective support. The last column counts the "
        "conversations of each row in which the professional used an entry of the social "
        "map (sociale kaart)."
    ),
    formula=_("100 × count(outcome = own network or collective provision) / count(conversations)"),
    source_fields=(
        "conversations.Conversation.outcome",
        "conversations.Conversation.held_on",
        "socialmap.EntryUse.conversation",
    ),
    unit=Unit.PERCENT,
    lens=Lens.EFFECTS,
    key=True,
)
def substitution(scope: Scope, period: Period) -> Figures:
    counts = dict.fromkeys(AnswerKind.values, 0)
    mapped = dict.fromkeys(AnswerKind.values, 0)
    rows_found = (
        _conversations(scope, period)
        .order_by()
        .values("outcome")
        .annotate(
            n=Count("pk"),
            mapped=Sum(
                Case(When(_with_social_map(), then=Value(1)), default=Value(0)),
                output_field=IntegerField(),
            ),
        )
    )
    for row in rows_found:
        kind = OUTCOME_ANSWER.get(row["outcome"])
        if kind is not None:
            counts[kind] += row["n"]
            mapped[kind] += row["mapped"] or 0
    total = sum(counts.values())
    rows = tuple(
        (ANSWER_LABELS[kind], (n, _share(n, total), mapped[kind])) for kind, n in counts.items()
    )
    return Figures(
        headline=_share(counts[AnswerKind.COLLECTIVE], total),
        columns=(
            _("Answered by"),
            _("Conversations"),
            _("Share (%)"),
            _("Of which with a social map entry"),
        ),
        rows=rows,
        counts=(True, False, True),
        bases=tuple((None, total, None) for _kind in counts),
        headline_is_count=False,
        headline_base=total,
        total=(total, 100.0 if total else None, sum(mapped.values())),
        total_bases=(None, total, None),
        units=(Unit.CONVERSATIONS, Unit.PERCENT, Unit.CONVERSATIONS),
    )


@indicator(
    code="social_map_use",
    name=_("Social map entries used, by step of the Wmo order"),
    definition=_(
        "Of the conversations in the period, how many were answered with an entry of the "
        "social map (sociale kaart), by the step of the Wmo order of the entry at the time: "
        "own strength, own network, general or collective provision, individual provision. "
        "A conversation with entries of two steps counts in both rows, once in the total."
    ),
    formula=_(
        "count(conversations with an entry used of the step) and "
        "100 × that count / count(conversations), per step"
    ),
    source_fields=(
        "socialmap.EntryUse.step",
        "socialmap.EntryUse.conversation",
        "conversations.Conversation.held_on",
    ),
    unit=Unit.PERCENT,
    lens=Lens.PROCESS,
)
def social_map_use(scope: Scope, period: Period) -> Figures:
    uses = _model("socialmap.EntryUse").objects.filter(conversation_id=OuterRef("pk"))

    def conversations_with(found: QuerySet[Any]) -> Sum:
        return Sum(
            Case(When(Exists(found), then=Value(1)), default=Value(0)),
            output_field=IntegerField(),
        )

    # One query: every conversation of the period once, with a flag per step.
    figures = (
        _conversations(scope, period)
        .order_by()
        .aggregate(
            total=Count("pk"),
            used=conversations_with(uses),
            **{step: conversations_with(uses.filter(step=step)) for step in WmoStep.values},
        )
    )
    total, used = figures["total"] or 0, figures["used"] or 0
    per_step = {step: figures[step] or 0 for step in WmoStep.values}
    rows = tuple(
        (label, (per_step[step], _share(per_step[step], total))) for step, label in WmoStep.choices
    )
    return Figures(
        headline=_share(used, total),
        columns=(_("Step in the Wmo order"), _("Conversations"), _("Share (%)")),
        rows=rows,
        counts=(True, False),
        bases=tuple((None, total) for _row in rows),
        headline_is_count=False,
        headline_base=total,
        total=(used, _share(used, total)),
        total_bases=(None, total),
        partition=False,
        units=(Unit.CONVERSATIONS, Unit.PERCENT),
    )


@indicator(
    code="finding_places",
    name=_("Conversations by finding place"),
    definition=_(
        "Where the conversations of the period took place or where the question was found "
        "(vindplek): at home, in a community centre, at school, at the general practice, "
        "in the street …"
    ),
    formula=_("count(conversations with date in the period), per finding place"),
    source_fields=("conversations.Conversation.place", "conversations.Conversation.held_on"),
    unit=Unit.CONVERSATIONS,
    lens=Lens.PROCESS,
)
def finding_places(scope: Scope, period: Period) -> Figures:
    found = {
        row["place"]: row["n"]
        for row in _conversations(scope, period).order_by().values("place").annotate(n=Count("pk"))
    }
    rows = tuple((label, (found.get(code, 0),)) for code, label in FindingPlace.choices)
    total = sum(found.values())
    return Figures(
        headline=total,
        columns=(_("Finding place"), _("Conversations")),
        rows=rows,
        counts=(True,),
        total=(sum(n for _label, (n,) in rows),),
        headline_column=0,
    )


# --- effects: self-sufficiency and participation -------------------------------------------


def _score_changes(instrument: str, scope: Scope, period: Period) -> tuple[list[Any], Any]:
    """First and latest score in the period per resident and domain of ``instrument``,
    aggregated per domain in SQL: ``[(code, name, residents, sum of changes, up, down)]``
    and the overall ``(residents, pairs, sum of changes)``. One query."""
    scores = _case_scope(
        _model("instruments.AssessmentScore").objects.filter(
            assessment__version__instrument__code=instrument,
            assessment__version__instrument__municipality__isnull=True,
        ),
        scope,
        tenant="assessment__resident__household__municipality_id",
        team="assessment__resident__household__team_id",
        neighbourhood="assessment__resident__household__neighbourhood",
    )
    scores = _in_period(scores, "assessment__assessed_on", period)
    partition = [F("assessment__resident_id"), F("domain__code")]
    forward = [F("assessment__assessed_on").asc(), F("assessment_id").asc()]
    # One window for all four: the same partition, order and whole-partition frame, so the
    # database sorts the scores once and computes them in one pass (a second ordering, or a
    # count without one, costs a sort of every score in the period each).
    whole = RowRange(start=None, end=None)

    def window(expression: Any) -> Window:
        return Window(expression, partition_by=partition, order_by=forward, frame=whole)

    inner = scores.order_by().values(
        resident=F("assessment__resident_id"),
        code=F("domain__code"),
        label=F("domain__name"),
        place=F("domain__position"),
        first_score=window(FirstValue("value")),
        last_score=window(LastValue("value")),
        nth=window(RowNumber()),
        scored=window(Count("pk")),
    )
    sql, params = inner.query.sql_with_params()
    alias = router.db_for_read(scores.model)
    qn = connections[alias].ops.quote_name
    first, last = qn("first_score"), qn("last_score")
    # One statement: the window pass over the scores, narrowed to one row per resident and
    # domain scored at least twice, is written once as a common table expression
    # (PostgreSQL materialises it once, as it is read twice), then aggregated per domain and
    # overall. Rows: ("d", code, label, place, n, delta, up, down) per domain and one
    # ("o", None, None, residents, pairs, delta, up, down).
    changes = f"{last} - {first}"
    up_sql = f"SUM(CASE WHEN {last} > {first} THEN 1 ELSE 0 END)"
    down_sql = f"SUM(CASE WHEN {last} < {first} THEN 1 ELSE 0 END)"
    statement = (
        f"WITH t AS (SELECT * FROM ({sql}) {qn('w')} "
        f"WHERE {qn('nth')} = 1 AND {qn('scored')} > 1) "
        f"SELECT 'd', {qn('code')}, {qn('label')}, MIN({qn('place')}), COUNT(*), "
        f"SUM({changes}), {up_sql}, {down_sql} "
        f"FROM t GROUP BY {qn('code')}, {qn('label')} "
        f"UNION ALL "
        f"SELECT 'o', NULL, NULL, COUNT(DISTINCT {qn('resident')}), COUNT(*), "
        f"SUM({changes}), {up_sql}, {down_sql} "
        f"FROM t"
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(statement, params)
        fetched = cursor.fetchall()
    per_domain = sorted(
        (row for row in fetched if row[0] == "d"), key=lambda row: (row[3] or 0, row[1])
    )
    domains = [
        (code, label, int(n), int(delta or 0), int(up or 0), int(down or 0))
        for _kind, code, label, _place, n, delta, up, down in per_domain
    ]
    overall = next((row for row in fetched if row[0] == "o"), ("o", None, None, 0, 0, 0, 0, 0))
    residents, pairs, delta, up, down = overall[3:]
    return domains, (
        int(residents or 0),
        int(pairs or 0),
        int(delta or 0),
        int(up or 0),
        int(down or 0),
    )


def _average(total: int, n: int) -> float | None:
    return round(total / n, 2) if n else None


@indicator(
    code="zrm_change",
    name=_("Change in self-sufficiency (ZRM) per domain"),
    definition=_(
        "For every resident assessed at least twice in the period with the "
        "Zelfredzaamheid-Matrix, the change between the first score (intake) and the latest "
        "score (review) on each domain: how many residents went up, stayed the same or went "
        "down, and the average change in levels. Residents assessed once are not counted."
    ),
    formula=_(
        "per domain: average over residents of (latest score − first score in the period); "
        "residents with at least two scores on the domain in the period"
    ),
    source_fields=(
        "instruments.Assessment.assessed_on",
        "instruments.AssessmentScore.value",
        "instruments.AssessmentScore.domain",
    ),
    unit=Unit.LEVELS,
    lens=Lens.EFFECTS,
    key=True,
)
def zrm_change(scope: Scope, period: Period) -> Figures:
    domains, (residents, pairs, delta, _up, _down) = _score_changes(ZRM, scope, period)
    rows = tuple(
        (label, (n, up, n - up - down, down, _average(change, n)))
        for _code, label, n, change, up, down in domains
    )
    return Figures(
        headline=_average(delta, pairs),
        columns=(
            _("Domain"),
            _("Residents"),
            _("Went up"),
            _("Stayed the same"),
            _("Went down"),
            _("Average change (levels)"),
        ),
        rows=rows,
        counts=(True, True, True, True, False),
        bases=tuple((None, None, None, None, n) for _code, _label, n, *_rest in domains),
        headline_is_count=False,
        headline_base=residents,
        headline_guards_table=False,
        units=(Unit.RESIDENTS, Unit.RESIDENTS, Unit.RESIDENTS, Unit.RESIDENTS, Unit.LEVELS),
    )


@indicator(
    code="ladder_movement",
    name=_("Movement on the participation ladder"),
    definition=_(
        "For every resident placed at least twice in the period on the participatieladder, "
        "whether the latest rung is higher than, the same as, or lower than the first rung "
        "of the period, and the average change in rungs."
    ),
    formula=_(
        "count(residents) with latest rung > / = / < first rung in the period; average of "
        "(latest rung − first rung)"
    ),
    source_fields=("instruments.Assessment.assessed_on", "instruments.AssessmentScore.value"),
    unit=Unit.RUNGS,
    lens=Lens.EFFECTS,
    key=True,
)
def ladder_movement(scope: Scope, period: Period) -> Figures:
    _domains, (residents, pairs, delta, up, down) = _score_changes(
        PARTICIPATIELADDER, scope, period
    )
    same = pairs - up - down
    rows = (
        (_("Moved up"), (up, _share(up, pairs))),
        (_("Stayed on the same rung"), (same, _share(same, pairs))),
        (_("Moved down"), (down, _share(down, pairs))),
    )
    return Figures(
        headline=_average(delta, pairs),
        columns=(_("Movement"), _("Residents"), _("Share (%)")),
        rows=rows,
        counts=(True, False),
        bases=tuple((None, pairs) for _row in rows),
        headline_is_count=False,
        headline_base=residents,
        headline_guards_table=False,
        total=(pairs, 100.0 if pairs else None),
        total_bases=(None, pairs),
        units=(Unit.RESIDENTS, Unit.PERCENT),
    )


# --- initiatives ---------------------------------------------------------------------------


def _initiatives(scope: Scope, period: Period) -> QuerySet[Any]:
    """Initiatives of ``scope`` as they stood at the end of ``period``: each carries
    ``stage_at`` (the stage of its last stage change before the end; its current stage
    when it has none but existed), those that did not exist yet are left out."""
    initiative = _model("initiatives.Initiative")
    stage_change = _model("initiatives.StageChange")
    end = _aware(period.end)
    initiatives = initiative.objects.filter(municipality_id=scope.municipality_id)
    if scope.team_id:
        initiatives = initiatives.filter(team_id=scope.team_id)
    if scope.district_id:
        initiatives = initiatives.filter(
            pk__in=initiative.neighbourhoods.through.objects.filter(
                neighbourhood__district_id=scope.district_id
            ).values("initiative_id")
        )
    if scope.neighbourhood_id:
        initiatives = initiatives.filter(
            pk__in=initiative.neighbourhoods.through.objects.filter(
                neighbourhood_id=scope.neighbourhood_id
            ).values("initiative_id")
        )
    last_change = (
        stage_change.objects.filter(initiative_id=OuterRef("pk"), changed_at__lt=end)
        .order_by("-changed_at", "-pk")
        .values("to_stage")[:1]
    )
    return initiatives.annotate(
        stage_at=Coalesce(
            Subquery(last_change, output_field=CharField()),
            Case(When(created_at__lt=end, then=F("stage")), default=Value(None)),
            output_field=CharField(),
        )
    ).exclude(stage_at=None)


def _by_level(rows: Any, *names: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {
        level: dict.fromkeys(names, 0) for level in TransformationLevel.values
    }
    for row in rows:
        if row["level"] in found:
            for name in names:
                found[row["level"]][name] += row[name] or 0
    return found


@indicator(
    code="initiatives",
    name=_("Initiatives by transformation level and stage"),
    definition=_(
        "The collective initiatives (services, provisions, residents' initiatives) as they "
        "stood at the end of the period: per transformation level (normalising, prevention, "
        "innovation) how many were an idea, being explored, on trial, running, embedded or "
        "stopped."
    ),
    formula=_(
        "count(initiatives) per level × stage at the end of the period (the last stage "
        "change before the end)"
    ),
    source_fields=(
        "initiatives.Initiative.level",
        "initiatives.StageChange.to_stage",
        "initiatives.StageChange.changed_at",
    ),
    unit=Unit.INITIATIVES,
    lens=Lens.PROCESS,
    key=True,
)
def initiatives(scope: Scope, period: Period) -> Figures:
    stages = [stage for stage, _label in Stage.choices]
    counts = {level: dict.fromkeys(stages, 0) for level in TransformationLevel.values}
    for row in (
        _initiatives(scope, period).order_by().values("level", "stage_at").annotate(n=Count("pk"))
    ):
        if row["level"] in counts and row["stage_at"] in counts[row["level"]]:
            counts[row["level"]][row["stage_at"]] += row["n"]
    rows = tuple(
        (label, (*(counts[level][s] for s in stages), sum(counts[level].values())))
        for level, label in TransformationLevel.choices
    )
    width = len(stages) + 1
    total = tuple(sum(values[i] for _label, values in rows) for i in range(width))
    return Figures(
        headline=total[-1],
        columns=(_("Transformation level"), *(label for _s, label in Stage.choices), _("Total")),
        rows=rows,
        plain=(True,) * width,
        headline_plain=True,
        total=total,
        headline_column=width - 1,
        units=(Unit.INITIATIVES,) * width,
    )


def _in_charge_count() -> Subquery:
    initiative = _model("initiatives.Initiative")
    through = initiative.residents_in_charge.through
    return Subquery(
        through.objects.filter(initiative_id=OuterRef("pk"))
        .order_by()
        .values("initiative_id")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


@indicator(
    code="active_residents",
    name=_("Residents active in initiatives"),
    definition=_(
        "How many residents run or take part in the initiatives that were on trial, running "
        "or embedded at the end of the period: the residents in charge (initiators, with an "
        "account) and the participants the initiative reports (about how many take part)."
    ),
    formula=_(
        "sum over active initiatives of count(residents in charge) and of participants, per "
        "transformation level"
    ),
    source_fields=(
        "initiatives.Initiative.residents_in_charge",
        "initiatives.Initiative.participants_count",
        "initiatives.StageChange.to_stage",
    ),
    unit=Unit.RESIDENTS,
    lens=Lens.EFFECTS,
    key=True,
)
def active_residents(scope: Scope, period: Period) -> Figures:
    found = _by_level(
        _initiatives(scope, period)
        .filter(stage_at__in=ACTIVE_STAGES)
        .annotate(in_charge=Coalesce(_in_charge_count(), 0))
        .order_by()
        .values("level")
        .annotate(n=Count("pk"), leaders=Sum("in_charge"), people=Sum("participants_count")),
        "n",
        "leaders",
        "people",
    )
    rows = tuple(
        (label, (found[level]["n"], found[level]["leaders"], found[level]["people"]))
        for level, label in TransformationLevel.choices
    )
    total = tuple(sum(values[i] for _label, values in rows) for i in range(3))
    return Figures(
        headline=total[2],
        columns=(
            _("Transformation level"),
            _("Active initiatives"),
            _("Residents in charge"),
            _("Participants"),
        ),
        rows=rows,
        counts=(True, True, True),
        plain=(True, False, False),
        total=total,
        headline_column=2,
        units=(Unit.INITIATIVES, Unit.RESIDENTS, Unit.RESIDENTS),
    )


# --- ideas ---------------------------------------------------------------------------------


@indicator(
    code="ideas",
    name=_("Residents' ideas submitted, joined and grown"),
    definition=_(
        "The residents' ideas for their neighbourhood in the period: how many were sent "
        "(rejected ones not counted), how many times residents joined an idea (“ik doe "
        "mee”), and how many ideas grew into an initiative."
    ),
    formula=_(
        "count(ideas sent in the period, not rejected); count(supporters who joined in the "
        "period, the sender not counted); count(ideas grown into an initiative in the "
        "period); per area"
    ),
    source_fields=(
        "ideas.Idea.created_at",
        "ideas.Idea.status",
        "ideas.Idea.grown_at",
        "ideas.IdeaSupporter.created_at",
    ),
    unit=Unit.IDEAS,
    lens=Lens.PROCESS,
)
def ideas(scope: Scope, period: Period) -> Figures:
    start, end = _aware(period.start), _aware(period.end)
    idea_model = _model("ideas.Idea")
    supporter_model = _model("ideas.IdeaSupporter")
    idea_scope = _case_scope(
        idea_model.objects.all(),
        scope,
        tenant="neighbourhood__district__municipality_id",
        team="team_id",
        neighbourhood="neighbourhood",
    )
    sent = Q(created_at__gte=start, created_at__lt=end) & ~Q(status=IdeaStatus.REJECTED)
    grown = Q(grown_at__gte=start, grown_at__lt=end)
    per_area: dict[Any, list[Any]] = {}
    for label, row in _by_area(
        idea_scope.filter(sent | grown),
        scope,
        "neighbourhood",
        sent=Count("pk", filter=sent),
        grown=Count("pk", filter=grown),
    ):
        per_area[row["area"]] = [label, row["sent"], 0, row["grown"]]
    supporters = _case_scope(
        supporter_model.objects.filter(
            created_at__gte=start, created_at__lt=end, is_submitter=False
        ),
        scope,
        tenant="idea__neighbourhood__district__municipality_id",
        team="idea__team_id",
        neighbourhood="idea__neighbourhood",
    )
    for label, row in _by_area(supporters, scope, "idea__neighbourhood", n=Count("pk")):
        per_area.setdefault(row["area"], [label, 0, 0, 0])[2] = row["n"]
    ordered = sorted(per_area.items(), key=lambda item: (item[0] is None, str(item[1][0])))
    rows = tuple((label, (a, b, c)) for _area, (label, a, b, c) in ordered)
    total = tuple(sum(values[i] for _label, values in rows) for i in range(3))
    return Figures(
        headline=total[0],
        columns=(
            _("Area"),
            _("Ideas sent"),
            _("Residents who joined"),
            _("Grown into initiatives"),
        ),
        rows=rows,
        counts=(True, True, True),
        total=total,
        headline_column=0,
        units=(Unit.IDEAS, Unit.RESIDENTS, Unit.IDEAS),
    )


# --- places --------------------------------------------------------------------------------


@indicator(
    code="places_reach",
    name=_("Reach of places"),
    definition=_(
        "The meeting places of the area (community centres, gardens, schools, libraries …) "
        "by kind: how many there are, how many host an initiative that was on trial, running "
        "or embedded at the end of the period, and how many residents take part in those "
        "initiatives (as the initiatives report it)."
    ),
    formula=_(
        "per kind of place: count(places); count(places with an active initiative); sum of "
        "participants of the active initiatives meeting there"
    ),
    source_fields=(
        "places.Place.kind",
        "places.Place.neighbourhood",
        "initiatives.Initiative.place",
        "initiatives.Initiative.participants_count",
    ),
    unit=Unit.RESIDENTS,
    lens=Lens.PROCESS,
)
def places_reach(scope: Scope, period: Period) -> Figures:
    place_model = _model("places.Place")
    places = place_model.objects.filter(municipality_id=scope.municipality_id)
    if scope.team_id:
        team = _model("teams.Team")
        places = places.filter(
            Q(
                neighbourhood_id__in=team.neighbourhoods.through.objects.filter(
                    team_id=scope.team_id
                ).values("neighbourhood_id")
            )
            | Q(
                neighbourhood__district_id__in=team.districts.through.objects.filter(
                    team_id=scope.team_id
                ).values("district_id")
            )
        )
    if scope.district_id:
        places = places.filter(neighbourhood__district_id=scope.district_id)
    if scope.neighbourhood_id:
        places = places.filter(neighbourhood_id=scope.neighbourhood_id)
    active = _initiatives(Scope(scope.municipality_id), period).filter(
        stage_at__in=ACTIVE_STAGES, place_id=OuterRef("pk")
    )
    hosting = Subquery(
        active.order_by().values("place_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    people = Subquery(
        active.order_by().values("place_id").annotate(n=Sum("participants_count")).values("n")[:1],
        output_field=IntegerField(),
    )
    found = {
        row["kind"]: row
        for row in places.annotate(hosting=Coalesce(hosting, 0), people=Coalesce(people, 0))
        .order_by()
        .values("kind")
        .annotate(
            n=Count("pk"),
            used=Count("pk", filter=Q(hosting__gt=0)),
            reached=Sum("people"),
        )
    }
    rows = tuple(
        (
            label,
            (
                found[kind]["n"] if kind in found else 0,
                found[kind]["used"] if kind in found else 0,
                (found[kind]["reached"] or 0) if kind in found else 0,
            ),
        )
        for kind, label in PlaceKind.choices
    )
    total = tuple(sum(values[i] for _label, values in rows) for i in range(3))
    return Figures(
        headline=total[2],
        columns=(
            _("Kind of place"),
            _("Places"),
            _("With an active initiative"),
            _("Participants reached"),
        ),
        rows=rows,
        counts=(True, True, True),
        plain=(True, True, False),
        total=total,
        headline_column=2,
        units=(Unit.PLACES, Unit.PLACES, Unit.RESIDENTS),
    )


# --- costs and benefits --------------------------------------------------------------------


@indicator(
    code="initiative_budgets",
    name=_("Budgets of initiatives"),
    definition=_(
        "The budgets of the initiatives that were on trial, running or embedded at the end "
        "of the period, per transformation level, as the initiatives record them (in euros; "
        "initiatives without a budget count as zero)."
    ),
    formula=_("sum(budget) of active initiatives, per transformation level"),
    source_fields=("initiatives.Initiative.budget", "initiatives.Initiative.level"),
    unit=Unit.EUROS,
    lens=Lens.COSTS,
    key=True,
)
def initiative_budgets(scope: Scope, period: Period) -> Figures:
    found = _by_level(
        _initiatives(scope, period)
        .filter(stage_at__in=ACTIVE_STAGES)
        .order_by()
        .values("level")
        .annotate(
            n=Count("pk"),
            budgeted=Count("pk", filter=Q(budget__gt=0)),
            amount=Sum("budget"),
        ),
        "n",
        "budgeted",
        "amount",
    )
    rows = tuple(
        (
            label,
            (found[level]["n"], found[level]["budgeted"], float(found[level]["amount"] or 0)),
        )
        for level, label in TransformationLevel.choices
    )
    total = tuple(sum(values[i] for _label, values in rows) for i in range(3))
    return Figures(
        headline=total[2],
        columns=(
            _("Transformation level"),
            _("Active initiatives"),
            _("With a budget"),
            _("Budget (euro)"),
        ),
        rows=rows,
        plain=(True, True, True),
        headline_plain=True,
        total=total,
        headline_column=2,
        units=(Unit.INITIATIVES, Unit.INITIATIVES, Unit.EUROS),
    )


@indicator(
    code="avoided_costs",
    name=_("Individual provisions avoided (estimate)"),
    definition=_(
        "An estimate, not a measurement: the referrals of residents to a collective "
        "initiative in the period, each counted as one individual provision that was not "
        "needed, times the average cost of an individual provision that the municipality "
        "set (setting WIJKKOMPAS_AVERAGE_PROVISION_COST). Read it with the stories: not "
        "every referral replaces a provision."
    ),
    formula=_(
        "count(referrals to an initiative in the period) × average cost of an individual provision"
    ),
    source_fields=(
        "initiatives.Referral.created_at",
        "initiatives.Initiative.level",
        "settings.WIJKKOMPAS_AVERAGE_PROVISION_COST",
    ),
    unit=Unit.EUROS,
    lens=Lens.COSTS,
)
def avoided_costs(scope: Scope, period: Period) -> Figures:
    cost = average_provision_cost()
    referrals = _case_scope(
        _model("initiatives.Referral").objects.filter(
            created_at__gte=_aware(period.start), created_at__lt=_aware(period.end)
        ),
        scope,
        tenant="conversation__municipality_id",
        team="conversation__team_id",
        neighbourhood="conversation__household__neighbourhood",
    )
    found = _by_level(
        referrals.order_by().values(level=F("initiative__level")).annotate(n=Count("pk")), "n"
    )
    rows = tuple(
        (label, (found[level]["n"], found[level]["n"] * cost))
        for level, label in TransformationLevel.choices
    )
    total_n = sum(values[0] for _label, values in rows)
    return Figures(
        headline=total_n * cost,
        columns=(_("Transformation level"), _("Referrals"), _("Estimated avoided costs (euro)")),
        rows=rows,
        counts=(True, False),
        bases=tuple((None, values[0]) for _label, values in rows),
        total=(total_n, total_n * cost),
        total_bases=(None, total_n),
        headline_is_count=False,
        headline_column=1,
        units=(Unit.CONVERSATIONS, Unit.EUROS),
    )


# --- process: time for the collective (issue 8) --------------------------------------------

#: The kinds of work of a recorded week, in table order (fields of ``timeuse.TimeSplit``).
TIME_KINDS = ("casework", "collective", "network", "overhead")


def _time_splits(scope: Scope, period: Period) -> QuerySet[Any]:
    """The weeks recorded by the members of the teams of ``scope`` (a team; every team of
    the municipality; the teams serving a district or neighbourhood) whose Monday lies in
    ``period``."""
    splits = _model("timeuse.TimeSplit").objects.filter(
        team__municipality_id=scope.municipality_id,
        week__gte=period.start,
        week__lt=period.end,
    )
    team = _model("teams.Team")
    if scope.team_id:
        splits = splits.filter(team_id=scope.team_id)
    if scope.district_id:
        splits = splits.filter(
            team_id__in=team.objects.filter(
                Q(districts=scope.district_id) | Q(neighbourhoods__district_id=scope.district_id)
            ).values("pk")
        )
    if scope.neighbourhood_id:
        splits = splits.filter(
            team_id__in=team.objects.filter(neighbourhoods=scope.neighbourhood_id).values("pk")
        )
    return splits


@indicator(
    code="time_for_collective",
    name=_("Time for the collective"),
    definition=_(
        "Of the time team members recorded in the period (roughly, once a week, as shares "
        "of their week), the share spent on collective work with residents and on network "
        "work together, next to individual casework and overhead. Every recorded member-week "
        "counts once. In nine of ten teams the collective never gets its turn: this shows "
        "whether the team makes time for it."
    ),
    formula=_(
        "(sum of collective shares + sum of network shares) / count(recorded member-weeks); "
        "per kind of work: sum of its shares / count(recorded member-weeks)"
    ),
    source_fields=(
        "timeuse.TimeSplit.week",
        "timeuse.TimeSplit.casework",
        "timeuse.TimeSplit.collective",
        "timeuse.TimeSplit.network",
        "timeuse.TimeSplit.overhead",
    ),
    unit=Unit.PERCENT,
    lens=Lens.PROCESS,
    key=True,
)
def time_for_collective(scope: Scope, period: Period) -> Figures:
    found = (
        _time_splits(scope, period)
        .order_by()
        .aggregate(
            n=Count("pk"),
            members=Count("user_id", distinct=True),
            **{kind: Sum(kind) for kind in TIME_KINDS},
        )
    )
    weeks, members = int(found["n"] or 0), int(found["members"] or 0)

    def share(total: Any) -> float | None:
        return round((total or 0) / weeks, 1) if weeks else None

    labels = {
        "casework": _("Individual casework"),
        "collective": _("Collective work with residents"),
        "network": _("Network work"),
        "overhead": _("Overhead"),
    }
    rows = tuple((labels[kind], (share(found[kind]),)) for kind in TIME_KINDS)
    collective = (
        round(((found["collective"] or 0) + (found["network"] or 0)) / weeks, 1) if weeks else None
    )
    return Figures(
        headline=collective,
        columns=(_("Kind of work"), _("Share of recorded time (%)")),
        rows=rows,
        counts=(False,),
        # A share is about the members who recorded: hidden below the threshold of members.
        bases=tuple((members,) for _row in rows),
        headline_is_count=False,
        headline_base=members,
        total=None,
        units=(Unit.PERCENT,),
    )


@indicator(
    code="time_recorded",
    name=_("Members who recorded their time"),
    definition=_(
        "How many team members recorded how their time split in at least one week of the "
        "period, and how many member-weeks they recorded, per month (a week counts in the "
        "month of its Monday): the base of the share of time for the collective."
    ),
    formula=_(
        "count(distinct members with a recorded week); count(recorded member-weeks), per month"
    ),
    source_fields=("timeuse.TimeSplit.user", "timeuse.TimeSplit.team", "timeuse.TimeSplit.week"),
    unit=Unit.MEMBERS,
    lens=Lens.PROCESS,
)
def time_recorded(scope: Scope, period: Period) -> Figures:
    splits = _time_splits(scope, period).order_by()
    per_month = {
        (row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]): row
        for row in splits.values(month=TruncMonth("week")).annotate(
            members=Count("user_id", distinct=True), weeks=Count("pk")
        )
    }
    months = [period.start]
    while (following := Period("month", months[-1]).end) < period.end:
        months.append(following)
    rows = tuple(
        (
            date_format(month, "F Y"),
            (
                per_month[month]["members"] if month in per_month else 0,
                per_month[month]["weeks"] if month in per_month else 0,
            ),
        )
        for month in months
    )
    overall = splits.aggregate(members=Count("user_id", distinct=True), weeks=Count("pk"))
    members, weeks = int(overall["members"] or 0), int(overall["weeks"] or 0)
    return Figures(
        headline=members,
        columns=(_("Month"), _("Members who recorded"), _("Member-weeks recorded")),
        rows=rows,
        counts=(True, True),
        total=(members, weeks),
        # A member who recorded in two months counts once in the total.
        partition=False,
        headline_column=0,
        units=(Unit.MEMBERS, Unit.WEEKS),
    )
