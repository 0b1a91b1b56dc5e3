"""Benchmark ``neighbourhood_page``: GET /wijken/<CBS code>/ (``neighbourhoods:detail``) as a
policy officer of the large generated municipality (50 teams, 50 neighbourhoods), against
the floor.

The page reads through the selectors of signals, initiatives, ideas and places, so the
benchmark first gives the generated municipalities what those apps would hold after a
year of work (:func:`page_data_generate`, not timed as part of the page):

* signals as a recomputation of a year of 200,000 conversations leaves them: for every
  neighbourhood, district and team, every month, quarter and year of this year and the
  last, every measure (conversations, outcomes, life domains, ZRM domains, ladder rungs,
  the collective, themes), and eight themes with example sentences;
* per neighbourhood 40 residents' ideas (most published) with up to 30 supporters, 4
  initiatives and 6 places.

The page is timed twice: as computed (``computed``: nothing kept, every section read and
rendered, with the query counts) and as served (the main figures: the body kept between
two changes of the municipality's area data, ``neighbourhoods.cache``; every request
still checks the user's scope and the data version).

The requests go round :data:`SAMPLE` neighbourhoods, so one neighbourhood's rows in the
cache do not flatter the figure. The query count is also taken on the small generated
municipality (5 teams): the two must agree. The rows are removed afterwards
(:func:`page_data_remove`): an initiative protects its municipality, and the next run
regenerates the municipalities.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.areas.models import District, Municipality, Neighbourhood
from wijkkompas.conversations.constants import LifeDomain, Outcome
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.models import Idea, IdeaSupporter
from wijkkompas.initiatives.constants import Origin, Stage, TransformationLevel
from wijkkompas.initiatives.models import Initiative
from wijkkompas.places.constants import PlaceKind
from wijkkompas.places.models import Place
from wijkkompas.signals.models import AreaSignal, Theme
from wijkkompas.teams.models import Team

from .pages import bench_user, count_queries, time_page, verified_client

NAME = "neighbourhood_page"
URL_NAME = "neighbourhoods:detail"
SAMPLE = 10
TARGET_RATIO_P95 = 3.0
#: Conversations a year in the large municipality the signals stand for.
CONVERSATIONS_PER_YEAR = 200_000
IDEAS_PER_NEIGHBOURHOOD = 40
INITIATIVES_PER_NEIGHBOURHOOD = 4
PLACES_PER_NEIGHBOURHOOD = 6
PLACE_WORDS = ["Buurthuis", "Moestuin", "Bibliotheek", "Kerk"]
INITIATIVE_WORDS = ["Buurtmaaltijd", "Klussendienst", "Jonge moedergroep"]
THEMES = ["eenzaam", "schuld", "mantelzorg", "buurthuis", "vervoer", "taal", "wonen", "werk"]
ZRM_CODES = [
    "financien",
    "werk-opleiding",
    "tijdsbesteding",
    "huisvesting",
    "huiselijke-relaties",
    "geestelijke-gezondheid",
    "lichamelijke-gezondheid",
    "middelengebruik",
    "basale-adl",
    "instrumentele-adl",
    "sociaal-netwerk",
    "maatschappelijke-participatie",
    "justitie",
]


def bench_policy_officer(municipality: Municipality) -> User:
    """The benchmark's own policy officer of ``municipality``."""
    return bench_user(municipality, role=Role.POLICY_OFFICER, name="policy")


def _periods(year: int) -> list[tuple[str, dt.date]]:
    found = [("year", dt.date(year, 1, 1))]
    found += [("quarter", dt.date(year, month, 1)) for month in (1, 4, 7, 10)]
    found += [("month", dt.date(year, month, 1)) for month in range(1, 13)]
    return found


def _measures() -> list[str]:
    names = ["conversations", "opportunity", "idea", "zrm_assessed", "ladder_assessed"]
    names += [f"domain:{code}" for code in LifeDomain.values]
    names += [f"outcome:{code}" for code in Outcome.values]
    names += [f"zrm:{code}" for code in ZRM_CODES]
    names += [f"ladder:{rung}" for rung in range(1, 7)]
    names += [f"theme:{stem}" for stem in THEMES]
    return names


_SCALE = {"year": 1.0, "quarter": 0.25, "month": 1 / 12}


def _signals(
    municipality: Municipality, areas: list[tuple[str, int, int]], rng: random.Random
) -> tuple[int, int]:
    """Signal rows and themes of ``areas`` ((kind, id, conversations a year))."""
    this_year = timezone.localdate().year
    measures = _measures()
    signals: list[AreaSignal] = []
    themes: list[Theme] = []
    for kind, area_id, per_year in areas:
        for year in (this_year - 1, this_year):
            for period, start in _periods(year):
                total = max(1, int(per_year * _SCALE[period] * rng.uniform(0.8, 1.2)))
                for measure in measures:
                    value = total if measure == "conversations" else rng.randint(0, total // 3)
                    signals.append(
                        AreaSignal(
                            municipality=municipality,
                            area_kind=kind,
                            area_id=area_id,
                            period=period,
                            period_start=start,
                            measure=measure,
                            value=value,
                            base=total,
                            previous=rng.randint(0, total),
                            previous_base=total,
                        )
                    )
                for rank, stem in enumerate(THEMES, start=1):
                    themes.append(
                        Theme(
                            municipality=municipality,
                            area_kind=kind,
                            area_id=area_id,
                            period=period,
                            period_start=start,
                            rank=rank,
                            stem=stem,
                            label=stem,
                            count=rng.randint(2, max(2, total // 4)),
                            example=f"Bewoners noemen {stem} vaak als zorg in de buurt.",
                        )
                    )
    AreaSignal.objects.bulk_create(signals, batch_size=5000)
    Theme.objects.bulk_create(themes, batch_size=5000)
    return len(signals), len(themes)


def _collective(
    municipality: Municipality, neighbourhoods: list[Neighbourhood], rng: random.Random
) -> dict[str, int]:
    teams = list(Team.objects.filter(municipality=municipality).order_by("pk"))
    now = timezone.now()
    places: list[Place] = []
    for n in neighbourhoods:
        for i in range(PLACES_PER_NEIGHBOURHOOD):
            places.append(
                Place(
                    municipality=municipality,
                    neighbourhood=n,
                    name=f"{rng.choice(PLACE_WORDS)} {n.code}-{i}",
                    kind=rng.choice(PlaceKind.values),
                    address=f"Dorpsstraat {rng.randint(1, 200)}",
                    accessible=rng.random() < 0.7,
                    public=rng.random() < 0.8,
                )
            )
    places = Place.objects.bulk_create(places, batch_size=2000)
    ideas: list[Idea] = []
    for index, n in enumerate(neighbourhoods):
        team = teams[index % len(teams)] if teams else None
        for i in range(IDEAS_PER_NEIGHBOURHOOD):
            status = rng.choices(IdeaStatus.values, weights=[2, 6, 1, 1])[0]
            public = status in (IdeaStatus.PUBLISHED, IdeaStatus.GROWN)
            ideas.append(
                Idea(
                    neighbourhood=n,
                    team=team,
                    title=f"Idee {i} voor {n.name}"[:120],
                    description="Samen koken voor oudere buren in het dorpshuis.",
                    status=status,
                    public=public,
                    published_at=now if public else None,
                )
            )
    ideas = Idea.objects.bulk_create(ideas, batch_size=2000)
    supporters = [
        IdeaSupporter(idea=idea, name=f"Bewoner {j}", email=f"bewoner{j}@example.org")
        for idea in ideas
        for j in range(rng.randint(0, 30))
    ]
    IdeaSupporter.objects.bulk_create(supporters, batch_size=5000)
    initiatives: list[Initiative] = []
    owners: list[Neighbourhood] = []
    for index, n in enumerate(neighbourhoods):
        team = teams[index % len(teams)] if teams else None
        for i in range(INITIATIVES_PER_NEIGHBOURHOOD):
            initiatives.append(
                Initiative(
                    municipality=municipality,
                    team=team,
                    name=f"{rng.choice(INITIATIVE_WORDS)} {n.code}-{i}",
                    description="Een collectieve voorziening van en voor de buurt.",
                    level=rng.choice(TransformationLevel.values),
                    origin=rng.choice(Origin.values),
                    stage=rng.choice([s for s in Stage.values if s != Stage.STOPPED]),
                    participants_count=rng.randint(0, 60),
                    place=places[index * PLACES_PER_NEIGHBOURHOOD + i],
                )
            )
            owners.append(n)
    initiatives = Initiative.objects.bulk_create(initiatives, batch_size=2000)
    through = Initiative.neighbourhoods.through
    through.objects.bulk_create(
        [
            through(initiative_id=initiative.pk, neighbourhood_id=n.pk)
            for initiative, n in zip(initiatives, owners, strict=True)
        ],
        batch_size=5000,
    )
    return {
        "places": len(places),
        "ideas": len(ideas),
        "supporters": len(supporters),
        "initiatives": len(initiatives),
    }


@transaction.atomic
def page_data_generate(municipality: Municipality, *, seed: int = 2026) -> dict[str, int]:
    """What the page reads, for every area of ``municipality`` (see the module docstring)."""
    rng = random.Random(seed + municipality.pk)
    neighbourhoods = list(
        Neighbourhood.objects.filter(district__municipality=municipality).order_by("code")
    )
    districts = list(
        District.objects.filter(municipality=municipality).values_list("pk", flat=True)
    )
    teams = list(Team.objects.filter(municipality=municipality).values_list("pk", flat=True))
    size = max(1, len(neighbourhoods))
    per_neighbourhood = CONVERSATIONS_PER_YEAR // 4 if len(teams) < 10 else CONVERSATIONS_PER_YEAR
    per_neighbourhood //= size
    areas = [("neighbourhood", n.pk, per_neighbourhood) for n in neighbourhoods]
    areas += [
        ("district", d, per_neighbourhood * size // max(1, len(districts))) for d in districts
    ]
    areas += [("team", t, per_neighbourhood * size // max(1, len(teams))) for t in teams]
    signals, themes = _signals(municipality, areas, rng)
    counts = _collective(municipality, neighbourhoods, rng)
    return {"signals": signals, "themes": themes, **counts, "neighbourhoods": len(neighbourhoods)}


def page_data_remove(municipalities: list[Municipality]) -> None:
    """Remove what :func:`page_data_generate` added (initiatives protect their municipality)."""
    ids = [m.pk for m in municipalities]
    Initiative.objects.filter(municipality_id__in=ids).delete()
    Idea.objects.filter(neighbourhood__district__municipality_id__in=ids).delete()
    Place.objects.filter(municipality_id__in=ids).delete()
    AreaSignal.objects.filter(municipality_id__in=ids).delete()
    Theme.objects.filter(municipality_id__in=ids).delete()


def _urls(municipality: Municipality, sample: int = SAMPLE) -> list[str]:
    codes = list(
        Neighbourhood.objects.filter(district__municipality=municipality)
        .order_by("code")
        .values_list("code", flat=True)
    )
    step = max(1, len(codes) // sample)
    return [reverse(URL_NAME, args=[code]) for code in codes[::step][:sample]]


def run(
    *,
    large: Municipality,
    small: Municipality,
    requests: int,
    log: Any,
    warmup: int = 20,
    settle: Any = None,
) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        size = page_data_generate(large)
        small_size = page_data_generate(small)
        generated = time.perf_counter() - started
        if settle is not None:
            settle()
        log(
            f"{NAME}: {size['neighbourhoods']} neighbourhoods, {size['signals']:,} signal rows, "
            f"{size['themes']:,} themes, {size['ideas']:,} ideas, {size['supporters']:,} "
            f"supporters, {size['initiatives']} initiatives, {size['places']} places "
            f"(generated in {generated:.1f} s)"
        )
        client = verified_client(bench_policy_officer(large))
        small_client = verified_client(bench_policy_officer(small))
        urls = _urls(large)
        # The page as computed (nothing kept): queries counted and timed first.
        with override_settings(WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS=0):
            # One request each first: the page keeps reference data (ZRM domains, ladder
            # rungs) per process, so the first request of a process runs queries more.
            client.get(urls[0])
            small_client.get(urls[0])
            queries_each = [count_queries(client, url) for url in urls]
            queries_small = count_queries(small_client, _urls(small, 1)[0])
            queries = max(queries_each)
            log(
                f"  {queries} queries (small municipality: {queries_small}); timing "
                f"{requests} computed…"
            )
            computed = time_page(
                client,
                urls,
                requests=requests,
                warmup=warmup,
                progress=lambda n: log(f"  {n}/{requests}"),
            )
        # Then as served: the body kept between changes (neighbourhoods.cache).
        client.get(urls[0])
        queries_kept = count_queries(client, urls[0])
        log(f"  kept: {queries_kept} queries; timing {requests} served…")
        timing = time_page(
            client,
            urls,
            requests=requests,
            warmup=warmup,
            progress=lambda n: log(f"  {n}/{requests}"),
        )
    finally:
        page_data_remove([large, small])
    figures = timing.figures()
    computed_figures = computed.figures()
    rows = size["signals"] + size["themes"] + size["ideas"] + size["supporters"]
    rows += size["initiatives"] + size["places"]
    return {
        "url": urls[0],
        **figures,
        "queries": queries,
        "queries_small": queries_small,
        "queries_per_page": queries_each,
        "queries_grow": queries_small != queries or len(set(queries_each)) != 1,
        "queries_kept": queries_kept,
        "computed": computed_figures,
        "rows": rows,
        **{k: v for k, v in size.items()},
        "neighbourhoods_small": small_size["neighbourhoods"],
        "data_seconds": round(generated, 2),
        "target_ratio_p95": TARGET_RATIO_P95,
        "meets_target": figures["ratio_p95"] <= TARGET_RATIO_P95
        and queries_small == queries
        and len(set(queries_each)) == 1,
    }
