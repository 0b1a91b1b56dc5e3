"""Benchmark ``municipality_dashboard``: GET /indicatoren/gemeente/<id>/
(``indicators:municipality``) for the current year, as a policy officer of the large
generated municipality (50 teams, the case data of the run: conversations, ZRM and ladder
scores, households in every neighbourhood), against the floor.

Every indicator of the catalogue is computed through ``indicators.catalogue.compute``
(grouped SQL, a fixed number of queries each), suppressed for the policy officer, and
rendered with its table and stories. The page is measured twice:

* as computed (``computed``: nothing kept, every figure counted in the database on every
  request; fewer requests, it is the slow path after every change), with the query
  counts of the large and the small generated municipality, which must agree;
* as served (the main figures): the figures and the rendered body kept between two
  changes of the municipality's data (``indicators.cache``); every request still checks
  the user's scope and the data versions.
"""

from __future__ import annotations

import time
from typing import Any

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wijkkompas.areas.models import Municipality
from wijkkompas.conversations.models import Conversation
from wijkkompas.indicators.catalogue import Period

from .neighbourhood_page import bench_policy_officer
from .pages import count_queries, time_page, verified_client

NAME = "municipality_dashboard"
URL_NAME = "indicators:municipality"
TARGET_RATIO_P95 = 3.0
#: Requests of the computed page (each counts everything again).
COMPUTED_REQUESTS = 20


def _url(municipality: Municipality, period: Period) -> str:
    return f"{reverse(URL_NAME, args=[municipality.pk])}?periode={period.key}"


def run(
    *,
    large: Municipality,
    small: Municipality,
    requests: int,
    log: Any,
    warmup: int = 20,
    settle: Any = None,
    **kw: Any,
) -> dict[str, Any]:
    period = Period.containing("year", timezone.localdate())
    url, small_url = _url(large, period), _url(small, period)
    conversations = Conversation.objects.filter(
        municipality=large, held_on__gte=period.start, held_on__lt=period.end
    ).count()
    conversations_small = Conversation.objects.filter(
        municipality=small, held_on__gte=period.start, held_on__lt=period.end
    ).count()
    if settle is not None:
        settle()
    client = verified_client(bench_policy_officer(large))
    small_client = verified_client(bench_policy_officer(small))
    floor_queries = count_queries(client, reverse("web:health"))
    log(
        f"{NAME}: {conversations:,} conversations this year in {large.name} "
        f"({conversations_small:,} in {small.name})"
    )
    # As computed: nothing kept (figures nor body), every request counts everything.
    with override_settings(WIJKKOMPAS_INDICATOR_CACHE_SECONDS=0):
        started = time.perf_counter()
        client.get(url)  # reference data kept per process (ZRM domains, …)
        first_seconds = time.perf_counter() - started
        small_client.get(small_url)
        queries = count_queries(client, url)
        queries_small = count_queries(small_client, small_url)
        computed_requests = max(2, min(requests, COMPUTED_REQUESTS))
        log(
            f"  computed in {first_seconds:.2f} s; {queries} queries (small: {queries_small}); "
            f"timing {computed_requests} computed…"
        )
        computed = time_page(client, url, requests=computed_requests, warmup=2)
    # As served: figures and body kept between changes.
    client.get(url)
    queries_kept = count_queries(client, url)
    log(f"  kept: {queries_kept} queries; timing {requests} served…")
    timing = time_page(
        client,
        url,
        requests=requests,
        warmup=warmup,
        progress=lambda n: log(f"  {n}/{requests}"),
    )
    figures = timing.figures()
    return {
        "url": url,
        **figures,
        "queries": queries,
        "queries_small": queries_small,
        "queries_kept": queries_kept,
        "floor_queries": floor_queries,
        "queries_grow": queries > queries_small,
        "computed": computed.figures(),
        "computed_first_seconds": round(first_seconds, 3),
        "conversations": conversations,
        "conversations_small": conversations_small,
        "rows": conversations,
        "target_ratio_p95": TARGET_RATIO_P95,
        "meets_target": figures["ratio_p95"] <= TARGET_RATIO_P95 and queries <= queries_small,
    }
