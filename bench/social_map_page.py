"""Benchmark ``social_map_page``: the public social map of one municipality for a resident
without an account — GET /sociale-kaart/openbaar/<CBS code>/ (``socialmap:public``) — at
the large scale (the generated social map of 5,000 entries, ``demo.socialmap_gen``), against
the floor measured in the same run (issue 8: ``ratio_p95`` ≤ 3).

Each request asks for another search, in turn: everything, a need (life domain), a need in
a neighbourhood, free text, and the second page, so no single answer flatters the figure.
When the municipality has fewer than :data:`MIN_ENTRIES` entries (the generator has not made
the map), the benchmark adds its own (``Bench-aanbod …``) and removes them afterwards.

The page is timed twice: as computed (``computed``: nothing kept, with the query counts) and
as served (the main figures: the body of a search kept between two changes of the
municipality's social map, ``socialmap.cache``). The query count is taken on the small
municipality's map and on the large one's, computed: the two must agree (the page's queries
do not grow with the entries).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.http import urlencode

from .pages import count_queries, time_page

NAME = "social_map_page"
URL_NAME = "socialmap:public"
TARGET_RATIO_P95 = 3.0
#: The map the page is timed on has at least this many entries.
MIN_ENTRIES = 1_000
BENCH_PREFIX = "Bench-aanbod"
#: Different searches timed in turn.
SEARCHES = 30


@transaction.atomic
def bench_entries(municipality: Any, *, at_least: int, seed: int = 8) -> int:
    """Add entries until ``municipality`` has ``at_least``; returns how many were added."""
    from wijkkompas.areas.models import Neighbourhood
    from wijkkompas.conversations.constants import LifeDomain
    from wijkkompas.socialmap.constants import Cost, EntryKind, WmoStep
    from wijkkompas.socialmap.models import Entry

    missing = at_least - Entry.objects.filter(municipality=municipality).count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    neighbourhoods = list(
        Neighbourhood.objects.filter(district__municipality=municipality).values_list(
            "pk", flat=True
        )
    )
    today = dt.date.today()
    entries = Entry.objects.bulk_create(
        Entry(
            municipality=municipality,
            name=f"{BENCH_PREFIX} {i}",
            kind=rng.choice(EntryKind.values),
            step=rng.choice(WmoStep.values),
            description="Samen koffie drinken, een maaltijd of hulp bij de administratie.",
            target_group="Inwoners van de buurt",
            life_domains=rng.sample(LifeDomain.values, k=rng.randint(1, 3)),
            how_to_reach="Loop binnen.",
            opening_hours="Dinsdag 10.00–12.00 uur",
            cost=rng.choice(Cost.values),
            public=rng.random() < 0.9,
            last_checked_on=today - dt.timedelta(days=rng.randint(0, 400)),
        )
        for i in range(missing)
    )
    through = Entry.neighbourhoods.through
    links = [
        through(entry_id=entry.pk, neighbourhood_id=rng.choice(neighbourhoods))
        for entry in entries
        if neighbourhoods and rng.random() < 0.7
    ]
    through.objects.bulk_create(links)
    return missing


def bench_entries_remove(municipality: Any) -> None:
    from wijkkompas.socialmap.models import Entry

    Entry.objects.filter(municipality=municipality, name__startswith=BENCH_PREFIX).delete()


def _urls(municipality: Any, neighbourhoods: list[str], seed: int = 8) -> list[str]:
    from wijkkompas.conversations.constants import LifeDomain

    rng = random.Random(seed)
    base = reverse(URL_NAME, args=[municipality.code])
    urls = []
    for i in range(SEARCHES):
        query: dict[str, str] = {}
        kind = i % 5
        if kind in (1, 2):
            query["nodig"] = rng.choice(LifeDomain.values)
        if kind == 2 and neighbourhoods:
            query["buurt"] = neighbourhoods[i % len(neighbourhoods)]
        if kind == 3:
            query["zoek"] = rng.choice(["koffie", "maaltijd", "administratie", "buurt"])
        if kind == 4:
            query["pagina"] = "2"
        urls.append(f"{base}?{urlencode(query)}" if query else base)
    return urls


def run(
    *,
    large: Any,
    small: Any,
    requests: int,
    warmup: int,
    log: Any,
    settle: Any = None,
    **kw: Any,
) -> dict[str, Any]:
    from wijkkompas.areas.models import Neighbourhood
    from wijkkompas.socialmap.models import Entry

    started = time.perf_counter()
    client = Client()  # a resident without an account
    try:
        added = bench_entries(large, at_least=MIN_ENTRIES)
        bench_entries(small, at_least=5)
        prepared = time.perf_counter() - started
        if settle is not None:
            settle()
        entries = Entry.objects.filter(municipality=large).count()
        public = Entry.objects.filter(municipality=large, public=True).count()
        neighbourhoods = list(
            Neighbourhood.objects.filter(district__municipality=large)
            .order_by("code")
            .values_list("code", flat=True)[:20]
        )
        log(
            f"{NAME}: {entries:,} entries ({public:,} public; {added:,} added by the "
            f"benchmark, prepared in {prepared:.1f} s)"
        )
        urls = _urls(large, neighbourhoods)
        small_urls = _urls(small, [])
        # The same search on both maps, computed (nothing kept): the count must not grow
        # with the entries; then as served (kept), the main figures.
        with override_settings(WIJKKOMPAS_SOCIAL_MAP_CACHE_SECONDS=0):
            client.get(urls[1])
            queries = count_queries(client, urls[1])
            queries_small = count_queries(client, small_urls[1])
            log(f"  {queries} queries (small municipality: {queries_small}); timing computed…")
            computed = time_page(client, urls, requests=requests, warmup=warmup)
        floor_queries = count_queries(client, reverse("web:health"))
        client.get(urls[1])
        queries_kept = count_queries(client, urls[1])
        log(f"  kept: {queries_kept} queries; timing {requests} served…")
        timing = time_page(
            client,
            urls,
            requests=requests,
            warmup=warmup,
            progress=lambda n: log(f"  {n}/{requests}"),
        )
    finally:
        bench_entries_remove(large)
        bench_entries_remove(small)
    figures = timing.figures()
    return {
        "url": reverse(URL_NAME, args=[large.code]),
        **figures,
        "queries": queries,
        "queries_small": queries_small,
        "queries_grow": queries != queries_small,
        "queries_kept": queries_kept,
        "floor_queries": floor_queries,
        "computed": computed.figures(),
        "entries": entries,
        "public_entries": public,
        "entries_added": added,
        "rows": entries,
        "data_seconds": round(prepared, 2),
        "target_ratio_p95": TARGET_RATIO_P95,
        "meets_target": figures["ratio_p95"] <= TARGET_RATIO_P95 and queries == queries_small,
    }
