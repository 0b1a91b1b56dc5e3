"""Reads of the signals app: the sources of a digest, and the signals of an area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import restrict
from wijkkompas.accounts.constants import Action
from wijkkompas.conversations.constants import LifeDomain, Outcome
from wijkkompas.instruments.constants import PARTICIPATIELADDER, ZRM

from .constants import (
    DOMAIN,
    LADDER,
    OUTCOME,
    RECOMPUTE_ROLES,
    THEME,
    VIEW_ROLES,
    ZRM_LOW_LEVELS,
    AreaKind,
    PeriodKind,
)
from .constants import ZRM as ZRM_MEASURE
from .models import AreaSignal, SignalRun, Theme

# ---------------------------------------------------------------------------------------
# Signal keys (the shared interface other apps store as plain fields)


@dataclass(frozen=True)
class SignalKey:
    """What another row keeps to point at a signal (no FK: signals are recomputed)."""

    area_kind: Literal["neighbourhood", "district", "team"]
    area_id: int
    period: Literal["month", "quarter", "year"]
    period_start: dt.date
    measure: str


def period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the month, quarter or year that ``day`` falls in."""
    if period == PeriodKind.MONTH:
        return day.replace(day=1)
    if period == PeriodKind.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def shift_period(start: dt.date, period: str, steps: int) -> dt.date:
    """The start of the period ``steps`` periods after (negative: before) ``start``."""
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[PeriodKind(period)]
    index = start.year * 12 + start.month - 1 + steps * months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_label(start: dt.date, period: str) -> str:
    if period == PeriodKind.MONTH:
        from django.utils.formats import date_format

        return date_format(start, "F Y")
    if period == PeriodKind.QUARTER:
        return _("Q%(quarter)s %(year)s") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    return str(start.year)


def zrm_domains() -> list[tuple[str, str]]:
    """(code, name) of the ZRM domains, in order (the newest version's names)."""
    domain = apps.get_model("instruments", "InstrumentDomain")
    seen: dict[str, str] = {}
    rows = (
        domain.objects.filter(version__instrument__code=ZRM)
        .order_by("position", "-version_id")
        .values_list("code", "name")
    )
    for code, name in rows:
        seen.setdefault(code, name)
    return list(seen.items())


def ladder_rungs() -> list[tuple[int, str]]:
    """(value, name) of the participatieladder's rungs."""
    level = apps.get_model("instruments", "InstrumentLevel")
    seen: dict[int, str] = {}
    rows = (
        level.objects.filter(version__instrument__code=PARTICIPATIELADDER)
        .order_by("value", "-version_id")
        .values_list("value", "name")
    )
    for value, name in rows:
        seen.setdefault(value, name)
    return list(seen.items())


# ---------------------------------------------------------------------------------------
# The source of a digest (a system read by the digest task: ids in, no user)

SOURCE_FIELDS = (
    "pk",
    "municipality_id",
    "team_id",
    "household__neighbourhood_id",
    "household__neighbourhood__district_id",
    "held_on",
    "life_domains",
    "outcome",
    "question",
    "question_behind",
    "collective_opportunity",
    "resident_idea",
)


def digest_sources(conversation_ids: Iterable[int]) -> list[dict[str, Any]]:
    """What a digest is made of, per conversation, with its latest ZRM and ladder scores.

    Keys: those of :data:`SOURCE_FIELDS` plus ``zrm_low`` (codes at levels 1–2, or None
    without a ZRM assessment) and ``ladder_rung`` (or None).
    """
    conversation = apps.get_model("conversations", "Conversation")
    score = apps.get_model("instruments", "AssessmentScore")
    ids = list(conversation_ids)
    rows = list(conversation.objects.filter(pk__in=ids).values(*SOURCE_FIELDS))
    latest: dict[tuple[int, str], tuple[int, list[tuple[str, int]]]] = {}
    for conv_id, assessment_id, code, domain, value in (
        score.objects.filter(assessment__conversation_id__in=ids)
        .order_by("assessment_id")
        .values_list(
            "assessment__conversation_id",
            "assessment_id",
            "assessment__version__instrument__code",
            "domain__code",
            "value",
        )
    ):
        current = latest.get((conv_id, code))
        if current is None or current[0] < assessment_id:
            # A later assessment of the same instrument replaces the earlier one.
            current = latest[(conv_id, code)] = (assessment_id, [])
        current[1].append((domain, value))
    for row in rows:
        zrm = latest.get((row["pk"], ZRM))
        ladder = latest.get((row["pk"], PARTICIPATIELADDER))
        row["zrm_low"] = (
            None if zrm is None else [d for d, value in zrm[1] if value in ZRM_LOW_LEVELS]
        )
        row["ladder_rung"] = ladder[1][0][1] if ladder and ladder[1] else None
    return rows


# ---------------------------------------------------------------------------------------
# Pages


def may_view_signals(*, user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in VIEW_ROLES


def may_recompute(*, user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in RECOMPUTE_ROLES


def require_view(*, user: Any) -> None:
    if not may_view_signals(user=user):
        raise PermissionDenied


@dataclass
class AreaSignals:
    """Every signal row of one area and period, by measure, and its themes."""

    area_kind: str
    area_id: int
    period: str
    period_start: dt.date
    rows: dict[str, AreaSignal]
    themes: list[Theme]

    def value(self, measure: str) -> int:
        row = self.rows.get(measure)
        return row.value if row is not None else 0

    def previous(self, measure: str) -> int | None:
        row = self.rows.get(measure)
        return row.previous if row is not None else None

    def with_prefix(self, prefix: str) -> dict[str, AreaSignal]:
        return {m[len(prefix) :]: r for m, r in self.rows.items() if m.startswith(prefix)}


def area_signals(
    *, user: Any, area_kind: str, area_id: int, period: str, start: dt.date
) -> AreaSignals:
    """The signals of one area and period that ``user`` may see (two queries)."""
    return _area_signals(
        restrict(AreaSignal.objects.all(), user, Action.VIEW),
        restrict(Theme.objects.all(), user, Action.VIEW),
        area_kind=area_kind,
        area_id=area_id,
        period=period,
        start=start,
    )


def public_area_signals(
    *, area_kind: str, area_id: int, period: str, start: dt.date
) -> AreaSignals:
    """The signals of one area and period for a public page (no account): aggregates only.

    The caller shows every count suppressed (``suppression.count_for`` with an anonymous
    user) and the themes as terms, never their example sentences. Two queries.
    """
    return _area_signals(
        AreaSignal.objects.all(),
        Theme.objects.defer("example"),
        area_kind=area_kind,
        area_id=area_id,
        period=period,
        start=start,
    )


def _area_signals(
    rows: Any, themes: Any, *, area_kind: str, area_id: int, period: str, start: dt.date
) -> AreaSignals:
    """The rows and themes of one area and period, from these querysets (two queries)."""
    window = {"area_kind": area_kind, "area_id": area_id, "period": period, "period_start": start}
    return AreaSignals(
        area_kind=area_kind,
        area_id=area_id,
        period=period,
        period_start=start,
        rows={r.measure: r for r in rows.filter(**window)},
        themes=list(themes.filter(**window).order_by("rank")),
    )


def latest_run(*, user: Any, municipality_id: int | None) -> SignalRun | None:
    if municipality_id is None:
        return None
    return (
        restrict(SignalRun.objects.all(), user, Action.VIEW)
        .filter(municipality_id=municipality_id)
        .order_by("-created_at", "-pk")
        .first()
    )


def run_get(*, user: Any, pk: int) -> SignalRun:
    from wijkkompas.accounts.access import get_in_scope

    return get_in_scope(SignalRun.objects.all(), user, Action.VIEW, pk=pk)


def measure_label(measure: str) -> str:
    """A short readable name of a measure."""
    kind, _sep, code = measure.partition(":")
    if measure.startswith(DOMAIN):
        return str(dict(LifeDomain.choices).get(code, code))
    if measure.startswith(OUTCOME):
        return str(dict(Outcome.choices).get(code, code))
    if measure.startswith(ZRM_MEASURE):
        return _("ZRM %(domain)s at level 1–2") % {"domain": dict(zrm_domains()).get(code, code)}
    if measure.startswith(LADDER):
        return _("Participation ladder rung %(rung)s") % {"rung": code}
    if measure.startswith(THEME):
        return _("Theme '%(term)s'") % {"term": code}
    return {
        "conversations": _("Conversations"),
        "opportunity": _("Opportunities for the collective"),
        "idea": _("Residents' ideas"),
        "zrm_assessed": _("Conversations with a ZRM assessment"),
        "ladder_assessed": _("Conversations with a participation ladder score"),
    }.get(kind, measure)


def area_name(area_kind: str, area_id: int) -> str:
    model = {
        AreaKind.NEIGHBOURHOOD: ("areas", "Neighbourhood"),
        AreaKind.DISTRICT: ("areas", "District"),
        AreaKind.TEAM: ("teams", "Team"),
    }[AreaKind(area_kind)]
    obj = apps.get_model(*model).objects.filter(pk=area_id).only("name").first()
    return obj.name if obj is not None else "?"


def signal_describe(key: SignalKey) -> str:
    """A short text for a signal key, e.g. "Wezep-Noord, maart 2026: Theme 'eenzaam' (12)".

    Without a user: it gives the count only when it is 10 or more (suppressed as for
    aggregate roles), so it can be shown anywhere a key is shown.
    """
    from .suppression import suppress_count

    row = AreaSignal.objects.filter(
        area_kind=key.area_kind,
        area_id=key.area_id,
        period=key.period,
        period_start=key.period_start,
        measure=key.measure,
    ).first()
    text = (
        f"{area_name(key.area_kind, key.area_id)}, "
        f"{period_label(key.period_start, key.period)}: {measure_label(key.measure)}"
    )
    if row is not None:
        text += f" ({suppress_count(row.value).display})"
    return text


def conversations_without_digest(*, municipality_id: int, everything: bool = False) -> list[int]:
    """Ids of the municipality's conversations without a digest (all with ``everything``)."""
    from .models import ConversationDigest

    conversation = apps.get_model("conversations", "Conversation")
    qs = conversation.objects.filter(municipality_id=municipality_id)
    if not everything:
        qs = qs.exclude(
            pk__in=ConversationDigest.objects.filter(municipality_id=municipality_id).values(
                "conversation_id"
            )
        )
    return list(qs.order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class AreaChoice:
    value: str  # "<kind>-<id>"
    label: str
    kind: str
    id: int
    municipality_id: int


def area_choices(*, user: Any) -> list[AreaChoice]:
    """Neighbourhoods, districts and team areas whose signals ``user`` may see (3 queries)."""
    from wijkkompas.areas import selectors as area_selectors

    municipality_ids = list(
        restrict(
            apps.get_model("areas", "Municipality").objects.all(), user, Action.VIEW
        ).values_list("pk", flat=True)
    )
    choices: list[AreaChoice] = []
    for nb in area_selectors.neighbourhoods_of(municipality_ids=municipality_ids):
        choices.append(
            AreaChoice(
                f"neighbourhood-{nb.pk}",
                _("Neighbourhood %(name)s (%(municipality)s)")
                % {"name": nb.name, "municipality": nb.district.municipality.name},
                AreaKind.NEIGHBOURHOOD,
                nb.pk,
                nb.district.municipality_id,
            )
        )
    for district in area_selectors.districts_of(municipality_ids=municipality_ids):
        choices.append(
            AreaChoice(
                f"district-{district.pk}",
                _("District %(name)s (%(municipality)s)")
                % {"name": district.name, "municipality": district.municipality.name},
                AreaKind.DISTRICT,
                district.pk,
                district.municipality_id,
            )
        )
    team = apps.get_model("teams", "Team")
    # Team areas: the teams the user may see (team roles: their own teams).
    for pk, name, municipality_id, municipality_name in (
        restrict(team.objects.all(), user, Action.VIEW)
        .filter(municipality_id__in=municipality_ids)
        .order_by("municipality__name", "name")
        .values_list("pk", "name", "municipality_id", "municipality__name")
    ):
        choices.append(
            AreaChoice(
                f"team-{pk}",
                _("Team area %(name)s (%(municipality)s)")
                % {"name": name, "municipality": municipality_name},
                AreaKind.TEAM,
                pk,
                municipality_id,
            )
        )
    return choices
