"""Benchmark ``suggestions``: the social map suggestions while a professional records a
conversation — GET /sociale-kaart/suggesties/ (``socialmap:suggestions``, the htmx fragment
the conversation form loads when a life domain is ticked) as the generated professional
``bench-worker``, on the large scale's social map of 5,000 entries (``demo.socialmap_gen``).

Each request asks for another neighbourhood of the worker's municipality and another set
of life domains (one to three), in turn, so no single answer flatters the figure. The
query count is taken for one and for three life domains: the two must agree (the count
does not grow with the map). Target: p95 ≤ 50 ms (issue 8).
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from .pages import count_queries, time_page, verified_client
from .worklist import bench_worker

NAME = "suggestions"
TARGET_P95_MS = 50.0
#: Different questions timed in turn.
QUESTIONS = 40


def _urls(neighbourhoods: list[int], seed: int = 8) -> list[str]:
    from wijkkompas.conversations.constants import LifeDomain

    rng = random.Random(seed)
    base = reverse("socialmap:suggestions")
    urls = []
    for i in range(QUESTIONS):
        domains = rng.sample(LifeDomain.values, k=1 + i % 3)
        query = {"life_domains": domains}
        if neighbourhoods:
            query["buurt"] = [str(neighbourhoods[i % len(neighbourhoods)])]
        urls.append(f"{base}?{urlencode(query, doseq=True)}")
    return urls


def run(
    *,
    large: Any,
    small: Any,
    requests: int,
    warmup: int,
    log: Any,
    settle: Any = None,
) -> dict[str, Any]:
    from wijkkompas.areas.models import Neighbourhood
    from wijkkompas.socialmap.models import Entry, EntryUse

    worker = bench_worker()
    client = verified_client(worker)
    municipality_id = worker.municipality_id
    assert municipality_id is not None, "the bench worker belongs to a municipality"
    neighbourhoods = list(
        Neighbourhood.objects.filter(district__municipality_id=municipality_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    entries_total = Entry.objects.count()
    entries_here = Entry.objects.filter(municipality_id=municipality_id).count()
    urls = _urls(neighbourhoods)
    one = next(u for u in urls if u.count("life_domains") == 1)
    three = next(u for u in urls if u.count("life_domains") == 3)
    queries = count_queries(client, one)
    queries_three = count_queries(client, three)
    shown = client.get(three).content.decode().count('data-testid="suggestion"')
    log(
        f"{NAME}: {entries_total:,} entries on the social map ({entries_here:,} of the "
        f"worker's municipality, {len(neighbourhoods)} neighbourhoods); {queries} queries "
        f"({queries_three} for three life domains); timing {requests}…"
    )
    started = time.perf_counter()
    timing = time_page(
        client, urls, requests=requests, warmup=warmup, progress=lambda n: log(f"  {n}/{requests}")
    )
    figures = timing.figures()
    return {
        "url": reverse("socialmap:suggestions"),
        **figures,
        "queries": queries,
        "queries_three_domains": queries_three,
        "queries_grow": queries != queries_three,
        "entries": entries_total,
        "entries_municipality": entries_here,
        "uses": EntryUse.objects.count(),
        "suggestions_shown": shown,
        "seconds": round(time.perf_counter() - started, 2),
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": figures["p95_ms"] <= TARGET_P95_MS and queries == queries_three,
    }
