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

Speed: one query whatever the size of the map. The database ranks the entries of the
municipality that serve the neighbourhood and answer one of the life domains within each
step (a window function) and returns only the best ``per_step`` of each: at most
``per_step`` × 4 rows. The life domains are JSON, matched as text (each code in double
quotes), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import may_use
from wijkkompas.accounts.constants import Action
from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.core import compiled

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
    local_wanted = neighbourhood_id is not None
    args: dict[str, Any] = {
        "municipality_id": municipality_id,
        "stale_before": today - STALE_AFTER,
    }
    if local_wanted:
        args["neighbourhood_id"] = neighbourhood_id
    # The SQL depends only on the user's scope, the domains, the words and the limit: it is
    # built and compiled once per combination (``core.compiled``), the ids and the day bound.
    # For the roles that get suggestions (team roles), an entry's access policy depends on
    # the role and the municipality only (the initiators' rule does not apply to them), so
    # the key needs no team ids: a hit costs no query for the user's teams.
    key = (
        "socialmap.suggestions",
        tuple(domains),
        tuple(words),
        per_step,
        local_wanted,
        getattr(user, "role", None),
        getattr(user, "municipality_id", None),
        bool(getattr(user, "is_superuser", False)),
    )
    entries = compiled.objects(
        key,
        lambda **placeholders: _ranked(
            user=user, domains=domains, words=words, per_step=per_step, **placeholders
        ),
        args=args,
    )
    found = sorted(entries, key=lambda e: (WMO_ORDER.get(e.step, len(WMO_ORDER)), e.place_in_step))
    return [
        Suggestion(
            entry=entry,
            step=entry.step,
            rank=rank,
            matching_domains=[code for code in domains if code in (entry.life_domains or ())],
            local=bool(entry.local),
            stale=bool(entry.stale),
        )
        for rank, entry in enumerate(found, start=1)
    ]


def _ranked(
    *,
    user: Any,
    domains: list[str],
    words: list[str],
    per_step: int,
    municipality_id: Any,
    stale_before: Any,
    neighbourhood_id: Any = None,
) -> Any:
    """The entries to suggest, ranked within their step, the best ``per_step`` of each."""
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
        local: Any = Exists(
            through.objects.filter(entry_id=OuterRef("pk"), neighbourhood_id=neighbourhood_id)
        )
        queryset = queryset.annotate(local=local).filter(Q(local=True) | ~somewhere)
    else:
        queryset = queryset.annotate(local=Value(False, output_field=BooleanField()))
        queryset = queryset.filter(~somewhere)
    queryset = queryset.annotate(
        matching=_count_of([Q(domains_text__contains=f'"{code}"') for code in domains]),
        named=_count_of([Q(name__icontains=word) for word in words]),
        stale=Case(
            When(last_checked_on__lt=stale_before, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
    # The best ``per_step`` of every step, ranked in the database (one query, few rows).
    queryset = (
        queryset.annotate(
            place_in_step=Window(
                RowNumber(),
                partition_by=[F("step")],
                order_by=[
                    F("matching").desc(),
                    F("named").desc(),
                    F("local").desc(),
                    F("stale").asc(),
                    F("last_checked_on").desc(),
                    F("name").asc(),
                    F("pk").asc(),
                ],
            )
        )
        .filter(place_in_step__lte=per_step)
        .order_by()
    )
    return queryset


def _count_of(conditions: list[Q]) -> Any:
    """How many of ``conditions`` hold for a row (0 without conditions)."""
    total: Any = Value(0, output_field=IntegerField())
    for condition in conditions:
        total = total + Case(
            When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    return total


def grouped(items: Iterable[Suggestion]) -> list[StepGroup]:
    """``items`` per step, every step of the Wmo order present (possibly empty), in order."""
    groups = {step: StepGroup(step=step, label=str(label)) for step, label in WmoStep.choices}
    for item in items:
        groups[item.step].suggestions.append(item)
    return list(groups.values())


def rank_of(items: Iterable[Suggestion]) -> dict[int, Suggestion]:
    """The suggestions by entry id."""
    return {item.entry.pk: item for item in items}
