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
from django.db.models import (
    Count,
    F,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.initiatives.constants import OUTCOME_ANSWER, AnswerKind, Stage

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


@indicator(
    code="substitution",
    name=_("Questions solved in own network or collectively"),
    definition=_(
        "Of the support questions of conversations in the period, the share answered in the "
        "resident's own network or by a collective provision, against a general service and "
        "an individual provision (Wmo provision or referral to the second line): the "
        "substitution of individual by collective support."
    ),
    formula=_("100 × count(outcome = own network or collective provision) / count(conversations)"),
    source_fields=("conversations.Conversation.outcome", "conversations.Conversation.held_on"),
    unit=Unit.PERCENT,
    lens=Lens.EFFECTS,
    key=True,
)
def substitution(scope: Scope, period: Period) -> Figures:
    counts = dict.fromkeys(AnswerKind.values, 0)
    for row in _conversations(scope, period).order_by().values("outcome").annotate(n=Count("pk")):
        kind = OUTCOME_ANSWER.get(row["outcome"])
        if kind is not None:
            counts[kind] += row["n"]
    total = sum(counts.values())
    rows = tuple((ANSWER_LABELS[kind], (n, _share(n, total))) for kind, n in counts.items())
    return Figures(
        headline=_share(counts[AnswerKind.COLLECTIVE], total),
        columns=(_("Answered by"), _("Conversations"), _("Share (%)")),
        rows=rows,
        counts=(True, False),
        bases=tuple((None, total) for _kind in counts),
        headline_is_count=False,
        headline_base=total,
        total=(total, 100.0 if total else None),
        total_bases=(None, total),
        units=(Unit.CONVERSATIONS, Unit.PERCENT),
    )
