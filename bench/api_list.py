"""Benchmark ``api_list``: GET /api/v1/conversations/ (the conversations endpoint, first
page of 20) as the generated professional ``bench-worker``, on the large scale's case data
(1,000,000 conversations), against the floor.

The endpoint goes through the same permission layer as the pages (the team and consent
rules in the query), counts the rows in scope for the pagination, serializes one page and
writes one access-log entry with its data subjects, as every request does.

Timed twice, over the first ``PAGES`` pages in turn: as computed (nothing kept; reported
under ``computed``), then as served, where the endpoint keeps its answer between two
changes of what it read, like the kept case pages (``ListMixin.keep_pages``; one
statement checks every query of the page and writes the access log). The query count is
taken as computed, also for a page of 1 row: the two must agree (the count does not grow
with the rows shown).
"""

from __future__ import annotations

import time
from typing import Any

from .pages import computed, count_kept, count_queries, time_page, verified_client
from .worklist import bench_worker

NAME = "api_list"
URL = "/api/v1/conversations/"
TARGET_RATIO_P95 = 3.0
#: The pages timed in turn (page 1 to PAGES, 20 rows each).
PAGES = 5


def run(
    *,
    large: Any,
    small: Any,
    requests: int,
    warmup: int,
    log: Any,
    settle: Any = None,
) -> dict[str, Any]:
    worker = bench_worker()
    client = verified_client(worker)
    urls = [URL, *(f"{URL}?page={number}" for number in range(2, PAGES + 1))]
    with computed():
        first = client.get(URL)
        if first.status_code != 200:
            raise RuntimeError(f"GET {URL} answered {first.status_code}, expected 200")
        body = first.json()
        rows_in_scope = body["count"]
        page_rows = len(body["results"])
        queries = count_queries(client, URL)
        queries_one = count_queries(client, f"{URL}?page_size=1")
        log(
            f"{NAME}: {rows_in_scope:,} conversations in the worker's scope, {page_rows} per "
            f"page; {queries} queries ({queries_one} for a page of 1); timing {requests} "
            "computed…"
        )
        started = time.perf_counter()
        computed_timing = time_page(
            client,
            urls,
            requests=requests,
            warmup=warmup,
            progress=lambda n: log(f"  {n}/{requests}"),
        )
    queries_kept = count_kept(client, URL)
    log(f"  kept: {queries_kept} queries; timing {requests} served…")
    timing = time_page(
        client, urls, requests=requests, warmup=warmup, progress=lambda n: log(f"  {n}/{requests}")
    )
    figures = timing.figures()
    return {
        "url": URL,
        "pages": PAGES,
        **figures,
        "computed": computed_timing.figures(),
        "queries": queries,
        "queries_page_of_one": queries_one,
        "queries_grow": queries != queries_one,
        "queries_kept": queries_kept,
        "rows_in_scope": rows_in_scope,
        "rows_per_page": page_rows,
        "seconds": round(time.perf_counter() - started, 2),
        "target_ratio_p95": TARGET_RATIO_P95,
        "meets_target": figures["ratio_p95"] <= TARGET_RATIO_P95 and queries == queries_one,
    }
