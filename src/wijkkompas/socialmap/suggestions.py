"""Suggestions from the social map while a professional records a conversation.

Given the life domains the conversation touched (and, optionally, words of the question),
the neighbourhood of the resident's household and the user's municipality, the selector
returns the matching entries in the order the Wmo asks (art. 2.3.2 Wmo 2015): first what
the resident can do (own strength), then their own network, then a general or collective
provision, and only then an individual provision. Within a step the best fit comes first:
more matching life domains, an entry of the resident's own neighbourhood before one for
the whole municipality, an entry checked recently before a stale one, then by name.

Suggestions hold no personal data (entries describe provisions), so reading them is not
logged; which entry was used for a conversation is case data (see :mod:`.uses`).

Speed: two queries whatever the size of the map. The first reads the few columns needed to
rank the candidates of the municipality that serve the neighbourhood and answer one of the
life domains (the life domains are JSON: matched as text, the same on SQLite and
PostgreSQL); the second reads the full rows of at most ``per_step`` × 4 chosen entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import may_use
from wijkkompas.accounts.constants import Action
from wijkkompas.conversations.constants import LifeDomain

from .constants import STALE_AFTER, WMO_ORDER, WmoStep
from .models import Entry, EntryUse

#: Suggestions shown per step of the Wmo order.
PER_STEP = 3

#: Words of the question shorter than this are not used to match names.
MIN_WORD_LENGTH = 5

#: At most this many words of the question are matched (the longest ones).
MAX_WORDS = 5

#: What the professional reads above the suggestions.
EXPLANATION = _(
    "First what the resident can do, then what their own network can do, then a general or "
    "collective provision, and only then an individual provision (Wmo 2015, art. 2.3.2)."
)


@dataclass
class Suggestion:
    """One suggested entry, with why it fits."""

    entry: Entry
    step: str
    #: 1-based place in the whole ordered list (what ``EntryUse.rank`` keeps).
    rank: int
    matching_domains: list[str]
    local: bool
    stale: bool

    @property
    def matching_domain_labels(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels.get(code, code)) for code in self.matching_domains]


@dataclass
class StepGroup:
    """The suggestions of one step of the Wmo order."""

    step: str
    label: str
    suggestions: list[Suggestion] = field(default_factory=list)


def may_suggest(*, user: Any) -> bool:
    """Whether the user records conversations with suggestions (team roles; no query)."""
    return may_use(user, EntryUse, Action.CHANGE)


def clean_domains(codes: Iterable[Any]) -> list[str]:
    """The known life domain codes of ``codes``, in the order of the list (unknown ones are
    dropped: the fragment is read with whatever the form holds)."""
    given = {str(code) for code in codes or ()}
    return [code for code in LifeDomain.values if code in given]


def question_words(text: str) -> list[str]:
    """The longest few words of the question, lower case, to match entry names."""
    words = {w for w in re.findall(r"\w+", (text or "").lower()) if len(w) >= MIN_WORD_LENGTH}
    return sorted(words, key=lambda w: (-len(w), w))[:MAX_WORDS]


def _domain_q(domains: Sequence[str]) -> Q:
    q = Q()
    for code in domains:
        # The JSON list as text holds each code in double quotes, on SQLite and PostgreSQL.
        q |= Q(domains_text__contains=f'"{code}"')
    return q


def suggestions(
    *,
    user: Any,
    municipality_id: int | None,
    neighbourhood_id: int | None = None,
    life_domains: Iterable[str] = (),
    words: Iterable[str] = (),
    per_step: int = PER_STEP,
    today: dt.date | None = None,
) -> list[Suggestion]:
    """The entries to suggest, in the Wmo order and by fit, at most ``per_step`` per step.

    Only entries of ``municipality_id`` that the user may see, serving ``neighbourhood_id``
    (or the whole municipality) and answering at least one of ``life_domains`` or naming
    one of ``words``. Nothing without a municipality, or without domains and words.
    """
    domains = clean_domains(life_domains)
    words = [w.lower() for w in words if w]
    if municipality_id is None or not (domains or words) or not may_suggest(user=user):
        return []
    today = today or timezone.localdate()
    through = Entry.neighbourhoods.through
    match = _domain_q(domains)
    for word in words:
        match |= Q(name__icontains=word)
    queryset: Any = (
        Entry.objects.visible_to(user)
        .filter(municipality_id=municipality_id)
        .annotate(domains_text=Cast("life_domains", TextField()))
        .filter(match)
    )
    somewhere = Exists(through.objects.filter(entry_id=OuterRef("pk")))
    if neighbourhood_id is not None:
        local = Exists(
            through.objects.filter(entry_id=OuterRef("pk"), neighbourhood_id=neighbourhood_id)
        )
        queryset = queryset.annotate(local=local).filter(Q(local=True) | ~somewhere)
    else:
        queryset = queryset.filter(~somewhere)
    rows = queryset.order_by().values_list(
        "pk",
        "step",
        "name",
        "life_domains",
        "last_checked_on",
        *(["local"] if neighbourhood_id is not None else []),
    )
    stale_before = today - STALE_AFTER
    ranked: list[tuple[Any, ...]] = []
    for row in rows:
        pk, step, name, entry_domains, checked_on = row[:5]
        is_local = bool(row[5]) if neighbourhood_id is not None else False
        matching = [code for code in domains if code in (entry_domains or ())]
        named = sum(1 for word in words if word in name.lower())
        stale = checked_on < stale_before
        key = (
            WMO_ORDER.get(step, len(WMO_ORDER)),
            -len(matching),
            -named,
            not is_local,
            stale,
            -checked_on.toordinal(),
            name.lower(),
            pk,
        )
        ranked.append((key, pk, step, matching, is_local, stale))
    ranked.sort(key=lambda item: item[0])
    chosen: list[tuple[Any, ...]] = []
    per: dict[str, int] = {}
    for item in ranked:
        step = item[2]
        if per.get(step, 0) >= per_step:
            continue
        per[step] = per.get(step, 0) + 1
        chosen.append(item)
    if not chosen:
        return []
    entries = Entry.objects.select_related("initiative", "place").in_bulk([c[1] for c in chosen])
    return [
        Suggestion(
            entry=entries[pk],
            step=step,
            rank=rank,
            matching_domains=matching,
            local=is_local,
            stale=stale,
        )
        for rank, (_key, pk, step, matching, is_local, stale) in enumerate(chosen, start=1)
        if pk in entries
    ]


def grouped(items: Iterable[Suggestion]) -> list[StepGroup]:
    """``items`` per step, every step of the Wmo order present (possibly empty), in order."""
    groups = {step: StepGroup(step=step, label=str(label)) for step, label in WmoStep.choices}
    for item in items:
        groups[item.step].suggestions.append(item)
    return list(groups.values())


def rank_of(items: Iterable[Suggestion]) -> dict[int, Suggestion]:
    """The suggestions by entry id."""
    return {item.entry.pk: item for item in items}
