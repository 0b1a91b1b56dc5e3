"""A year of kitchen-table conversations of the Krachtstroomteam Wezep, for the demo.

The hand-written cases (``demo/data/cases.json``) tell the stories the tour follows; on
their own they are too few for the collective side: a policy officer sees every count below
10 suppressed. This module adds what a team of this size holds in a year: about 600
conversations with some 300 residents of Wezep over the last 15 months, made by the case
generator of the benchmarks (:mod:`wijkkompas.demo.casegen`) with texts of its own
(:class:`WezepTexts`):

* spread over Wezep's neighbourhoods, each with its own mix of questions: loneliness among
  older residents in Wezep-Centrum and -Noord, debts of young families in Wezep-Zuid
  (both growing over the year, so the signals show a theme and a trend), language and
  youth in Wezep-Oost, a few households in the scattered houses;
* life domains, outcomes and ZRM scores (on about a third) that fit the question, an
  opportunity for the collective on about a third and a resident's idea on about a fifth;
* Dutch free text from varied templates that names fictional people, streets and ages, as
  real notes do: the signals only ever see it de-identified.

The households are closed history and ongoing support without work items: no plans, no
risk signals and no Wmo term still open, so the worklists show only the hand-written
cases. Conversations are by the demo professional and the demo coordinator.

Idempotent: the data are drawn from a fixed seed relative to today. On a later load
nothing is generated again; the dates of the generated households are moved by the days
that passed since they were loaded (as the hand-written cases are), so the year stays
the last year.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Neighbourhood
from wijkkompas.conversations.constants import Outcome
from wijkkompas.residents.models import Household
from wijkkompas.teams.models import Team

from .casegen import (
    CaseContext,
    CaseGenerator,
    CaseTexts,
    ConversationText,
    _cumulative,
    _pick,
    _spread,
)
from .individual import shift_households

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = "wezep.json"
SEED = "wezep-demo"
#: Conversations generated (the hand-written cases add their own).
CONVERSATIONS = 600
#: Households opened at most this many days ago (15 months).
SPAN_DAYS = 456
#: Most households are supported for a few months: a closed case lasted at most this long
#: (so the conversations spread evenly over the year instead of piling up at its end).
CASE_DAYS = 180
#: Share of the conversations with an opportunity for the collective, with an idea.
OPPORTUNITY_SHARE = 0.33
IDEA_SHARE = 0.2
#: Fictional BSNs (11-proef) of the generated residents start here: apart from the
#: benchmark's (``casegen.bsn_for``).
BSN_BASE = 9_000_000

# --- who lives where and what they ask (demo/data/wezep.json) ------------------------------


@dataclass(frozen=True)
class Profile:
    """One kind of household: who lives there and what they bring to the kitchen table."""

    born: tuple[int, int]
    generation: str
    sizes: tuple[int, ...]
    core_domain: str
    other_domains: tuple[str, ...]
    #: Outcome code -> weight.
    outcomes: dict[str, int]
    #: ZRM domain positions (0-based, ZRM 2017 order) that are low for this kind.
    zrm_low: tuple[int, ...]
    questions: tuple[str, ...]
    behind: tuple[str, ...]
    strengths: tuple[str, ...]
    networks: tuple[str, ...]
    opportunities: tuple[str, ...]
    ideas: tuple[str, ...]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Profile:
        values: dict[str, Any] = {
            f.name: tuple(data[f.name]) if isinstance(data[f.name], list) else data[f.name]
            for f in fields(cls)
        }
        return cls(**values)


@dataclass(frozen=True)
class Place:
    """A neighbourhood of Wezep: its share of the households and their kinds."""

    share: int
    #: Kind -> weight.
    kinds: dict[str, int]
    #: The kind that grows over the year (a theme with a trend), if any.
    growing: str = ""


@dataclass(frozen=True)
class WezepData:
    neighbourhoods: dict[str, Place]
    profiles: dict[str, Profile]
    last_names: list[str]
    #: Generation -> (women, men).
    first_names: dict[str, tuple[list[str], list[str]]]
    streets: list[str]
    helpers: dict[str, list[str]]


@cache
def wezep_data() -> WezepData:
    """The contents of ``demo/data/wezep.json`` (read once)."""
    raw = json.loads((DATA_DIR / DATA_FILE).read_text(encoding="utf-8"))
    outcomes = {o.value for o in Outcome}
    profiles = {kind: Profile.from_data(item) for kind, item in raw["profiles"].items()}
    for kind, profile in profiles.items():
        if set(profile.outcomes) - outcomes:
            raise ValueError(f"demo/data/{DATA_FILE}, {kind}: unknown outcomes")
    return WezepData(
        neighbourhoods={
            code: Place(share=item["share"], kinds=item["kinds"], growing=item.get("growing", ""))
            for code, item in raw["neighbourhoods"].items()
        },
        profiles=profiles,
        last_names=raw["last_names"],
        first_names={
            generation: (names["women"], names["men"])
            for generation, names in raw["first_names"].items()
        },
        streets=raw["streets"],
        helpers=raw["helpers"],
    )


class WezepTexts(CaseTexts):
    """The names and words of one kind of Wezep household (:data:`PROFILES`).

    The generator asks for a resident's name and birth year before their conversations, so
    the texts remember the person they named last and write about them.
    """

    def __init__(self, profile: Profile, data: WezepData) -> None:
        self.profile = profile
        self.data = data
        self._outcome_codes = list(profile.outcomes)
        self._outcome_cum = _cumulative(list(profile.outcomes.values()))
        self._last = ""
        self._first = ""
        self._woman = True
        self._born = profile.born[0]

    def last_name(self, rng: random.Random) -> str:
        self._last = rng.choice(self.data.last_names)
        return self._last

    def household_label(self, rng: random.Random, last_name: str, size: int) -> str:
        if size > 1:
            return f"Familie {last_name}"
        return f"{'Mevrouw' if rng.random() < 0.6 else 'Meneer'} {last_name}"

    def first_name(self, rng: random.Random) -> str:
        women, men = self.data.first_names[self.profile.generation]
        self._woman = rng.random() < 0.6
        self._first = rng.choice(women if self._woman else men)
        return self._first

    def birth_year(self, rng: random.Random) -> int:
        self._born = rng.randint(*self.profile.born)
        return self._born

    def outcome(self, u: float) -> str:
        return self._outcome_codes[_pick(self._outcome_cum, u)]

    def zrm_profile(self, random_: Callable[[], float], domains: int) -> list[int]:
        levels = [2 + int(random_() * 3) for _ in range(domains)]  # 2-4
        for i in self.profile.zrm_low:
            if i < domains:
                levels[i] = 1 + int(random_() * 2)  # 1-2
        return levels

    def conversation(self, rng: random.Random, random_: Callable[[], float]) -> ConversationText:
        p = self.profile
        helper = rng.choice(self.data.helpers[p.generation])
        slots = {
            "wie": f"{'Mevrouw' if self._woman else 'Meneer'} {self._last}",
            "naam": self._first,
            "leeftijd": str(max(18, timezone.localdate().year - self._born)),
            "straat": rng.choice(self.data.streets),
            "helper": helper,
        }
        domains = [p.core_domain, *rng.sample(p.other_domains, int(random_() * 3))]
        return ConversationText(
            participants=rng.choice(("bewoner", f"bewoner, {helper}", "bewoner, partner")),
            question=_fill(rng.choice(p.questions), slots),
            question_behind=_fill(rng.choice(p.behind), slots),
            life_domains=domains,
            own_strength=_fill(rng.choice(p.strengths), slots),
            network=_fill(rng.choice(p.networks), slots),
            collective_opportunity=_fill(rng.choice(p.opportunities), slots)
            if random_() < OPPORTUNITY_SHARE
            else "",
            resident_idea=_fill(rng.choice(p.ideas), slots) if random_() < IDEA_SHARE else "",
        )


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return text[:1].upper() + text[1:]


def _kind_for(rng: random.Random, place: Place, recency: float) -> str:
    """The kind of a household in ``place``; ``recency`` 0 (opened 15 months ago) to 1
    (opened now). The growing kind weighs half at the start, one and a half now."""
    mix = dict(place.kinds)
    if place.growing:
        mix[place.growing] = round(mix[place.growing] * (0.5 + recency))
    kinds = list(mix)
    return kinds[_pick(_cumulative(list(mix.values())), rng.random())]


# --- loading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WezepYear:
    """What was generated (or, on a later load, moved)."""

    households: int
    conversations: int
    moved_days: int = 0


def _generate(team: Team, today: dt.date) -> CaseGenerator:
    """The generator with every row of the Wezep year in its buffers (nothing written)."""
    context = CaseContext([team.municipality_id], team_ids=[team.pk], worker_username=None)
    (info,) = context.teams
    authors = _authors(team)
    generator = CaseGenerator(
        context,
        seed=0,
        today=today,
        span_days=SPAN_DAYS,
        closed_after_days=CASE_DAYS // 2,
        closed_share=0.85,
        case_days=CASE_DAYS,
        open_wmo_terms=False,
    )
    data = wezep_data()
    places = data.neighbourhoods
    neighbourhood_ids = dict(
        Neighbourhood.objects.filter(code__in=places).values_list("code", "pk")
    )
    codes = list(places)
    where_cum = _cumulative([places[c].share for c in codes])
    texts = {kind: WezepTexts(profile, data) for kind, profile in data.profiles.items()}
    rng = random.Random(SEED)
    made = 0
    registered = 0
    while made < CONVERSATIONS:
        code = codes[_pick(where_cum, rng.random())]
        age = rng.randint(7, SPAN_DAYS)
        kind = _kind_for(rng, places[code], 1 - age / SPAN_DAYS)
        generator.texts = texts[kind]
        size = rng.choice(data.profiles[kind].sizes)
        residents = max(1, min(size, 1 + int(rng.random() * size)))
        conversations = min(residents + rng.randint(0, 2), CONVERSATIONS - made)
        residents = min(residents, conversations)
        generator._household(
            rng,
            info,
            _spread(rng, conversations, residents),
            index_base=BSN_BASE + registered,
            authors=authors,
            coordinators=authors,
            open_wmo=0,
            risk=False,
            plan=False,
            varied=True,
            neighbourhood_id=neighbourhood_ids[code],
            age=age,
        )
        made += conversations
        registered += residents
    return generator


def _authors(team: Team) -> list[int]:
    """The demo professional (twice as often) and the demo coordinator."""
    users = dict(
        User.objects.filter(
            is_demo=True, teams=team, username__in=["demo-professional", "demo-coordinator"]
        ).values_list("username", "pk")
    )
    return [users["demo-professional"], users["demo-professional"], users["demo-coordinator"]]


#: A generated year is recognised by the names of its first households, in order.
RECOGNISED_BY = 8


def _generated(team: Team, named_labels: Sequence[str], labels: list[str]) -> list[Household]:
    """The households of an earlier load of the year (``[]``: not loaded yet).

    They are the team's households that are not hand-written whose names follow
    ``labels`` (the names drawn now, in order), oldest first: households that someone
    added in the demo before or after them are not taken for generated ones.
    """
    candidates = list(
        Household.objects.filter(team=team).exclude(label__in=named_labels).order_by("pk")
    )
    head = labels[:RECOGNISED_BY]
    names = [h.label for h in candidates]
    for start in range(len(candidates) - len(head) + 1):
        if names[start : start + len(head)] == head:
            return candidates[start : start + len(labels)]
    return []


def wezep_year_load(*, team: Team, named_labels: Sequence[str], summary: Any = None) -> WezepYear:
    """Generate the Wezep year once; on a later load move its dates to today."""
    today = timezone.localdate()
    generator = _generate(team, today)
    rows = generator.buf.households
    existing = _generated(team, named_labels, [row[3] for row in rows])
    if existing:
        # Loaded before: as many households as were generated then, moved by the days
        # that passed (the first household tells how many).
        delta = rows[0][5] - existing[0].opened_on
        shift_households([h.pk for h in existing], delta)
        _note(summary, "household", len(existing), created=False)
        return WezepYear(
            households=len(existing),
            conversations=0,
            moved_days=delta.days,
        )
    generator.flush()
    _note(summary, "household", len(rows), created=True)
    _note(summary, "conversation", generator.counts.conversations, created=True)
    return WezepYear(households=len(rows), conversations=generator.counts.conversations)


def _note(summary: Any, kind: str, count: int, *, created: bool) -> None:
    if summary is not None:
        for _ in range(count):
            summary.note(kind, created)
