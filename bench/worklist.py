"""Benchmarks ``worklist`` and ``worklist_growth``: GET /werkvoorraad/ (``plans:worklist``),
the personal worklist, as the generated professional ``bench-worker``, against the floor.

The worker's own work (open Wmo terms, plans due for review, overdue actions, risk
signals; ``demo.casegen.OWN_*``) is the same at every size; only the rest of the data
grows. ``worklist`` is measured on the full data (1,000,000 conversations at the large
scale); ``worklist_growth`` divides its p95 by the p95 measured earlier in the same run on
the small start (10,000 conversations), to show the page does not slow down with the data.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.accounts.models import User
from wijkkompas.demo.casegen import BENCH_WORKER_USERNAME
from wijkkompas.demo.generator import generated_municipalities
from wijkkompas.plans.selectors import worklist

from .pages import computed, count_kept, count_queries, time_page, verified_client

NAME = "worklist"
GROWTH_NAME = "worklist_growth"
URL_NAME = "plans:worklist"
TARGET_RATIO_P95 = 3.0
TARGET_P95_MS = 100.0
TARGET_GROWTH = 1.5


def bench_worker() -> User:
    """The generated professional whose worklist is measured."""
    return User.objects.get(username=BENCH_WORKER_USERNAME)


def data_size() -> dict[str, int]:
    """The size of the generated case data the page is measured on."""
    from wijkkompas.conversations.models import Conversation
    from wijkkompas.instruments.models import Assessment
    from wijkkompas.residents.models import Resident

    municipalities = generated_municipalities()
    return {
        "conversations": Conversation.objects.filter(municipality__in=municipalities).count(),
        "residents": Resident.objects.filter(household__municipality__in=municipalities).count(),
        "assessments": Assessment.objects.filter(
            resident__household__municipality__in=municipalities
        ).count(),
    }


def measure(*, requests: int, log: Any, label: str, warmup: int = 20) -> dict[str, Any]:
    """Queries, items and timing of the worklist on the data as it is now."""
    worker = bench_worker()
    client = verified_client(worker)
    url = reverse(URL_NAME)
    size = data_size()
    items = worklist(user=worker)
    # The page as computed (nothing kept, core.pagecache): queries counted and timed.
    with computed():
        queries = count_queries(client, url)
        log(
            f"{NAME} ({label}): {size['conversations']:,} conversations; "
            f"{len(items.items)} items in the worklist; {queries} queries; timing "
            f"{requests} requests computed…"
        )
        computed_timing = time_page(
            client,
            url,
            requests=requests,
            warmup=warmup,
            progress=lambda n: log(f"  {n}/{requests}"),
        )
    # Then as served: kept between two changes of what the page read.
    queries_kept = count_kept(client, url)
    log(f"  kept: {queries_kept} queries; timing {requests} served…")
    timing = time_page(
        client,
        url,
        requests=requests,
        warmup=warmup,
        progress=lambda n: log(f"  {n}/{requests}"),
    )
    return {
        "url": url,
        **timing.figures(),
        "queries": queries,
        "queries_kept": queries_kept,
        "computed": computed_timing.figures(),
        "floor_queries": count_queries(client, reverse("web:health")),
        "items": len(items.items),
        "items_by_kind": items.counts,
        **size,
    }


def result(*, large: dict[str, Any], small: dict[str, Any] | None) -> dict[str, Any]:
    """The ``worklist`` entry: the page on the full data, queries compared with the start."""
    queries_small = small["queries"] if small else None
    grows = queries_small is not None and queries_small != large["queries"]
    meets = (
        large["ratio_p95"] <= TARGET_RATIO_P95 and large["p95_ms"] <= TARGET_P95_MS and not grows
    )
    return {
        **large,
        "queries_small": queries_small,
        "conversations_small": small["conversations"] if small else None,
        "queries_grow": grows,
        "rows": large["conversations"] + large["residents"] + large["assessments"],
        "target_ratio_p95": TARGET_RATIO_P95,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": meets,
    }


def growth(*, large: dict[str, Any], small: dict[str, Any]) -> dict[str, Any]:
    """The ``worklist_growth`` entry: p95 on the full data divided by p95 at the start."""
    factor = large["p95_ms"] / small["p95_ms"]
    return {
        "url": large["url"],
        "p95_ms": large["p95_ms"],
        "p95_small_ms": small["p95_ms"],
        "growth_p95": round(factor, 3),
        # The same with each p95 divided by its own floor first: less sensitive to the
        # machine being busier in one of the two measurements.
        "ratio_p95": large["ratio_p95"],
        "ratio_p95_small": small["ratio_p95"],
        "growth_ratio_p95": round(large["ratio_p95"] / small["ratio_p95"], 3),
        "conversations": large["conversations"],
        "conversations_small": small["conversations"],
        "items": large["items"],
        "items_small": small["items"],
        "queries": large["queries"],
        "queries_small": small["queries"],
        # The same for the page as computed (nothing kept).
        "computed_growth_p95": round(large["computed"]["p95_ms"] / small["computed"]["p95_ms"], 3),
        "requests": large["requests"],
        "target_growth_p95": TARGET_GROWTH,
        "meets_target": factor <= TARGET_GROWTH,
    }
