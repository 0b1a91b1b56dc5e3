"""Fictional data at a given size for benchmarks and load tests (``wijkkompas generate``).

Two parts: the organisation (municipalities, areas, organisations, teams, members, each
member with an account linked to the membership) and the case data (households,
residents, consents, conversations, ZRM assessments, plans, risk signals; see
:mod:`wijkkompas.demo.casegen`), sized in conversations.

Fast: the organisation is written with ``bulk_create``, the case data with ``COPY`` on
PostgreSQL (``bulk_create`` on SQLite). Repeatable: ``random.Random`` seeded from the seed
drives every choice, and the name lists are built in, so the same seed (and the same
``today``) gives the same data on every machine without Faker.

Generated municipalities get CBS codes ``GM8001`` and up (no real municipality uses the
8000 range), which is how generated data is recognised and removed (``--reset``).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.areas.models import District, Municipality, Neighbourhood
from wijkkompas.initiatives.models import Initiative
from wijkkompas.organisations.models import Discipline, Organisation
from wijkkompas.rights.models import PurgeRun
from wijkkompas.teams.constants import PartnerKind, Positioning, Ring, TargetGroup, TeamType
from wijkkompas.teams.models import Membership, Partner, PerspectiveVersion, Team
from wijkkompas.teams.services import team_summaries_refresh

from .casegen import (
    BENCH_WORKER_USERNAME,
    CaseCounts,
    cases_generate,
    cases_remove,
    cases_top_up,
    residents_for,
)
from .purge import bulk_delete
from .socialmap_gen import social_map_generate, social_map_remove

#: Generated municipalities: GM8001, GM8002, ...
GENERATED_CODE_PREFIX = "GM8"
GENERATED_FIRST_NUMBER = 8001
DEFAULT_SEED = 2026


class GeneratedDataExists(Exception):
    """Generated data is already there and ``reset`` was not asked for."""


@dataclass(frozen=True)
class MunicipalitySize:
    teams: int
    members: int


#: The sizes. ``large`` starts with the team_overview benchmark municipality (50 teams,
#: 1,000 members) and a small one (5 teams) to show the query count does not grow.
SCALES: dict[str, list[MunicipalitySize]] = {
    "small": [MunicipalitySize(5, 100), MunicipalitySize(3, 60), MunicipalitySize(2, 40)],
    "large": [MunicipalitySize(50, 1000), MunicipalitySize(5, 100)]
    + [MunicipalitySize(10, 200)] * 18,
}


@dataclass(frozen=True)
class CaseSize:
    """Case data of a scale: ``conversations`` in total (residents follow at 0.3 per
    conversation); the growth benchmark starts at ``growth_from`` conversations."""

    conversations: int
    growth_from: int

    @property
    def residents(self) -> int:
        return residents_for(self.conversations)


CASE_SCALES: dict[str, CaseSize] = {
    "small": CaseSize(conversations=1_500, growth_from=300),
    "large": CaseSize(conversations=1_000_000, growth_from=10_000),
}

TOWNS = [
    "Lindeveen",
    "Oosterbroek",
    "Wadderwolde",
    "Heidekamp",
    "Zuiderhoeve",
    "Beekdaal",
    "Ruigenhoek",
    "Meerzicht",
    "Kolkwerd",
    "Dijkmonde",
    "Veldhuizerbroek",
    "Eikendonk",
    "Haverwoude",
    "Slotervaarde",
    "Berkelveen",
    "Gaasterhorn",
    "Moerdonk",
    "Ransdorpel",
    "Westerkoog",
    "Ypenhove",
    "Nieuwerkerkje",
    "Abbenrade",
]
DISTRICT_WORDS = [
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Buitengebied",
    "Haven",
    "Park",
    "Dorp",
    "Polder",
]
NEIGHBOURHOOD_WORDS = [
    "Bloemenbuurt",
    "Vogelwijk",
    "Schildersbuurt",
    "Molenkwartier",
    "Kerkbuurt",
    "Rivierenwijk",
    "Bomenbuurt",
    "Componistenbuurt",
    "Sterrenwijk",
    "Stationsbuurt",
    "Dijkzicht",
    "Hofstede",
    "De Akkers",
    "De Weiden",
    "Het Hout",
    "Zeeheldenbuurt",
    "Vruchtenbuurt",
    "De Gaarde",
    "Oude Dorp",
    "De Velden",
]
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Charlotte",
    "Daan",
    "Emma",
    "Finn",
    "Sophie",
    "Lucas",
    "Julia",
    "Sem",
    "Fleur",
    "Thijs",
    "Lotte",
    "Ruben",
    "Sanne",
    "Jesse",
    "Noa",
    "Milan",
    "Eva",
    "Lars",
    "Fatima",
    "Mohamed",
    "Yasmin",
    "Ahmet",
    "Elif",
    "Priya",
    "Wim",
    "Greet",
    "Henk",
    "Ria",
    "Marloes",
    "Jeroen",
    "Ilse",
    "Karin",
    "Dennis",
    "Annemiek",
    "Gerrit",
    "Ingrid",
    "Kees",
    "Naima",
]
INFIXES = ["", "", "", "", "van", "de", "van der", "van den", "ter", "el"]
LAST_NAMES = [
    "Jansen",
    "de Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Koster",
    "Prins",
    "Huisman",
    "Boersma",
    "Postma",
    "Kuipers",
    "Veenstra",
    "Schouten",
    "Yilmaz",
    "Amrani",
    "Bouzid",
    "Kaya",
    "Wolters",
    "Hoekstra",
    "Timmermans",
    "Groen",
    "Sanders",
]
ORGANISATION_NAMES = {
    "amw": ["Maatschappelijk Werk {town}", "Sociaal Werk {region}"],
    "opbouwwerk": ["Welzijn {town}", "Opbouwwerk {region}"],
    "mee": ["Cliëntondersteuning {region}", "MEE {region}"],
    "gemeente": ["Gemeente {town}"],
    "jgz-ggd": ["CJG {town}", "GGD {region}"],
    "wijkverpleging": ["Wijkzorg {region}", "Thuiszorg {town}"],
    "huisarts-poh": ["Huisartsenpraktijk {town}-{word}", "Gezondheidscentrum {word}"],
    "ggz": ["GGZ {region}"],
    "jeugdzorg": ["Jeugdhulp {region}"],
    "woningcorporatie": ["Woonstichting {town}", "Wonen {region}"],
    "schuldhulp": ["Schuldhulp {region}"],
    "ouderenwerk": ["Ouderenwerk {town}"],
    "jongerenwerk": ["Jongerenwerk {town}"],
    "vrijwilligers": ["Vrijwilligerscentrale {town}", "Mantelzorgpunt {region}"],
    "bewoners": ["Bewonersvereniging {word}", "Buurtplatform {word}"],
    "politie": ["Politie basisteam {region}"],
    "verslavingszorg": ["Verslavingszorg {region}"],
}
REGIONS = [
    "Noord",
    "Veluwe",
    "Kennemerland",
    "Waterland",
    "Zaanstreek",
    "IJsselland",
    "De Marne",
    "Gooi",
    "Rijnmond",
    "Kempen",
]
JOB_TITLES = {
    "amw": "Maatschappelijk werker",
    "opbouwwerk": "Opbouwwerker",
    "mee": "Cliëntondersteuner",
    "gemeente": "Wmo-consulent",
    "jgz-ggd": "Jeugdverpleegkundige",
    "wijkverpleging": "Wijkverpleegkundige",
    "huisarts-poh": "POH-GGZ",
    "ggz": "SPV",
    "jeugdzorg": "Jeugd- en gezinscoach",
    "woningcorporatie": "Wijkconsulent",
    "schuldhulp": "Schuldhulpverlener",
    "ouderenwerk": "Ouderenwerker",
    "jongerenwerk": "Jongerenwerker",
    "vrijwilligers": "Vrijwilligerscoördinator",
    "bewoners": "Bewonersvertegenwoordiger",
    "politie": "Wijkagent",
    "verslavingszorg": "Verslavingsdeskundige",
}
#: How often a discipline is picked for a member (AMW and opbouwwerk sit in every team).
DISCIPLINE_WEIGHTS = {
    "amw": 8,
    "opbouwwerk": 9,
    "mee": 6,
    "gemeente": 5,
    "jgz-ggd": 2,
    "wijkverpleging": 7,
    "huisarts-poh": 1,
    "ggz": 2,
    "vrijwilligers": 2,
}
DRIVES = [
    "Ik wil dat bewoners zelf het verschil maken.",
    "Mensen helpen is waarom ik dit werk doe.",
    "Achter elk keukentafelgesprek zit een kans voor het collectief.",
    "Ik wil er zijn voordat problemen zich opstapelen.",
    "Iedereen hoort erbij, ook wie het even lastig heeft.",
    "Ik verbind bewoners die iets willen met bewoners die iets nodig hebben.",
    "De buurt kan meer dragen dan we denken.",
    "Korte lijnen tussen loket en wijk.",
    "",
]
PERSPECTIVES = [
    "Samen met bewoners zorgen dat iedereen mee kan doen.",
    "Maak het verschil: goede ideeën van bewoners krijgen hier de ruimte.",
    "Niemand staat er alleen voor in onze wijk.",
    "Eigen kracht eerst, snelle hulp waar het nodig is.",
]
TEAM_PREFIX = {
    TeamType.FIXED_COMPACT: "Wijkteam",
    TeamType.FIXED_EXTENDED: "Sociaal wijkteam",
    TeamType.FLEXIBLE_NETWORK: "Wijknetwerk",
    TeamType.CASE_DIRECTION: "Regieteam",
}
PARTNERS = [
    ("CJG {town}", PartnerKind.YOUTH_NETWORK, Ring.FIRST_SHELL),
    ("Dementieketen {region}", PartnerKind.CARE_CHAIN, Ring.OUTER),
    ("Buurtmaaltijd {word}", PartnerKind.RESIDENT_INITIATIVE, Ring.OUTER),
    ("Klussendienst {word}", PartnerKind.RESIDENT_INITIATIVE, Ring.OUTER),
    ("{town} Voor Elkaar", PartnerKind.PROGRAMME, Ring.FIRST_SHELL),
    ("Taalcafé {word}", PartnerKind.RESIDENT_INITIATIVE, Ring.OUTER),
    ("Netwerk Armoede {town}", PartnerKind.NETWORK, Ring.OUTER),
]
RING_WEIGHTS = {Ring.CORE: 5, Ring.FIRST_SHELL: 3, Ring.OUTER: 3, Ring.ON_CALL: 1}


@dataclass
class GenerateResult:
    scale: str
    seed: int
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _refresh_statistics() -> None:
    """Update the planner's statistics after a bulk load, as autovacuum would soon do.

    Without it PostgreSQL plans the first queries for empty tables (estimates of one row),
    which is not what a running installation sees. Not part of the timed generation.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def database_settle() -> float:
    """After a bulk load, outside a transaction: ``VACUUM (ANALYZE)`` on PostgreSQL.

    Autovacuum would do this soon after a load anyway (and then in the middle of a
    benchmark); vacuuming sets the visibility map, so index-only scans work as they do on a
    running installation. ``ANALYZE`` only on SQLite, and inside a transaction (tests),
    where ``VACUUM`` cannot run. Returns the seconds it took.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return time.perf_counter() - started


def generated_municipalities() -> Any:
    return Municipality.objects.filter(code__startswith=GENERATED_CODE_PREFIX)


@transaction.atomic
def generated_data_remove() -> int:
    """Remove all generated data (municipalities GM8xxx and everything in them)."""
    municipalities = generated_municipalities()
    others = User.objects.filter(municipality__in=municipalities)
    # Accounts in generated municipalities are the benchmark's own (bench-*); others are refused.
    strangers = others.exclude(username__startswith="bench-")
    if strangers.exists():
        raise GeneratedDataExists(
            "Accounts that were not generated belong to generated municipalities: "
            + ", ".join(strangers.values_list("username", flat=True)[:5])
        )
    cases_remove(list(municipalities.values_list("pk", flat=True)))
    # After the cases (their removal takes the uses of social map entries along, truncated
    # with the conversations when all are generated): the entries of the social map.
    social_map_remove(list(municipalities.values_list("pk", flat=True)))
    bulk_delete([others])
    Membership.objects.filter(team__municipality__in=municipalities).delete()
    Partner.objects.filter(team__municipality__in=municipalities).delete()
    # An initiative protects its municipality; a benchmark stopped half-way leaves some.
    Initiative.objects.filter(municipality__in=municipalities).delete()
    # So does the record of a retention purge (a served database runs the retention job).
    PurgeRun.objects.filter(municipality__in=municipalities).delete()
    count = municipalities.count()
    municipalities.delete()
    return count


def _person_name(rng: random.Random) -> str:
    infix = rng.choice(INFIXES)
    last = rng.choice(LAST_NAMES)
    if infix and " " not in last:
        last = f"{infix} {last}"
    return f"{rng.choice(FIRST_NAMES)} {last}"


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


@transaction.atomic
def bench_data_generate(
    *,
    scale: str,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    conversations: int | None = None,
    today: dt.date | None = None,
    say: Callable[[str], None] | None = None,
) -> GenerateResult:
    """Fill the database with fictional data of the given ``scale`` (see :data:`SCALES`).

    ``conversations``: how much case data, counted in conversations (default: the scale's,
    :data:`CASE_SCALES`; 0 for the organisation only). ``today``: the day the dates are
    relative to (default: today). ``say`` reports progress of the case data.
    """
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}; choose from {', '.join(SCALES)}")
    if conversations is None:
        conversations = CASE_SCALES[scale].conversations
    if generated_municipalities().exists():
        if not reset:
            raise GeneratedDataExists(
                "Generated data (municipalities GM8xxx) already exists: use --reset to replace it."
            )
        generated_data_remove()

    started = time.perf_counter()
    rng = random.Random(seed)
    disciplines = {d.code: d for d in Discipline.objects.all()}
    sizes = SCALES[scale]
    towns = rng.sample(TOWNS, k=min(len(sizes), len(TOWNS)))

    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(
                code=f"GM{GENERATED_FIRST_NUMBER + i:04d}",
                name=f"{towns[i % len(towns)]}{'' if i < len(towns) else f' {i + 1}'}",
                province="Generated",
                shares_aggregates=rng.random() < 0.5,
            )
            for i in range(len(sizes))
        ]
    )
    # Districts and neighbourhoods: enough neighbourhoods that each team has its own.
    districts: list[District] = []
    plan: list[tuple[int, int]] = []  # (municipality index, neighbourhoods in district)
    for i, (municipality, size) in enumerate(zip(municipalities, sizes, strict=True)):
        n_districts = max(2, min(len(DISTRICT_WORDS), size.teams // 5))
        per_district = max(2, -(-size.teams // n_districts))
        for d in range(n_districts):
            districts.append(
                District(
                    municipality=municipality,
                    code=f"WK{municipality.code[2:]}{d:02d}",
                    name=f"{municipality.name}-{DISTRICT_WORDS[d]}",
                )
            )
            plan.append((i, per_district))
    districts = District.objects.bulk_create(districts)
    neighbourhoods: list[Neighbourhood] = []
    for district, (_, count) in zip(districts, plan, strict=True):
        words = rng.sample(NEIGHBOURHOOD_WORDS, k=min(count, len(NEIGHBOURHOOD_WORDS)))
        for n in range(count):
            word = words[n % len(words)] + ("" if n < len(words) else f" {n // len(words) + 1}")
            neighbourhoods.append(
                Neighbourhood(
                    district=district,
                    code=f"BU{district.code[2:]}{n:02d}",
                    name=f"{word} ({district.name.split('-')[-1]})",
                )
            )
    neighbourhoods = Neighbourhood.objects.bulk_create(neighbourhoods)
    by_municipality: dict[int, list[Neighbourhood]] = {}
    district_by_id = {d.pk: d for d in districts}
    for nb in neighbourhoods:
        by_municipality.setdefault(district_by_id[nb.district_id].municipality_id, []).append(nb)

    # Organisations: one per discipline, a second one for the common disciplines.
    organisations: list[Organisation] = []
    for municipality in municipalities:
        region = rng.choice(REGIONS)
        for code, discipline in disciplines.items():
            templates = ORGANISATION_NAMES.get(code, [f"{discipline.name} {{town}}"])
            for template in templates[: 2 if DISCIPLINE_WEIGHTS.get(code, 0) >= 5 else 1]:
                organisations.append(
                    Organisation(
                        municipality=municipality,
                        name=template.format(
                            town=municipality.name,
                            region=region,
                            word=rng.choice(NEIGHBOURHOOD_WORDS),
                        ),
                        discipline=discipline,
                        craft=discipline.default_craft,
                    )
                )
    organisations = Organisation.objects.bulk_create(organisations)
    orgs_by_municipality: dict[int, dict[str, list[Organisation]]] = {}
    discipline_code = {d.pk: code for code, d in disciplines.items()}
    for org in organisations:
        orgs_by_municipality.setdefault(org.municipality_id, {}).setdefault(
            discipline_code[org.discipline_id], []
        ).append(org)

    # Teams, each serving its own neighbourhood (and that neighbourhood's district).
    teams: list[Team] = []
    team_areas: list[Neighbourhood] = []
    for municipality, size in zip(municipalities, sizes, strict=True):
        own = by_municipality[municipality.pk]
        for t in range(size.teams):
            nb = own[t % len(own)]
            team_type = rng.choice(list(TeamType))
            teams.append(
                Team(
                    municipality=municipality,
                    name=f"{TEAM_PREFIX[team_type]} {nb.name}" + ("" if t < len(own) else f" {t}"),
                    team_type=team_type,
                    target_group=rng.choice(list(TargetGroup)),
                    positioning=rng.choice(list(Positioning)),
                    description="Gegenereerd team (fictief) voor benchmarks en belastingtests.",
                    perspective=rng.choice(PERSPECTIVES),
                )
            )
            team_areas.append(nb)
    teams = Team.objects.bulk_create(teams)
    Team.neighbourhoods.through.objects.bulk_create(
        [
            Team.neighbourhoods.through(team_id=team.pk, neighbourhood_id=nb.pk)
            for team, nb in zip(teams, team_areas, strict=True)
        ]
    )
    Team.districts.through.objects.bulk_create(
        [
            Team.districts.through(team_id=team.pk, district_id=nb.district_id)
            for team, nb in zip(teams, team_areas, strict=True)
        ]
    )
    PerspectiveVersion.objects.bulk_create(
        [PerspectiveVersion(team=team, text=team.perspective) for team in teams]
    )

    # Memberships: spread each municipality's members over its teams; every member gets an
    # account linked to the membership (so consents to their organisation count).
    memberships: list[Membership] = []
    accounts: list[User] = []
    partners: list[Partner] = []
    teams_by_municipality: dict[int, list[Team]] = {}
    for team in teams:
        teams_by_municipality.setdefault(team.municipality_id, []).append(team)
    for municipality, size in zip(municipalities, sizes, strict=True):
        own_teams = teams_by_municipality[municipality.pk]
        orgs = orgs_by_municipality[municipality.pk]
        weights = {code: w for code, w in DISCIPLINE_WEIGHTS.items() if code in orgs}
        weights.update({code: 1 for code in orgs if code not in weights})
        for t, team in enumerate(own_teams):
            count = size.members // len(own_teams) + (1 if t < size.members % len(own_teams) else 0)
            seen: set[str] = set()
            for m in range(count):
                name = _person_name(rng)
                while name in seen:
                    name = _person_name(rng)
                seen.add(name)
                code = _weighted(rng, weights)
                accounts.append(_account(municipality, team, len(accounts), m, name))
                memberships.append(
                    Membership(
                        team=team,
                        person_name=name,
                        organisation=rng.choice(orgs[code]),
                        job_title=JOB_TITLES.get(code, ""),
                        ring=_weighted(rng, RING_WEIGHTS),
                        hours_per_week=Decimal(rng.choice([2, 4, 8, 12, 16, 20, 24, 32])),
                        personal_drive=rng.choice(DRIVES),
                    )
                )
            for name, kind, ring in rng.sample(PARTNERS, k=3):
                partners.append(
                    Partner(
                        team=team,
                        name=name.format(
                            town=municipality.name,
                            region=rng.choice(REGIONS),
                            word=team.name.split(" ", 1)[-1],
                        ),
                        kind=kind,
                        ring=ring,
                        description="Gegenereerde partner (fictief).",
                    )
                )
    accounts = User.objects.bulk_create(accounts, batch_size=2000)
    for membership, account in zip(memberships, accounts, strict=True):
        membership.user = account
    Membership.objects.bulk_create(memberships, batch_size=2000)
    User.teams.through.objects.bulk_create(
        [
            User.teams.through(user_id=m.user_id, team_id=m.team_id)  # type: ignore[misc]
            for m in memberships
        ],
        batch_size=2000,
    )
    Partner.objects.bulk_create(partners, batch_size=2000)
    team_summaries_refresh([team.pk for team in teams])
    counts = {
        "municipalities": len(municipalities),
        "districts": len(districts),
        "neighbourhoods": len(neighbourhoods),
        "organisations": len(organisations),
        "teams": len(teams),
        "memberships": len(memberships),
        "users": len(accounts),
        "partners": len(partners),
    }
    case_counts = cases_generate(
        municipality_ids=[m.pk for m in municipalities],
        conversations=conversations,
        seed=seed,
        today=today or timezone.localdate(),
        say=say,
    )
    counts.update(
        social_map_generate(
            municipality_ids=[m.pk for m in municipalities],
            scale=scale,
            seed=seed,
            today=today or timezone.localdate(),
        )
    )
    seconds = time.perf_counter() - started
    _refresh_statistics()
    return GenerateResult(
        scale=scale, seed=seed, seconds=seconds, counts={**counts, **case_counts.as_dict()}
    )


@transaction.atomic
def bench_cases_top_up(
    *,
    conversations: int,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    say: Callable[[str], None] | None = None,
) -> GenerateResult:
    """Add generated case data until there are ``conversations`` conversations in total.

    The organisation and the bench worker's own work stay as they are: only the rest of the
    data grows (the growth benchmark measures the same worklist before and after).
    """
    municipality_ids = list(generated_municipalities().values_list("pk", flat=True))
    if not municipality_ids:
        raise GeneratedDataExists("There is no generated data to top up: generate it first.")
    started = time.perf_counter()
    case_counts: CaseCounts = cases_top_up(
        municipality_ids=municipality_ids,
        conversations=conversations,
        seed=seed,
        today=today or timezone.localdate(),
        say=say,
    )
    seconds = time.perf_counter() - started
    _refresh_statistics()
    return GenerateResult(scale="top-up", seed=seed, seconds=seconds, counts=case_counts.as_dict())


def _account(municipality: Municipality, team: Team, index: int, position: int, name: str) -> User:
    """The account of a generated member: one in five a coordinator, the second of each
    team its team lead; the very first member of all is the bench worker (a professional)."""
    if index == 0:
        username = BENCH_WORKER_USERNAME
    else:
        username = f"bench-{municipality.code.lower()}-{index:05d}"
    role = Role.PROFESSIONAL
    if position == 1:
        role = Role.TEAM_LEAD
    elif position % 5 == 2:
        role = Role.COORDINATOR
    first, _, last = name.partition(" ")
    return User(
        username=username,
        password="!generated",  # noqa: S106 - unusable: the benchmarks log in without one
        first_name=first,
        last_name=last,
        role=role,
        municipality=municipality,
    )
