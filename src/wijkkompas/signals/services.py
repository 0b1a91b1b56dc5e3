"""Writes of the signals app: digests, the recomputation of signals and themes, runs.

How the numbers are made:

1. When a conversation is saved, :func:`digest_write` (a task) reads it once, removes
   names, addresses, dates, phone numbers and BSNs from its free text (``deduce``), keeps
   the stems of what is left, and stores a :class:`~.models.ConversationDigest`. It then
   updates the signals of the conversation's areas and periods (:func:`signals_update_for`).
2. :func:`signals_recompute` recomputes one municipality and year from the digests: one
   ``GROUP BY`` query per (team, district, neighbourhood, month) with conditional counts,
   rolled up in Python to months, quarters and years of each area (counts add up: every
   conversation is in one month), themes with scikit-learn over the stored stems, and one
   transaction that deletes and bulk-inserts the year's rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.conversations.constants import LifeDomain, Outcome
from wijkkompas.core import versions
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.versions import AREA_FIGURES
from wijkkompas.webhooks.constants import EventType
from wijkkompas.webhooks.services import event_emit

from . import selectors, text
from .constants import (
    ASSESSED_LADDER,
    ASSESSED_ZRM,
    CONVERSATIONS,
    DOMAIN,
    IDEAS,
    LADDER,
    OPPORTUNITIES,
    OUTCOME,
    THEME,
    THEME_MIN_CONVERSATIONS,
    THEMES_PER_AREA,
    ZRM,
    AreaKind,
    PeriodKind,
    RunStatus,
)
from .models import AreaSignal, ConversationDigest, SignalRun, Theme

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("question", "question_behind", "collective_opportunity", "resident_idea")
PERIODS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)

Group = tuple[str, int, str, dt.date]  # area kind, area id, period, period start


# ---------------------------------------------------------------------------------------
# Digests


def _signals_changed(municipality_id: int) -> None:
    """Tell the systems that subscribed (webhooks), once the new signals commit."""
    event_emit(
        event=EventType.SIGNALS_CHANGED,
        municipality_id=municipality_id,
        object_id=None,
        path=f"/api/v1/area-signals/?municipality={municipality_id}",
    )


def _bars(codes: Iterable[str] | None) -> str:
    codes = [c for c in (codes or ()) if c]
    return "|" + "|".join(codes) + "|" if codes else ""


@dataclass(frozen=True)
class CleanText:
    """De-identified text with its stems and their surface words."""

    text: str
    terms: str
    words: str


def clean_text(
    parts: Sequence[str], *, cache: dict[tuple[str, ...], CleanText] | None = None
) -> CleanText:
    """De-identify ``parts`` (question, question behind, opportunity, idea) and stem them.

    ``cache``: for bulk loads whose texts repeat (generated data): the same parts are
    de-identified once.
    """
    key = tuple(parts)
    if cache is not None and key in cache:
        return cache[key]
    cleaned = [text.deidentify(p) for p in parts if p and p.strip()]
    stems, words = text.terms(cleaned)
    result = CleanText(text="\n".join(cleaned), terms=" ".join(stems), words=" ".join(words))
    if cache is not None:
        cache[key] = result
    return result


def _digest_from(row: Mapping[str, Any], clean: CleanText) -> ConversationDigest:
    held_on = row["held_on"]
    zrm_low = row.get("zrm_low")
    return ConversationDigest(
        conversation_id=row["pk"],
        municipality_id=row["municipality_id"],
        team_id=row["team_id"],
        district_id=row["household__neighbourhood__district_id"],
        neighbourhood_id=row["household__neighbourhood_id"],
        held_on=held_on,
        month=held_on.replace(day=1),
        life_domains=_bars(row["life_domains"]),
        outcome=row["outcome"],
        zrm_low=_bars(zrm_low),
        zrm_assessed=zrm_low is not None,
        ladder_rung=row.get("ladder_rung"),
        has_opportunity=bool((row["collective_opportunity"] or "").strip()),
        has_idea=bool((row["resident_idea"] or "").strip()),
        text=clean.text,
        terms=clean.terms,
        words=clean.words,
    )


DIGEST_UPDATE_FIELDS = [
    f.name for f in ConversationDigest._meta.concrete_fields if f.name not in ("id", "conversation")
]


def digests_bulk_write(
    *, conversation_ids: Sequence[int], cache: dict[tuple[str, ...], CleanText] | None = None
) -> int:
    """Write (or rewrite) the digests of many conversations; returns how many were written.

    Used by the bulk load of generated data and by the management command that builds
    digests for conversations saved before the signals existed.
    """
    rows = selectors.digest_sources(conversation_ids)
    digests = [
        _digest_from(row, clean_text([row[f] for f in TEXT_FIELDS], cache=cache)) for row in rows
    ]
    with transaction.atomic():
        ConversationDigest.objects.filter(conversation_id__in=[r["pk"] for r in rows]).delete()
        ConversationDigest.objects.bulk_create(digests, batch_size=2000)
    return len(digests)


@transaction.atomic
def digest_write(
    *, conversation_id: int
) -> tuple[ConversationDigest | None, ConversationDigest | None]:
    """Write the digest of one conversation; returns (the digest before, the digest now).

    A conversation that no longer exists loses its digest (now is None).
    """
    before = (
        ConversationDigest.objects.select_for_update()
        .filter(conversation_id=conversation_id)
        .first()
    )
    rows = selectors.digest_sources([conversation_id])
    if not rows:
        if before is not None:
            before.delete()
        return before, None
    row = rows[0]
    digest = _digest_from(row, clean_text([row[f] for f in TEXT_FIELDS]))
    if before is not None:
        digest.pk = before.pk
        digest.save(force_update=True)
    else:
        digest.save(force_insert=True)
    return before, digest


# ---------------------------------------------------------------------------------------
# Counting


@dataclass(frozen=True)
class Measures:
    """The measures counted per group, in a fixed order (one column each)."""

    names: tuple[str, ...]
    aggregates: dict[str, Any]

    @classmethod
    def build(cls) -> Measures:
        aggregates: dict[str, Any] = {
            CONVERSATIONS: Count("pk"),
            OPPORTUNITIES: Count("pk", filter=Q(has_opportunity=True)),
            IDEAS: Count("pk", filter=Q(has_idea=True)),
            ASSESSED_ZRM: Count("pk", filter=Q(zrm_assessed=True)),
            ASSESSED_LADDER: Count("pk", filter=Q(ladder_rung__isnull=False)),
        }
        for code in LifeDomain.values:
            aggregates[DOMAIN + code] = Count("pk", filter=Q(life_domains__contains=f"|{code}|"))
        for code in Outcome.values:
            aggregates[OUTCOME + code] = Count("pk", filter=Q(outcome=code))
        for code, _name in selectors.zrm_domains():
            aggregates[ZRM + code] = Count("pk", filter=Q(zrm_low__contains=f"|{code}|"))
        for value, _name in selectors.ladder_rungs():
            aggregates[f"{LADDER}{value}"] = Count("pk", filter=Q(ladder_rung=value))
        return cls(names=tuple(aggregates), aggregates=aggregates)

    def base_of(self, name: str) -> str:
        if name.startswith(ZRM):
            return ASSESSED_ZRM
        if name.startswith(LADDER):
            return ASSESSED_LADDER
        return CONVERSATIONS


def _groups_of(
    team_id: int | None, district_id: int | None, neighbourhood_id: int | None, month: dt.date
) -> list[Group]:
    groups: list[Group] = []
    for kind, area_id in (
        (AreaKind.TEAM, team_id),
        (AreaKind.DISTRICT, district_id),
        (AreaKind.NEIGHBOURHOOD, neighbourhood_id),
    ):
        if area_id is None:
            continue
        for period in PERIODS:
            groups.append(
                (kind.value, area_id, period.value, selectors.period_start(month, period))
            )
    return groups


def _count(
    digests: Any, measures: Measures, wanted: set[Group] | None = None
) -> dict[Group, list[int]]:
    """Counts per group: one GROUP BY query, rolled up from months in Python."""
    rows = (
        digests.values_list("team_id", "district_id", "neighbourhood_id", "month")
        .annotate(**measures.aggregates)
        .order_by()
    )
    totals: dict[Group, list[int]] = {}
    width = len(measures.names)
    for row in rows:
        values = row[4:]
        for group in _groups_of(row[0], row[1], row[2], row[3]):
            if wanted is not None and group not in wanted:
                continue
            acc = totals.get(group)
            if acc is None:
                totals[group] = list(values)
            else:
                for i in range(width):
                    acc[i] += values[i]
    return totals


def _signal_rows(
    *,
    municipality_id: int,
    counts: Mapping[Group, list[int]],
    measures: Measures,
    keep: Any,
) -> list[AreaSignal]:
    """Signal rows of the groups ``keep(group)`` accepts, with the previous period's counts."""
    index = {name: i for i, name in enumerate(measures.names)}
    out: list[AreaSignal] = []
    for group, values in counts.items():
        if not keep(group):
            continue
        kind, area_id, period, start = group
        previous = counts.get((kind, area_id, period, selectors.shift_period(start, period, -1)))
        for name, i in index.items():
            value = values[i]
            before = previous[i] if previous is not None else None
            if not value and not before and name != CONVERSATIONS:
                continue
            base_i = index[measures.base_of(name)]
            out.append(
                AreaSignal(
                    municipality_id=municipality_id,
                    area_kind=kind,
                    area_id=area_id,
                    period=period,
                    period_start=start,
                    measure=name,
                    value=value,
                    base=values[base_i],
                    previous=before,
                    previous_base=previous[base_i] if previous is not None else None,
                )
            )
    return out


# ---------------------------------------------------------------------------------------
# Themes


@dataclass
class _ThemeResult:
    themes: list[Theme]
    signals: list[AreaSignal]


def _themes(
    *,
    municipality_id: int,
    docs: Sequence[tuple[int, int | None, int | None, int | None, dt.date, str, str]],
    wanted: set[Group] | None,
    counts: Mapping[Group, list[int]],
    measures: Measures,
) -> _ThemeResult:
    """Top terms per group with scikit-learn over the stored stems (never raw text).

    ``docs``: (digest pk, team, district, neighbourhood, month, terms, words).
    """
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    result = _ThemeResult(themes=[], signals=[])
    if not docs:
        return result
    vectorizer = CountVectorizer(
        analyzer=str.split, binary=True, min_df=min(THEME_MIN_CONVERSATIONS, len(docs))
    )
    try:
        matrix = vectorizer.fit_transform([d[5] for d in docs]).tocsr()
    except ValueError:  # no terms at all
        return result
    vocabulary = vectorizer.get_feature_names_out()
    # Documents are first summed per (team, district, neighbourhood, month) "cell" (a few
    # thousand), then cells per group: 9 groups per cell instead of 9 per document.
    cell_index: dict[tuple[Any, ...], int] = {}
    doc_cell = np.empty(len(docs), dtype=np.int64)
    for doc_i, doc in enumerate(docs):
        doc_cell[doc_i] = cell_index.setdefault((doc[1], doc[2], doc[3], doc[4]), len(cell_index))
    cells = sparse.csr_matrix(
        (np.ones(len(docs), dtype=np.int32), (doc_cell, np.arange(len(docs)))),
        shape=(len(cell_index), len(docs)),
    )
    per_cell = (cells @ matrix).tocsr()
    group_index: dict[Group, int] = {}
    g_rows: list[int] = []
    g_cols: list[int] = []
    for key, ci in cell_index.items():
        for group in _groups_of(*key):
            if wanted is not None and group not in wanted:
                continue
            g_rows.append(group_index.setdefault(group, len(group_index)))
            g_cols.append(ci)
    if not group_index:
        return result
    membership = sparse.csr_matrix(
        (np.ones(len(g_rows), dtype=np.int32), (g_rows, g_cols)),
        shape=(len(group_index), len(cell_index)),
    )
    per_group = (membership @ per_cell).tocsr()
    # The label of a stem: its most frequent surface word (over a sample of the docs).
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs[:20000]:
        for stem, word in zip(doc[5].split(), doc[6].split(), strict=False):
            surface[stem][word] += 1
    conversations_i = measures.names.index(CONVERSATIONS)
    chosen: list[tuple[Group, int, str, int, int]] = []  # group, rank, stem, count, doc
    doc_terms: dict[int, frozenset[str]] = {}
    for group, gi in group_index.items():
        start, end = per_group.indptr[gi], per_group.indptr[gi + 1]
        if start == end:
            continue
        data = per_group.data[start:end]
        cols = per_group.indices[start:end]
        order = np.lexsort((cols, -data))[:THEMES_PER_AREA]
        top: list[tuple[str, int]] = []
        for j in order:
            if int(data[j]) < THEME_MIN_CONVERSATIONS:
                break
            top.append((str(vocabulary[int(cols[j])]), int(data[j])))
        # An example: the first document of the group (up to 400 looked at) with the stem.
        found: dict[str, int] = {}
        pending = {stem for stem, _count in top}
        seen = 0
        for ci in membership.indices[membership.indptr[gi] : membership.indptr[gi + 1]]:
            for doc_i in cells.indices[cells.indptr[ci] : cells.indptr[ci + 1]]:
                terms_of = doc_terms.get(doc_i)
                if terms_of is None:
                    terms_of = doc_terms[doc_i] = frozenset(docs[doc_i][5].split())
                for stem in pending & terms_of:
                    found[stem] = int(doc_i)
                pending -= terms_of
                seen += 1
                if not pending or seen >= 400:
                    break
            if not pending or seen >= 400:
                break
        for rank, (stem, count) in enumerate(top, start=1):
            chosen.append((group, rank, stem, count, found.get(stem, -1)))
    examples = _example_texts([docs[d][0] for _g, _r, _s, _c, d in chosen if d >= 0])
    sentences: dict[tuple[str, str], str] = {}
    for group, rank, stem, count, doc_i in chosen:
        kind, area_id, period, start = group
        label = surface[stem].most_common(1)[0][0] if surface.get(stem) else stem
        example = ""
        if doc_i >= 0:
            source = examples.get(docs[doc_i][0], "")
            example = sentences.get((source, stem), "")
            if (source, stem) not in sentences:
                example = sentences[(source, stem)] = _sentence_with(source, stem)
        result.themes.append(
            Theme(
                municipality_id=municipality_id,
                area_kind=kind,
                area_id=area_id,
                period=period,
                period_start=start,
                rank=rank,
                stem=stem[:60],
                label=label[:80],
                count=count,
                example=example,
            )
        )
        base = counts.get(group)
        result.signals.append(
            AreaSignal(
                municipality_id=municipality_id,
                area_kind=kind,
                area_id=area_id,
                period=period,
                period_start=start,
                measure=(THEME + stem)[:120],
                value=count,
                base=base[conversations_i] if base else count,
            )
        )
    return result


def _example_texts(digest_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(digest_ids), 2000):
        chunk = digest_ids[i : i + 2000]
        out.update(ConversationDigest.objects.filter(pk__in=chunk).values_list("pk", "text"))
    return out


def _sentence_with(deidentified: str, stem: str) -> str:
    """The first sentence of a de-identified text whose stems include ``stem``."""
    import re

    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", deidentified) if s.strip()]
    for sentence in sentences:
        stems, _words = text.terms([sentence])
        if stem in stems:
            return text.first_sentence(sentence)
    return text.first_sentence(sentences[0]) if sentences else ""


def _theme_docs(digests: Any) -> list[tuple[Any, ...]]:
    return list(
        digests.exclude(terms="").values_list(
            "pk", "team_id", "district_id", "neighbourhood_id", "month", "terms", "words"
        )
    )


# ---------------------------------------------------------------------------------------
# Recompute a municipality and year


def _progress(
    run: SignalRun | None, done: int, total: int, status: str = RunStatus.RUNNING
) -> None:
    if run is None:
        return
    SignalRun.objects.filter(pk=run.pk).update(done=done, total=total, status=status)


def signals_recompute(*, municipality_id: int, year: int, run: SignalRun | None = None) -> int:
    """Recompute every signal and theme of one municipality and year; returns the rows written.

    Reads the digests of the year and the year before (for the trend), never the
    conversations themselves. The rows of the year are replaced in one transaction.
    """
    steps = 4
    _progress(run, 0, steps)
    measures = Measures.build()
    year_start, year_end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    digests = ConversationDigest.objects.filter(municipality_id=municipality_id)
    counts = _count(
        digests.filter(month__gte=dt.date(year - 1, 1, 1), month__lt=year_end), measures
    )
    _progress(run, 1, steps)

    def in_year(group: Group) -> bool:
        return year_start <= group[3] < year_end

    signals = _signal_rows(
        municipality_id=municipality_id, counts=counts, measures=measures, keep=in_year
    )
    _progress(run, 2, steps)
    themes = _themes(
        municipality_id=municipality_id,
        docs=_theme_docs(digests.filter(month__gte=year_start, month__lt=year_end)),
        wanted=None,
        counts=counts,
        measures=measures,
    )
    _progress(run, 3, steps)
    with transaction.atomic():
        window = Q(
            municipality_id=municipality_id, period_start__gte=year_start, period_start__lt=year_end
        )
        AreaSignal.objects.filter(window).delete()
        Theme.objects.filter(window).delete()
        AreaSignal.objects.bulk_create(signals + themes.signals, batch_size=5000)
        Theme.objects.bulk_create(themes.themes, batch_size=5000)
        # A recomputation someone asked for (or the nightly one) shows at once.
        versions.bump(AREA_FIGURES, municipality_id)
        _signals_changed(municipality_id)
    return len(signals) + len(themes.signals) + len(themes.themes)


def _affected_groups(digests: Iterable[ConversationDigest | None]) -> set[Group]:
    """The groups of these digests' areas, for their periods and the periods after them
    (whose trend compares with them)."""
    groups: set[Group] = set()
    for digest in digests:
        if digest is None:
            continue
        for kind, area_id, period, start in _groups_of(
            digest.team_id, digest.district_id, digest.neighbourhood_id, digest.month
        ):
            groups.add((kind, area_id, period, start))
            groups.add((kind, area_id, period, selectors.shift_period(start, period, 1)))
    return groups


def signals_update_for(
    *,
    before: ConversationDigest | None,
    after: ConversationDigest | None,
    counts_part: bool = True,
    themes_part: bool = True,
) -> int:
    """Bring the signals of the areas and periods of one changed digest up to date.

    Counts (``counts_part``) of the conversation's team, district and neighbourhood for
    its month, quarter and year (and the old ones when it moved), plus the next periods'
    trend; themes (``themes_part``) of those areas and periods. Returns the rows written.
    """
    digest = after or before
    if digest is None:
        return 0
    municipality_id = digest.municipality_id
    wanted = _affected_groups([before, after])
    if not wanted:
        return 0
    measures = Measures.build()
    area_q = Q()
    for kind, field in (
        (AreaKind.TEAM, "team_id"),
        (AreaKind.DISTRICT, "district_id"),
        (AreaKind.NEIGHBOURHOOD, "neighbourhood_id"),
    ):
        ids = {g[1] for g in wanted if g[0] == kind}
        if ids:
            area_q |= Q(**{f"{field}__in": ids})
    first = min(g[3] for g in wanted)
    last = max(g[3] for g in wanted)
    digests = ConversationDigest.objects.filter(area_q, municipality_id=municipality_id)
    # Periods from the year before the first (trend) to the end of the last one's year.
    counts = _count(
        digests.filter(
            month__gte=dt.date(first.year - 1 if counts_part else first.year, 1, 1),
            month__lt=dt.date(last.year + 1, 1, 1),
        ),
        measures,
    )
    signals: list[AreaSignal] = []
    if counts_part:
        signals = _signal_rows(
            municipality_id=municipality_id,
            counts=counts,
            measures=measures,
            keep=lambda group: group in wanted,
        )
    themes = _ThemeResult(themes=[], signals=[])
    if themes_part:
        themes = _themes(
            municipality_id=municipality_id,
            docs=_theme_docs(
                digests.filter(
                    month__gte=dt.date(first.year, 1, 1), month__lt=dt.date(last.year + 1, 1, 1)
                )
            ),
            wanted={g for g in wanted if g in counts},
            counts=counts,
            measures=measures,
        )
    with transaction.atomic():
        keys = Q(pk__in=[])
        for group in wanted:
            keys |= Q(area_kind=group[0], area_id=group[1], period=group[2], period_start=group[3])
        old = AreaSignal.objects.filter(keys, municipality_id=municipality_id)
        if not themes_part:
            old = old.exclude(measure__startswith=THEME)
        elif not counts_part:
            old = old.filter(measure__startswith=THEME)
        old.delete()
        if themes_part:
            Theme.objects.filter(keys, municipality_id=municipality_id).delete()
        AreaSignal.objects.bulk_create(signals + themes.signals)
        Theme.objects.bulk_create(themes.themes)
        # A conversation's signals come in a stream: they settle (core.versions).
        versions.bump(AREA_FIGURES, municipality_id, settle=True)
        _signals_changed(municipality_id)
    return len(signals) + len(themes.signals) + len(themes.themes)


def conversation_signals_refresh(*, conversation_id: int) -> int:
    """The task's work: the digest of one saved conversation, then its areas' counts.

    The themes of those areas follow in a second task (:func:`conversation_themes_refresh`),
    so the counts are up to date within a second of saving.
    """
    before, after = digest_write(conversation_id=conversation_id)
    written = signals_update_for(before=before, after=after, themes_part=False)
    if after is not None:
        from .tasks import refresh_conversation_themes

        transaction.on_commit(
            lambda: refresh_conversation_themes.enqueue(conversation_id=conversation_id)
        )
    return written


def conversation_themes_refresh(*, conversation_id: int) -> int:
    """The themes of the areas and periods of one conversation's digest."""
    digest = ConversationDigest.objects.filter(conversation_id=conversation_id).first()
    return signals_update_for(before=None, after=digest, counts_part=False)


# ---------------------------------------------------------------------------------------
# Runs (the "Herbereken" button)


@transaction.atomic
def signal_run_start(*, user: Any, municipality_id: int, year: int) -> SignalRun:
    """Queue a recomputation of ``year`` for the user's municipality (team lead, admin)."""
    run = SignalRun(municipality_id=municipality_id, year=year, started_by=user)
    if not selectors.may_recompute(user=user) or user.municipality_id != municipality_id:
        raise PermissionDenied
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise ApplicationError(_("Choose a year between 2000 and this year."))
    if SignalRun.objects.filter(
        municipality_id=municipality_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists():
        raise ApplicationError(
            _("A recomputation is already running for this municipality: wait until it is done.")
        )
    run.full_clean()
    run.save()
    from .tasks import recompute_signals

    transaction.on_commit(lambda: recompute_signals.enqueue(run_id=run.pk))
    return run


def signal_runs_requeue_stalled(*, before: dt.datetime) -> int:
    """Queue again the recomputations started before ``before`` that never finished (their
    worker died, wijkkompas.ops.recovery): a run recomputes its year from scratch."""
    from .tasks import recompute_signals

    stalled = SignalRun.objects.select_for_update(skip_locked=True).filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING], created_at__lt=before
    )
    run_ids = []
    for run in stalled:
        SignalRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
        run_ids.append(run.pk)
    for run_id in run_ids:
        transaction.on_commit(partial(recompute_signals.enqueue, run_id=run_id))
    return len(run_ids)


def signal_run_execute(*, run_id: int) -> SignalRun:
    """Run a queued recomputation, keeping its progress and any error on the run row."""
    run = SignalRun.objects.get(pk=run_id)
    SignalRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        signals_recompute(municipality_id=run.municipality_id, year=run.year, run=run)
    except Exception as exc:
        logger.exception("Signal recomputation %s failed", run.pk)
        SignalRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
    else:
        SignalRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, done=4, total=4, finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run
