"""Fictional case data at benchmark size for the generator (``wijkkompas generate``):
households, residents, consents, conversations, ZRM assessments, plans with reviews, goals
and actions, and risk signals.

(The demo's hand-written cases are in :mod:`wijkkompas.demo.cases`; this is the bulk.)

Sizes are counted in conversations; residents follow at :data:`RESIDENTS_PER_CONVERSATION`
(300,000 residents at 1,000,000 conversations) and a third of the conversations carry a ZRM
2017 assessment with its 13 scores.

Two kinds of data:

* the **bench worker's own work** (:data:`BENCH_WORKER_USERNAME`, a professional in the
  first team of the first generated municipality): a fixed set of households, residents,
  conversations with open Wmo terms, plans and risk signals, the same at every size, so the
  worklist benchmark measures the same personal worklist on 10,000 and on 1,000,000
  conversations;
* the **bulk**, in blocks of :data:`BLOCK_CONVERSATIONS` conversations, each drawn from its
  own ``random.Random(f"{seed}:cases:{block}")``: households spread evenly over all
  generated teams, recorded by the team's members (never by the bench worker). Blocks can
  be added later (:func:`cases_top_up`), which is how the growth benchmark goes from 10,000
  to 1,000,000 conversations in one run.

Dates are relative to ``today`` (over the last three years), so the worklist has terms that
are due, due soon and overdue on the day of the run; pass ``today`` for repeatable data.
Derived fields follow the services' rules: ``Conversation.wmo_due_on`` is computed by
``conversations.services.wmo_due_on`` itself, ``Plan.next_review_on`` is the earliest
review not held.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.conversations.constants import (
    FindingPlace,
    LifeDomain,
    Outcome,
)
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.services import wmo_due_on
from wijkkompas.instruments.constants import ZRM
from wijkkompas.instruments.models import Assessment, AssessmentScore, InstrumentVersion
from wijkkompas.plans.constants import GoalStatus, PlanStatus
from wijkkompas.plans.models import Goal, Plan, PlanAction, Review
from wijkkompas.residents.constants import (
    ConsentForm,
    ConsentPurpose,
    MeldcodeStep,
    RiskKind,
    Urgency,
)
from wijkkompas.residents.models import Consent, Household, Resident, RiskSignal
from wijkkompas.teams.models import Membership, Team

from .bulk import BulkWriter, IdAllocator, built_once

#: The account whose worklist the benchmarks measure.
BENCH_WORKER_USERNAME = "bench-worker"
#: The shipped instrument version the assessments use (instruments data migration).
ZRM_VERSION_LABEL = "2017"

RESIDENTS_PER_CONVERSATION = 0.3
ASSESSMENT_SHARE = 1 / 3
BLOCK_CONVERSATIONS = 1000
#: Write to the database after this many conversations (and their households …).
FLUSH_CONVERSATIONS = 50_000
SPAN_DAYS = 3 * 365

#: The bench worker's own work: the same at every size.
OWN_HOUSEHOLDS = 15
OWN_RESIDENTS = 30
OWN_CONVERSATIONS = 100
OWN_OPEN_WMO = 20
OWN_RISK_SIGNALS = 8

WMO_SHARE = 0.1
PLAN_SHARE = 0.35
RISK_SHARE = 0.06
CLOSED_SHARE = 0.25
BSN_SHARE = 0.1

HOUSEHOLD_SIZES = (1, 2, 3, 4, 5)
HOUSEHOLD_SIZE_WEIGHTS = (40, 30, 15, 10, 5)
OUTCOME_WEIGHTS = {
    Outcome.OWN_NETWORK.value: 25,
    Outcome.COLLECTIVE.value: 15,
    Outcome.GENERAL.value: 30,
    Outcome.WMO.value: 12,
    Outcome.SECOND_LINE.value: 18,
}
PLACES = [p.value for p in FindingPlace]
PLACE_WEIGHTS = [40 if p == FindingPlace.HOME else 8 for p in FindingPlace]
DOMAINS = [d.value for d in LifeDomain]
URGENCIES = [u.value for u in Urgency]
URGENCY_WEIGHTS = [3, 5, 3, 1]
RISK_KINDS = [k.value for k in RiskKind]

FIRST_NAMES = [
    "Anna", "Bram", "Charlotte", "Daan", "Emma", "Finn", "Sophie", "Lucas", "Julia", "Sem",
    "Fleur", "Thijs", "Lotte", "Ruben", "Sanne", "Jesse", "Noa", "Milan", "Eva", "Lars",
    "Fatima", "Mohamed", "Yasmin", "Ahmet", "Elif", "Priya", "Wim", "Greet", "Henk", "Ria",
    "Marloes", "Jeroen", "Ilse", "Karin", "Dennis", "Annemiek", "Gerrit", "Ingrid", "Kees",
    "Naima", "Tess", "Bas", "Mila", "Youssef", "Zeynep", "Joost", "Miriam", "Teun", "Roos",
]  # fmt: skip
LAST_NAMES = [
    "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos",
    "Peters", "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Kok", "Jacobs", "Vermeulen",
    "Koster", "Prins", "Huisman", "Boersma", "Postma", "Kuipers", "Veenstra", "Schouten",
    "Yilmaz", "Amrani", "Bouzid", "Kaya", "Wolters", "Hoekstra", "Timmermans", "Groen",
    "Sanders", "van Dam", "de Boer", "van Leeuwen", "Willems", "Claassen", "El Idrissi",
]  # fmt: skip
STREETS = [
    "Dorpsstraat", "Kerkweg", "Molenlaan", "Schoolstraat", "Beukenlaan", "Julianastraat",
    "Stationsweg", "Nieuwstraat", "Eikenlaan", "Wilhelminaplein", "Kastanjehof", "Dijkweg",
]  # fmt: skip
QUESTIONS = [
    "Ik kom niet rond en de rekeningen stapelen zich op.",
    "Mijn moeder woont alleen en redt het huishouden niet meer.",
    "Ik voel me eenzaam sinds mijn partner is overleden.",
    "Onze zoon gaat niet meer naar school.",
    "Ik zoek werk maar weet niet waar ik moet beginnen.",
    "De trap in huis wordt te zwaar; kan ik een traplift krijgen?",
    "Er is veel spanning thuis sinds ik mijn baan kwijt ben.",
    "Ik heb hulp nodig bij het invullen van formulieren.",
    "Mijn vader wordt vergeetachtig en ik maak me zorgen.",
    "Ik wil graag iets doen voor de buurt, maar weet niet wat.",
    "De huur is verhoogd en ik kan het niet meer betalen.",
    "Ik heb moeite met Nederlands en begrijp de brieven niet.",
]
QUESTIONS_BEHIND = [
    "Schaamte om hulp te vragen; wil de regie houden.",
    "Overbelaste mantelzorger die zelf ook rust nodig heeft.",
    "Weinig contacten in de buurt sinds de verhuizing.",
    "Zorgen over de toekomst van de kinderen.",
    "Wil graag weer meedoen en nuttig zijn.",
    "",
]
STRENGTHS = [
    "Houdt het overzicht in de administratie als het rustig is.",
    "Kan goed koken en doet dat graag voor anderen.",
    "Is handig met gereedschap.",
    "Heeft doorzettingsvermogen en humor.",
    "",
]
NETWORKS = [
    "Dochter woont in de buurt en komt wekelijks langs.",
    "Buurvrouw helpt af en toe met boodschappen.",
    "Weinig netwerk; contact met de kerk.",
    "Vriendin uit de wijk, verder weinig contact.",
    "",
]
OPPORTUNITIES = [
    "Meer buurtbewoners worstelen met de energierekening: samen een energiecafé?",
    "Een wandelgroep voor ouderen die alleen wonen.",
    "Taalmaatjes uit de buurt koppelen aan nieuwkomers.",
    "Een repaircafé in het buurthuis.",
    "",
    "",
]
IDEAS = [
    "Wil graag een kookavond voor buurtgenoten organiseren.",
    "Zou andere ouders willen helpen met huiswerkbegeleiding.",
    "Wil de moestuin bij het buurthuis weer opstarten.",
    "",
    "",
    "",
]
PARTICIPANTS = [
    "bewoner",
    "bewoner, dochter",
    "bewoner, partner",
    "bewoner, buurvrouw",
    "bewoner, zoon, mantelzorger",
]
PLAN_SUMMARIES = [
    "Het huishouden wil de schulden op orde krijgen en weer overzicht hebben.",
    "Moeder wil langer zelfstandig thuis blijven wonen met steun van de kinderen.",
    "Het gezin wil rust in huis en een vaste dag- en weekstructuur.",
    "De bewoner wil weer aan het werk en nieuwe mensen leren kennen.",
]
GOALS = [
    ("Binnen een half jaar een overzicht van alle schulden.", "finances"),
    ("Twee keer per week naar de dagbesteding.", "daytime"),
    ("Hulp bij het huishouden geregeld.", "self_care"),
    ("Elke week iets ondernemen met iemand uit de buurt.", "social_network"),
    ("Een vrijwilligersplek vinden.", "participation"),
    ("Zoon gaat weer naar school.", "parenting"),
]
ACTIONS = [
    "Afspraak maken met de schuldhulpverlening.",
    "Aanvraag huishoudelijke hulp indienen.",
    "Kennismaken met het buurthuis.",
    "Contact opnemen met de school.",
    "Samen de post doornemen.",
]
RISK_DESCRIPTIONS = {
    "safety": "Buren melden harde ruzies en een gevaarlijke situatie in de woning.",
    "care_avoidance": "Houdt de deur dicht en zegt afspraken af.",
    "debts": "Betalingsachterstand bij de woningcorporatie en de energieleverancier.",
    "domestic_violence": "Signalen van huiselijk geweld gezien bij het huisbezoek.",
}


@dataclass(frozen=True)
class ConversationText:
    """The free text and life domains of one generated conversation."""

    participants: str
    question: str
    question_behind: str
    life_domains: list[str]
    own_strength: str
    network: str
    collective_opportunity: str
    resident_idea: str


class CaseTexts:
    """Who a generated case is about and what its conversations say: the fixed lists above.

    The generator asks this object for every name, birth year, outcome, ZRM profile and
    text, so another caller can give its cases a character of its own by passing a
    subclass (the demo's Wezep households, :mod:`wijkkompas.demo.wezep`) while the
    benchmark data stays exactly as it was (these methods draw from ``rng`` in the order
    the generator always did).
    """

    def last_name(self, rng: random.Random) -> str:
        return rng.choice(LAST_NAMES)

    def household_label(self, rng: random.Random, last_name: str, size: int) -> str:
        return f"Familie {last_name}"

    def first_name(self, rng: random.Random) -> str:
        return rng.choice(FIRST_NAMES)

    def birth_year(self, rng: random.Random) -> int:
        return rng.randint(1935, 2010)

    def outcome(self, u: float) -> str:
        return _OUTCOMES[_pick(_OUTCOME_CUM, u)]

    def zrm_profile(self, random_: Callable[[], float], domains: int) -> list[int]:
        """A resident's baseline ZRM level per domain (1-4), in the domains' order."""
        return [1 + int(random_() * 4) for _ in range(domains)]

    def conversation(self, rng: random.Random, random_: Callable[[], float]) -> ConversationText:
        return ConversationText(
            participants=PARTICIPANTS[int(random_() * len(PARTICIPANTS))],
            question=QUESTIONS[int(random_() * len(QUESTIONS))],
            question_behind=QUESTIONS_BEHIND[int(random_() * len(QUESTIONS_BEHIND))],
            life_domains=rng.sample(DOMAINS, 1 + int(random_() * 3)),
            own_strength=STRENGTHS[int(random_() * len(STRENGTHS))],
            network=NETWORKS[int(random_() * len(NETWORKS))],
            collective_opportunity=OPPORTUNITIES[int(random_() * len(OPPORTUNITIES))],
            resident_idea=IDEAS[int(random_() * len(IDEAS))],
        )


def residents_for(conversations: int) -> int:
    """How many residents go with ``conversations`` conversations in total."""
    return round(conversations * RESIDENTS_PER_CONVERSATION)


def bsn_for(index: int) -> str:
    """A fictional BSN that passes the 11-proef, unique per index ('' when none fits)."""
    base = f"{80_000_000 + index:08d}"
    total = sum(w * int(d) for w, d in zip(range(9, 1, -1), base, strict=True))
    check = total % 11
    return "" if check == 10 else base + str(check)


@dataclass
class TeamInfo:
    id: int
    municipality_id: int
    neighbourhood_id: int | None
    users: list[int]
    coordinators: list[int]
    organisations: list[int]


@dataclass
class CaseCounts:
    households: int = 0
    residents: int = 0
    consents: int = 0
    conversations: int = 0
    assessments: int = 0
    assessment_scores: int = 0
    plans: int = 0
    reviews: int = 0
    goals: int = 0
    plan_actions: int = 0
    risk_signals: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class CaseContext:
    """What the case generator needs from the generated municipalities, read once.

    ``team_ids``: only these teams (default: every team of the municipalities).
    ``worker_username``: the account whose own work is generated apart (the bench
    worker); ``None`` for none (the demo), and then :meth:`CaseGenerator.own_work` cannot
    be used.
    """

    def __init__(
        self,
        municipality_ids: list[int],
        *,
        team_ids: list[int] | None = None,
        worker_username: str | None = BENCH_WORKER_USERNAME,
    ) -> None:
        chosen = Team.objects.filter(municipality_id__in=municipality_ids)
        if team_ids is not None:
            chosen = chosen.filter(pk__in=team_ids)
        teams = list(
            chosen.order_by("municipality__code", "pk").values_list("pk", "municipality_id")
        )
        team_ids = [t for t, _ in teams]
        neighbourhood_of: dict[int, int] = {}
        for team_id, nb_id in (
            Team.neighbourhoods.through.objects.filter(team_id__in=team_ids)
            .order_by("pk")
            .values_list("team_id", "neighbourhood_id")
        ):
            neighbourhood_of.setdefault(team_id, nb_id)
        worker = User.objects.filter(username=worker_username).first() if worker_username else None
        if worker_username and worker is None:
            raise ValueError("The generated bench worker account is missing")
        self.worker_id: int = worker.pk if worker is not None else 0
        members: dict[int, list[tuple[int, int, str]]] = {}
        for team_id, user_id, organisation_id, role in (
            Membership.objects.filter(team_id__in=team_ids, user__isnull=False)
            .order_by("pk")
            .values_list("team_id", "user_id", "organisation_id", "user__role")
        ):
            members.setdefault(team_id, []).append((user_id, organisation_id, role))
        self.teams: list[TeamInfo] = []
        for team_id, municipality_id in teams:
            own = members.get(team_id, [])
            users = [u for u, _, _ in own if u != self.worker_id]
            if not users:
                raise ValueError(f"Generated team {team_id} has no accounts besides the worker")
            coordinators = [u for u, _, role in own if role == Role.COORDINATOR] or users
            self.teams.append(
                TeamInfo(
                    id=team_id,
                    municipality_id=municipality_id,
                    neighbourhood_id=neighbourhood_of.get(team_id),
                    users=users,
                    coordinators=coordinators,
                    organisations=sorted({o for _, o, _ in own}),
                )
            )
        worker_team = (
            Membership.objects.filter(user=worker).order_by("pk").values_list("team_id", flat=True)
        ).first()
        self.worker_team: TeamInfo | None = next(
            (t for t in self.teams if t.id == worker_team), None
        )
        self.names: dict[int, str] = {
            pk: f"{first} {last}".strip()
            for pk, first, last in User.objects.filter(
                memberships__team_id__in=team_ids
            ).values_list("pk", "first_name", "last_name")
        }
        version = (
            InstrumentVersion.objects.filter(
                instrument__code=ZRM,
                instrument__municipality__isnull=True,
                label=ZRM_VERSION_LABEL,
            )
            .prefetch_related("domains")
            .first()
        )
        if version is None:
            raise ValueError(
                "The shipped ZRM 2017 instrument is missing: run `wijkkompas migrate` first"
            )
        self.zrm_version_id: int = version.pk
        self.zrm_domain_ids: list[int] = [
            d.pk for d in sorted(version.domains.all(), key=lambda d: d.position)
        ]


@dataclass
class _Buffers:
    households: list[tuple[Any, ...]] = field(default_factory=list)
    residents: list[tuple[Any, ...]] = field(default_factory=list)
    consents: list[tuple[Any, ...]] = field(default_factory=list)
    conversations: list[tuple[Any, ...]] = field(default_factory=list)
    assessments: list[tuple[Any, ...]] = field(default_factory=list)
    assessment_scores: list[tuple[Any, ...]] = field(default_factory=list)
    plans: list[tuple[Any, ...]] = field(default_factory=list)
    reviews: list[tuple[Any, ...]] = field(default_factory=list)
    goals: list[tuple[Any, ...]] = field(default_factory=list)
    plan_actions: list[tuple[Any, ...]] = field(default_factory=list)
    risk_signals: list[tuple[Any, ...]] = field(default_factory=list)


#: The columns of each buffer, in the order the rows are built; parents before children.
COLUMNS: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "households": (
        Household,
        (
            "id", "municipality_id", "team_id", "label", "neighbourhood_id", "opened_on",
            "closed_on",
        ),
    ),
    "residents": (
        Resident,
        (
            "id", "household_id", "name", "birth_year", "neighbourhood_id", "phone", "email",
            "address", "bsn",
        ),
    ),
    "consents": (
        Consent,
        (
            "resident_id", "household_id", "team_id", "organisation_id", "covers_personalia",
            "covers_conversations", "covers_assessments", "covers_plan",
            "covers_case_discussion", "purpose", "form", "valid_from", "valid_until",
            "withdrawn_at", "recorded_by_id",
        ),
    ),
    "conversations": (
        Conversation,
        (
            "id", "municipality_id", "team_id", "household_id", "resident_id", "author_id",
            "held_on", "place", "participants", "question", "question_behind", "life_domains",
            "own_strength", "network", "outcome", "collective_opportunity", "resident_idea",
            "is_wmo_report", "reported_on", "investigation_done_on", "applied_on",
            "decided_on", "wmo_due_on",
        ),
    ),
    "assessments": (
        Assessment,
        ("id", "resident_id", "version_id", "conversation_id", "assessed_on", "assessed_by_id"),
    ),
    "assessment_scores": (AssessmentScore, ("assessment_id", "domain_id", "value")),
    "plans": (
        Plan,
        (
            "id", "municipality_id", "team_id", "household_id", "coordinator_id", "summary",
            "status", "started_on", "next_review_on", "closed_on",
        ),
    ),
    "reviews": (Review, ("plan_id", "planned_on", "held_on", "conclusion", "held_by_id")),
    "goals": (
        Goal, ("id", "plan_id", "text", "life_domain", "status", "target_on", "author_id"),
    ),
    "plan_actions": (
        PlanAction,
        (
            "plan_id", "goal_id", "description", "owner_organisation_id", "owner_name",
            "owner_user_id", "due_on", "done_on",
        ),
    ),
    "risk_signals": (
        RiskSignal,
        (
            "household_id", "resident_id", "kind", "urgency", "description", "meldcode_step",
            "raised_by_id", "raised_on", "review_on", "resolved_on",
        ),
    ),
}  # fmt: skip
LOADED_MODELS = [model for model, _ in COLUMNS.values()]


class CaseGenerator:
    """Builds case rows in memory and writes them in batches."""

    def __init__(
        self,
        context: CaseContext,
        *,
        seed: int,
        today: dt.date,
        texts: CaseTexts | None = None,
        span_days: int = SPAN_DAYS,
        closed_after_days: int = 365,
        closed_share: float = CLOSED_SHARE,
        open_wmo_terms: bool = True,
        case_days: int | None = None,
    ) -> None:
        """``texts``: names and words of the cases (default: the benchmark's lists; a
        caller may swap ``self.texts`` between households). ``span_days``: households open
        at most this many days before ``today``; those open longer than
        ``closed_after_days`` are closed at ``closed_share``, after at most ``case_days``
        (default: any time up to today). ``open_wmo_terms=False``: no
        Wmo report of the bulk is left with a term still open (the demo, whose worklists
        show only its hand-written cases)."""
        self.ctx = context
        self.seed = seed
        self.today = today
        self.texts = texts or CaseTexts()
        self.span_days = span_days
        self.closed_after_days = closed_after_days
        self.closed_share = closed_share
        self.open_wmo_terms = open_wmo_terms
        self.case_days = case_days or self.span_days + 800
        self.ids = IdAllocator()
        self.buf = _Buffers()
        self.writers = {
            name: BulkWriter(model, columns) for name, (model, columns) in COLUMNS.items()
        }
        self.counts = CaseCounts()
        self._days = [dt.timedelta(days=n) for n in range(max(SPAN_DAYS, span_days) + 800)]
        self._place_cum = _cumulative(PLACE_WEIGHTS)

    def flush(self) -> None:
        """Write the buffered rows, parents first, and start new buffers."""
        for name, writer in self.writers.items():
            rows = getattr(self.buf, name)
            setattr(self.counts, name, getattr(self.counts, name) + writer.write(rows))
        self.buf = _Buffers()

    # -- the two kinds of data --------------------------------------------------------------

    def own_work(self) -> None:
        """The bench worker's fixed set of cases, in the worker's team."""
        rng = random.Random(f"{self.seed}:own")
        team = self.ctx.worker_team
        if team is None:
            raise ValueError("This case context has no bench worker")
        worker = [self.ctx.worker_id]
        per_household = OWN_RESIDENTS // OWN_HOUSEHOLDS
        counts = _spread(rng, OWN_CONVERSATIONS, OWN_RESIDENTS)
        for h in range(OWN_HOUSEHOLDS):
            first = h * per_household
            self._household(
                rng,
                team,
                counts[first : first + per_household],
                index_base=19_000_000 + first,
                authors=worker,
                coordinators=worker,
                open_wmo=max(0, min(per_household, OWN_OPEN_WMO - first)),
                risk=h < OWN_RISK_SIGNALS,
                plan=True,
                varied=False,
            )

    def bulk_block(self, block: int, conversations: int, residents: int) -> None:
        """One block of bulk data, drawn from its own seed."""
        rng = random.Random(f"{self.seed}:cases:{block}")
        counts = _spread(rng, conversations, residents)
        teams = self.ctx.teams
        start = 0
        while start < residents:
            size = min(
                residents - start, rng.choices(HOUSEHOLD_SIZES, cum_weights=_HOUSEHOLD_CUM)[0]
            )
            team = teams[rng.randrange(len(teams))]
            self._household(
                rng,
                team,
                counts[start : start + size],
                index_base=block * BLOCK_CONVERSATIONS + start,
                authors=team.users,
                coordinators=team.coordinators,
                open_wmo=0,
                risk=rng.random() < RISK_SHARE,
                plan=rng.random() < PLAN_SHARE,
                varied=True,
            )
            start += size

    # -- one household ------------------------------------------------------------------------

    def _household(
        self,
        rng: random.Random,
        team: TeamInfo,
        conversation_counts: list[int],
        *,
        index_base: int,
        authors: list[int],
        coordinators: list[int],
        open_wmo: int,
        risk: bool,
        plan: bool,
        varied: bool,
        neighbourhood_id: int | None = None,
        age: int | None = None,
    ) -> None:
        """A household of ``len(conversation_counts)`` residents with their conversations.

        ``varied``: bulk data (some cases closed, some consents withdrawn, expired or
        missing); the worker's own cases are all open with consents in force.
        ``neighbourhood_id``: where the household lives (default: the team's first
        neighbourhood). ``age``: days since the case opened (default: drawn).
        """
        today = self.today
        days = self._days
        buf = self.buf
        texts = self.texts
        household_id = self.ids.take(Household)
        last_name = texts.last_name(rng)
        if age is None:
            age = rng.randint(7, self.span_days) if varied else rng.randint(60, 2 * 365)
        opened = today - days[age]
        closed = None
        if varied and age > self.closed_after_days and rng.random() < self.closed_share:
            closed = opened + days[rng.randint(min(90, age - 1), min(age, self.case_days) - 1)]
        span = ((closed or today) - opened).days
        if neighbourhood_id is None:
            neighbourhood_id = team.neighbourhood_id
        buf.households.append(
            (
                household_id,
                team.municipality_id,
                team.id,
                texts.household_label(rng, last_name, len(conversation_counts)),
                neighbourhood_id,
                opened,
                closed,
            )
        )
        address = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
        resident_ids: list[int] = []
        for j, count in enumerate(conversation_counts):
            resident_id = self.ids.take(Resident)
            resident_ids.append(resident_id)
            first = texts.first_name(rng)
            has_phone = rng.random() < 0.6
            has_email = rng.random() < 0.3
            has_bsn = rng.random() < BSN_SHARE
            buf.residents.append(
                (
                    resident_id,
                    household_id,
                    f"{first} {last_name}",
                    texts.birth_year(rng),
                    neighbourhood_id,
                    f"06-{rng.randint(10_000_000, 99_999_999)}" if has_phone else "",
                    f"{first}.{last_name}@example.org".lower().replace(" ", "")
                    if has_email
                    else "",
                    address,
                    bsn_for(index_base + j) if has_bsn else "",
                )
            )
            self._consents(rng, resident_id, household_id, team, opened, authors, varied)
            self._conversations(
                rng,
                team,
                household_id,
                resident_id,
                count,
                opened,
                span,
                authors,
                open_wmo=j < open_wmo,
                varied=varied,
            )
        if plan:
            self._plan(rng, team, household_id, opened, closed, coordinators, varied)
        if risk:
            self._risk(rng, household_id, rng.choice(resident_ids), opened, closed, authors, varied)

    def _consents(
        self,
        rng: random.Random,
        resident_id: int,
        household_id: int,
        team: TeamInfo,
        opened: dt.date,
        authors: list[int],
        varied: bool,
    ) -> None:
        """Most residents consent to their team for every part; some consents are withdrawn
        or expired, a few residents gave none, some also consent to an organisation."""
        today = self.today
        days = self._days
        recorded_by = rng.choice(authors)
        form = rng.choice((ConsentForm.VERBAL, ConsentForm.WRITTEN, ConsentForm.DIGITAL)).value
        u = rng.random() if varied else 1.0
        if u < 0.03:
            return  # no consent recorded: the team sees nothing of this resident
        valid_until = None
        withdrawn_at = None
        age = (today - opened).days
        if u < 0.08:
            withdrawn = opened + days[rng.randint(1, max(1, age))]
            withdrawn_at = dt.datetime.combine(withdrawn, dt.time(10), tzinfo=dt.UTC)
        elif u < 0.12:
            valid_until = opened + days[rng.randint(0, max(0, age - 1))]
        elif varied and rng.random() < 0.3:
            valid_until = today + days[rng.randint(30, 700)]
        covers_all = not varied or rng.random() < 0.9
        self.buf.consents.append(
            (
                resident_id,
                household_id,
                team.id,
                None,
                True,
                True,
                covers_all,
                covers_all,
                covers_all,
                ConsentPurpose.SUPPORT.value,
                form,
                opened,
                valid_until,
                withdrawn_at,
                recorded_by,
            )
        )
        if varied and rng.random() < 0.12:
            self.buf.consents.append(
                (
                    resident_id,
                    household_id,
                    None,
                    rng.choice(team.organisations),
                    True,
                    True,
                    rng.random() < 0.5,
                    False,
                    False,
                    ConsentPurpose.REFERRAL.value,
                    form,
                    opened,
                    None,
                    None,
                    recorded_by,
                )
            )

    def _conversations(
        self,
        rng: random.Random,
        team: TeamInfo,
        household_id: int,
        resident_id: int,
        count: int,
        opened: dt.date,
        span: int,
        authors: list[int],
        *,
        open_wmo: bool,
        varied: bool,
    ) -> None:
        """``count`` conversations over the case's life; a third with a ZRM assessment.

        ``open_wmo``: the last one is a Wmo report with an open term. Only ``varied`` (bulk)
        data has other Wmo reports, so the worker's open terms are exactly those forced."""
        today = self.today
        days = self._days
        buf = self.buf
        texts = self.texts
        random_ = rng.random
        dates = sorted(opened + days[rng.randint(0, span)] for _ in range(count))
        if open_wmo:
            dates[-1] = max(dates[-1], today - days[rng.randint(0, 50)])
        profile: list[int] | None = None
        improvement = 0
        domain_ids = self.ctx.zrm_domain_ids
        version_id = self.ctx.zrm_version_id
        n_authors = len(authors)
        for i, held_on in enumerate(dates):
            conversation_id = self.ids.take(Conversation)
            author = authors[int(random_() * n_authors)]
            forced = open_wmo and i == count - 1
            is_wmo = forced or (varied and random_() < WMO_SHARE)
            if is_wmo:
                outcome = Outcome.WMO.value
                investigated, applied, decided, due = self._wmo(rng, held_on, force_open=forced)
                if due is not None and not forced and not self.open_wmo_terms:
                    # A term still open would land on the author's worklist: without open
                    # terms the report is left out (the question went to a general service).
                    is_wmo, outcome = False, Outcome.GENERAL.value
                    investigated = applied = decided = due = None
            else:
                outcome = texts.outcome(random_())
                investigated = applied = decided = due = None
            place = PLACES[_pick(self._place_cum, random_())]
            said = texts.conversation(rng, random_)
            buf.conversations.append(
                (
                    conversation_id,
                    team.municipality_id,
                    team.id,
                    household_id,
                    resident_id,
                    author,
                    held_on,
                    place,
                    said.participants,
                    said.question,
                    said.question_behind,
                    said.life_domains,
                    said.own_strength,
                    said.network,
                    outcome,
                    said.collective_opportunity,
                    said.resident_idea,
                    is_wmo,
                    held_on if is_wmo else None,
                    investigated,
                    applied,
                    decided,
                    due,
                )
            )
            if random_() < ASSESSMENT_SHARE:
                if profile is None:
                    profile = texts.zrm_profile(random_, len(domain_ids))
                assessment_id = self.ids.take(Assessment)
                buf.assessments.append(
                    (assessment_id, resident_id, version_id, conversation_id, held_on, author)
                )
                scores = buf.assessment_scores
                for domain_id, base in zip(domain_ids, profile, strict=True):
                    value = base + improvement + (random_() < 0.15) - (random_() < 0.1)
                    scores.append((assessment_id, domain_id, 1 if value < 1 else min(value, 5)))
                if improvement < 2 and random_() < 0.4:
                    improvement += 1

    def _wmo(
        self, rng: random.Random, reported: dt.date, *, force_open: bool
    ) -> tuple[dt.date | None, dt.date | None, dt.date | None, dt.date | None]:
        """Dates of a Wmo report's investigation, application and decision, and its due term.

        Older reports are mostly done; recent ones are open, and a few are left open past
        their term (overdue). ``force_open``: the term must still be open.
        """
        days = self._days
        age = (self.today - reported).days
        late = age < 120 and rng.random() < 0.04
        investigated = applied = decided = None
        inv = rng.randint(10, 48)
        if inv <= age and not late and not (force_open and rng.random() < 0.6):
            investigated = reported + days[inv]
            if force_open or rng.random() < 0.8:
                ap = inv + rng.randint(0, 10)
                if ap <= age:
                    applied = reported + days[ap]
                    dec = ap + rng.randint(3, 18)
                    if dec <= age and not force_open and not (age < 120 and rng.random() < 0.04):
                        decided = reported + days[dec]
        due = wmo_due_on(
            is_wmo_report=True,
            reported_on=reported,
            investigation_done_on=investigated,
            applied_on=applied,
            decided_on=decided,
        )
        if force_open and due is None:
            investigated = applied = decided = None
            due = wmo_due_on(
                is_wmo_report=True,
                reported_on=reported,
                investigation_done_on=None,
                applied_on=None,
                decided_on=None,
            )
        return investigated, applied, decided, due

    def _plan(
        self,
        rng: random.Random,
        team: TeamInfo,
        household_id: int,
        opened: dt.date,
        closed: dt.date | None,
        coordinators: list[int],
        varied: bool,
    ) -> None:
        """One plan: closed with the case, or active with its next review among the reviews
        (``next_review_on`` = the earliest review not held), goals and actions."""
        today = self.today
        days = self._days
        buf = self.buf
        coordinator = rng.choice(coordinators)
        started = opened + days[rng.randint(0, min(60, (today - opened).days))]
        plan_id = self.ids.take(Plan)
        summary = rng.choice(PLAN_SUMMARIES)
        if closed is not None:
            started = min(started, closed)
            buf.plans.append(
                (
                    plan_id,
                    team.municipality_id,
                    team.id,
                    household_id,
                    coordinator,
                    summary,
                    PlanStatus.CLOSED.value,
                    started,
                    None,
                    closed,
                )
            )
            buf.reviews.append((plan_id, closed, closed, "Afgerond.", coordinator))
            return
        if started <= today - days[90] and rng.random() < 0.6:
            held = started + days[rng.randint(80, 90)]
            buf.reviews.append(
                (plan_id, held, held, "Doelen deels bereikt; plan bijgesteld.", coordinator)
            )
        low = -14 if varied else -10
        next_review = max(today + dt.timedelta(days=rng.randint(low, 120)), started)
        buf.reviews.append((plan_id, next_review, None, "", None))
        buf.plans.append(
            (
                plan_id,
                team.municipality_id,
                team.id,
                household_id,
                coordinator,
                summary,
                PlanStatus.ACTIVE.value,
                started,
                next_review,
                None,
            )
        )
        for text, domain in rng.sample(GOALS, rng.randint(1, 3)):
            goal_id = self.ids.take(Goal)
            buf.goals.append(
                (
                    goal_id,
                    plan_id,
                    text,
                    domain,
                    GoalStatus.OPEN.value,
                    next_review + days[60],
                    coordinator,
                )
            )
            due = started + days[rng.randint(14, 120)]
            done = due - days[rng.randint(0, 10)] if due < today and rng.random() < 0.8 else None
            buf.plan_actions.append(
                (
                    plan_id,
                    goal_id,
                    rng.choice(ACTIONS),
                    rng.choice(team.organisations),
                    self.ctx.names.get(coordinator, ""),
                    coordinator,
                    due,
                    done,
                )
            )

    def _risk(
        self,
        rng: random.Random,
        household_id: int,
        resident_id: int,
        opened: dt.date,
        closed: dt.date | None,
        authors: list[int],
        varied: bool,
    ) -> None:
        """A risk signal: resolved when the case closed, often resolved before; open ones
        have a review date. The worker's own are all open."""
        today = self.today
        days = self._days
        end = closed or today
        raised = opened + days[rng.randint(0, (end - opened).days)]
        kind = rng.choice(RISK_KINDS)
        resolved = None
        if closed is not None:
            resolved = closed
        elif varied and rng.random() < 0.55:
            resolved = raised + days[rng.randint(0, (today - raised).days)]
        review_on = None if resolved else today + dt.timedelta(days=rng.randint(-10, 60))
        step = rng.choice(list(MeldcodeStep)).value if kind == RiskKind.DOMESTIC_VIOLENCE else None
        self.buf.risk_signals.append(
            (
                household_id,
                resident_id,
                kind,
                rng.choices(URGENCIES, weights=URGENCY_WEIGHTS)[0],
                RISK_DESCRIPTIONS[kind],
                step,
                rng.choice(authors),
                raised,
                review_on,
                resolved,
            )
        )


_HOUSEHOLD_CUM = list(itertools.accumulate(HOUSEHOLD_SIZE_WEIGHTS))


def _cumulative(weights: list[int]) -> list[float]:
    total = sum(weights)
    out = [edge / total for edge in itertools.accumulate(weights)]
    out[-1] = 1.0
    return out


_OUTCOMES = list(OUTCOME_WEIGHTS)
_OUTCOME_CUM = _cumulative(list(OUTCOME_WEIGHTS.values()))


def _pick(cumulative: list[float], u: float) -> int:
    for i, edge in enumerate(cumulative):
        if u < edge:
            return i
    return len(cumulative) - 1


def _spread(rng: random.Random, conversations: int, residents: int) -> list[int]:
    """Conversations per resident: at least one each, the rest skewed (a few have many)."""
    counts = [1] * residents
    extra = conversations - residents
    if extra > 0 and residents:
        weights = [rng.expovariate(1.0) for _ in range(residents)]
        for i in rng.choices(range(residents), weights=weights, k=extra):
            counts[i] += 1
    return counts


# -- entry points (called by ``generator``) ------------------------------------------------


def generated_conversations(municipality_ids: list[int]) -> int:
    return Conversation.objects.filter(municipality_id__in=municipality_ids).count()


def cases_generate(
    *,
    municipality_ids: list[int],
    conversations: int,
    seed: int,
    today: dt.date,
    say: Callable[[str], None] | None = None,
) -> CaseCounts:
    """The worker's own work plus bulk blocks up to ``conversations`` conversations."""
    if not conversations:
        return CaseCounts()
    if conversations < OWN_CONVERSATIONS:
        raise ValueError(f"Generate at least {OWN_CONVERSATIONS} conversations, or 0 for none")
    generator = CaseGenerator(CaseContext(municipality_ids), seed=seed, today=today)
    with built_once(LOADED_MODELS):
        generator.own_work()
        _bulk_until(generator, have=OWN_CONVERSATIONS, want=conversations, say=say)
    return generator.counts


def cases_top_up(
    *,
    municipality_ids: list[int],
    conversations: int,
    seed: int,
    today: dt.date,
    say: Callable[[str], None] | None = None,
    first_block: int | None = None,
) -> CaseCounts:
    """Add bulk blocks until there are ``conversations`` conversations in total.

    ``first_block``: number the new blocks from here. Blocks number the generated people
    (BSNs, names), so topping up *some* of the generated municipalities must start after
    every block already used anywhere (see ``bench/signals.py``).
    """
    have = generated_conversations(municipality_ids)
    if have < OWN_CONVERSATIONS:
        raise ValueError("There is no generated case data to top up: generate it first")
    if conversations < have:
        raise ValueError(f"There are already {have} conversations, more than {conversations}")
    generator = CaseGenerator(CaseContext(municipality_ids), seed=seed, today=today)
    with built_once(LOADED_MODELS):
        _bulk_until(generator, have=have, want=conversations, say=say, first_block=first_block)
    return generator.counts


def _bulk_until(
    generator: CaseGenerator,
    *,
    have: int,
    want: int,
    say: Callable[[str], None] | None,
    first_block: int | None = None,
) -> None:
    block = (
        first_block
        if first_block is not None
        else math.ceil((have - OWN_CONVERSATIONS) / BLOCK_CONVERSATIONS)
    )
    pending = 0
    started = time.perf_counter()
    while have < want:
        size = min(BLOCK_CONVERSATIONS, want - have)
        residents = residents_for(have + size) - residents_for(have)
        generator.bulk_block(block, size, min(max(residents, 1), size))
        have += size
        pending += size
        block += 1
        if pending >= FLUSH_CONVERSATIONS:
            generator.flush()
            pending = 0
            if say is not None:
                rate = generator.counts.conversations / (time.perf_counter() - started)
                say(f"  {have:,} conversations ({rate:,.0f} conversations/s with their rows)")
    generator.flush()


def cases_remove(municipality_ids: list[int]) -> None:
    """Delete the case data of these municipalities: in bulk, children first."""
    from .purge import bulk_delete, truncate_if_all

    households = Household.objects.filter(municipality_id__in=municipality_ids)
    in_households = households.values("pk")
    residents = Resident.objects.filter(household__in=in_households)
    plans = Plan.objects.filter(household__in=in_households)
    querysets: list[Any] = [
        AssessmentScore.objects.filter(assessment__resident__in=residents.values("pk")),
        Assessment.objects.filter(resident__in=residents.values("pk")),
        Conversation.objects.filter(household__in=in_households),
        Consent.objects.filter(household__in=in_households),
        RiskSignal.objects.filter(household__in=in_households),
        PlanAction.objects.filter(plan__in=plans.values("pk")),
        Goal.objects.filter(plan__in=plans.values("pk")),
        Review.objects.filter(plan__in=plans.values("pk")),
        plans,
        residents,
        households,
    ]
    only_generated = not Household.objects.exclude(municipality_id__in=municipality_ids).exists()
    if not truncate_if_all(querysets, only_generated=only_generated):
        bulk_delete(querysets)
