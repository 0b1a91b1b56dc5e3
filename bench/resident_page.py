"""Benchmark ``resident_page``: GET /inwoners/<id>/ (``residents:detail``), the resident
page with its conversations and ZRM profile, as the generated professional
``bench-worker``, against the floor.

The residents are typical ones of the worker's team: the median number of conversations
the worker may see, with at least two ZRM assessments (a profile over time), consent in
force for every part. The requests go round :data:`SAMPLE` of them, so one resident's rows
in the cache do not flatter the figure. The query count is also taken for the resident
with the most conversations, and for one resident on the small start of the run and again
for that same resident on the full data: those two must agree (the count does not grow with
the data). Residents differ in what their page shows (a plan, risk signals, …), so the
counts of different residents may differ a little; ``queries_per_resident`` shows them.
"""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count
from django.urls import reverse

from wijkkompas.accounts.access import active_consents
from wijkkompas.accounts.models import User
from wijkkompas.conversations.models import Conversation
from wijkkompas.instruments.models import Assessment

from .pages import computed, count_kept, count_queries, time_page, verified_client
from .worklist import bench_worker, data_size

NAME = "resident_page"
URL_NAME = "residents:detail"
SAMPLE = 20
#: Queries are counted for this many of the sampled residents (they must all agree).
QUERY_SAMPLE = 5
TARGET_RATIO_P95 = 3.0
TARGET_P95_MS = 100.0
PARTS = ("personalia", "conversations", "assessments", "plan")


def typical_residents(worker: User, *, sample: int = SAMPLE) -> dict[str, Any]:
    """Typical residents for ``worker`` (see the module docstring) and the busiest one."""
    conversations = dict(
        Conversation.objects.visible_to(worker)
        .values("resident_id")
        .annotate(n=Count("pk"))
        .values_list("resident_id", "n")
    )
    assessments = dict(
        Assessment.objects.visible_to(worker)
        .values("resident_id")
        .annotate(n=Count("pk"))
        .values_list("resident_id", "n")
    )
    teams = worker.teams.values("pk")
    consented: set[int] | None = None
    for part in PARTS:
        ids = set(
            active_consents(part=part, team_ids=teams, organisation_ids=[]).values_list(
                "resident_id", flat=True
            )
        )
        consented = ids if consented is None else consented & ids
    candidates = {r: n for r, n in conversations.items() if r in (consented or set())}
    if not candidates:
        raise RuntimeError("The bench worker sees no resident with conversations")
    median = statistics.median_low(candidates.values())
    typical: list[int] = []
    spread = 0
    while len(typical) < sample and spread <= max(candidates.values()):
        typical = sorted(
            r
            for r, n in candidates.items()
            if abs(n - median) <= spread and assessments.get(r, 0) >= 2
        )
        spread += 1
    if not typical:
        raise RuntimeError("The bench worker sees no resident with a ZRM history")
    step = max(1, len(typical) // sample)
    chosen = typical[::step][:sample]
    busiest = max(candidates, key=lambda r: (candidates[r], assessments.get(r, 0), -r))
    return {
        "residents": chosen,
        "median_conversations": median,
        "conversations_each": sorted({candidates[r] for r in chosen}),
        "assessments_each": sorted({assessments.get(r, 0) for r in chosen}),
        "busiest": busiest,
        "busiest_conversations": candidates[busiest],
        "busiest_assessments": assessments.get(busiest, 0),
        "visible_residents": len(candidates),
    }


def count_only(*, log: Any, label: str) -> dict[str, Any]:
    """The query count of a typical resident's page on the data as it is now; the same
    resident is counted again on the full data (``run``)."""
    worker = bench_worker()
    client = verified_client(worker)
    chosen = typical_residents(worker, sample=1)
    resident = chosen["residents"][0]
    url = reverse(URL_NAME, kwargs={"pk": resident})
    # One request first: the page keeps reference data (instrument domains and levels) per
    # process, so the first request of a process runs two queries more.
    with computed():
        client.get(url)
        queries = count_queries(client, url)
    log(f"{NAME} ({label}): {queries} queries")
    return {"queries": queries, "resident": resident, **data_size()}


def run(
    *, requests: int, log: Any, small: dict[str, Any] | None, warmup: int = 20
) -> dict[str, Any]:
    worker = bench_worker()
    client = verified_client(worker)
    chosen = typical_residents(worker)
    urls = [reverse(URL_NAME, kwargs={"pk": pk}) for pk in chosen["residents"]]
    size = data_size()
    # The page as computed (nothing kept, core.pagecache): queries counted and timed.
    with computed():
        per_resident = [count_queries(client, url) for url in urls[:QUERY_SAMPLE]]
        queries_busiest = count_queries(client, reverse(URL_NAME, kwargs={"pk": chosen["busiest"]}))
        # The same resident as on the small data: only the data around it has grown.
        queries_again = (
            count_queries(client, reverse(URL_NAME, kwargs={"pk": small["resident"]}))
            if small
            else None
        )
        log(
            f"{NAME}: {size['conversations']:,} conversations; {len(urls)} typical residents "
            f"({chosen['conversations_each']} conversations, {chosen['assessments_each']} ZRM "
            f"assessments each); {per_resident[0]} queries (busiest resident, "
            f"{chosen['busiest_conversations']} conversations: {queries_busiest}); "
            f"timing {requests} requests computed…"
        )
        computed_timing = time_page(
            client, urls, requests=requests, progress=lambda n: log(f"  {n}/{requests}")
        )
    # Then as served: kept between two changes of what the page read.
    queries_kept = count_kept(client, urls[0])
    log(f"  kept: {queries_kept} queries; timing {requests} served…")
    timing = time_page(client, urls, requests=requests, progress=lambda n: log(f"  {n}/{requests}"))
    figures = timing.figures()
    queries = per_resident[0]
    queries_small = small["queries"] if small else None
    grows = queries_small is not None and queries_again != queries_small
    return {
        "url": reverse(URL_NAME, kwargs={"pk": 0}).replace("/0/", "/<pk>/"),
        **figures,
        "queries": queries,
        "queries_small": queries_small,
        "queries_same_resident": queries_again,
        "queries_busiest": queries_busiest,
        "queries_per_resident": sorted(set(per_resident)),
        "queries_grow": grows,
        "queries_kept": queries_kept,
        "computed": computed_timing.figures(),
        "floor_queries": count_queries(client, reverse("web:health")),
        "residents_sampled": len(urls),
        "median_conversations": chosen["median_conversations"],
        "conversations_each": chosen["conversations_each"],
        "assessments_each": chosen["assessments_each"],
        "busiest_conversations": chosen["busiest_conversations"],
        "busiest_assessments": chosen["busiest_assessments"],
        "conversations_small": small["conversations"] if small else None,
        **size,
        "rows": size["conversations"] + size["residents"] + size["assessments"],
        "target_ratio_p95": TARGET_RATIO_P95,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": figures["ratio_p95"] <= TARGET_RATIO_P95
        and figures["p95_ms"] <= TARGET_P95_MS
        and not grows,
    }
