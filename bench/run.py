"""Run the benchmarks and write ``var/bench.json``.

Usage (from the repository root; ``bin/run-bench`` sets up the database first)::

    python -m bench.run [--requests 200] [--seed 2026] [--only worklist]
                        [--scale large|small] [--output var/bench.json]

Each benchmark is one object in the output, keyed by its name, with its figures plus the
database engine and the time of the run. See docs/operators/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parent.parent


#: Every benchmark, in the order they run; the case benchmarks need the case data.
BENCHMARKS = (
    "team_overview",
    "worklist",
    "worklist_growth",
    "resident_page",
    "neighbourhood_page",
    "signals_recompute",
    "signal_update",
    "municipality_dashboard",
    "knowledge_circle",
    "factsheet_pdf",
    "api_list",
    "import_rows",
    "suggestions",
    "social_map_page",
)
CASE_BENCHMARKS = ("worklist", "worklist_growth", "resident_page")
#: Issue 5: pages and files of the learning apps, measured over the case data (1,000,000
#: conversations at the large scale), so they are generated when one of these is chosen.
LEARNING_BENCHMARKS = ("municipality_dashboard", "knowledge_circle", "factsheet_pdf")
#: Issue 6: the API over the case data, and the import of a generated file (its own data).
EXCHANGE_BENCHMARKS = ("api_list", "import_rows")
#: Benchmarks in a module ``bench.<name>`` with ``run(large=, small=, requests=, warmup=,
#: log=, settle=)``; all but ``import_rows`` need the case data.
MODULE_BENCHMARKS = LEARNING_BENCHMARKS + EXCHANGE_BENCHMARKS + ("suggestions", "social_map_page")
#: ``import_rows`` at the small scale (smoke test): rows and residents of its files.
IMPORT_SMALL = {"rows": 2_000, "residents": 200}
NEEDS_CASES = CASE_BENCHMARKS + LEARNING_BENCHMARKS + ("api_list",)


def log(message: str) -> None:
    print(message, flush=True)


def environment() -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection

    engine = connection.vendor
    version = ".".join(str(part) for part in connection.get_database_version())
    return {
        "database": engine,
        "database_version": version,
        "database_name": str(settings.DATABASES["default"]["NAME"]),
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }


def run_all(
    *,
    requests: int = 200,
    warmup: int = 20,
    seed: int = 2026,
    scale: str = "large",
    only: list[str] | None = None,
    output: Path | None = None,
    say: Callable[[str], None] = log,
) -> dict[str, dict[str, Any]]:
    """Generate the data, run the benchmarks, write and return the results.

    With case benchmarks (``worklist``, ``resident_page``, ``worklist_growth``) selected, the
    case data is generated in two steps: first the growth start (10,000 conversations at
    the large scale), where the worklist is timed and the query counts are taken, then
    topped up to the full size (1,000,000 conversations), where everything is measured.
    """
    from wijkkompas.demo.generator import (
        CASE_SCALES,
        SCALES,
        bench_cases_top_up,
        bench_data_generate,
        database_settle,
        generated_municipalities,
    )

    from . import neighbourhood_page, resident_page, signals, team_overview, worklist

    def wanted(name: str) -> bool:
        return not only or name in only

    unknown = set(only or ()) - set(BENCHMARKS)
    if unknown:
        raise ValueError(f"Unknown benchmark(s) {sorted(unknown)}; choose from {BENCHMARKS}")
    env = environment()
    if env["database"] != "postgresql":
        say("!" * 72)
        say("!! NOT PostgreSQL: benchmarking on SQLite. Figures are not comparable with")
        say("!! production; start PostgreSQL on 127.0.0.1:5432 for real figures.")
        say("!" * 72)
    results: dict[str, dict[str, Any]] = {}
    cases = CASE_SCALES[scale]
    with_cases = any(wanted(name) for name in NEEDS_CASES)

    start = cases.growth_from if with_cases else 0
    say(f"Generating scale {scale!r} (seed {seed}) with {start:,} conversations…")
    generated = bench_data_generate(scale=scale, seed=seed, reset=True, conversations=start)
    settle = database_settle()
    say(f"  {generated.rows:,} rows in {generated.seconds:.2f} s (then VACUUM {settle:.1f} s)")

    worklist_small: dict[str, Any] | None = None
    resident_small: dict[str, Any] | None = None
    if with_cases:
        if wanted(worklist.NAME) or wanted(worklist.GROWTH_NAME):
            worklist_small = worklist.measure(
                requests=requests, warmup=warmup, log=say, label="start"
            )
        if wanted(resident_page.NAME):
            resident_small = resident_page.count_only(log=say, label="start")
        say(f"Topping up to {cases.conversations:,} conversations…")
        topped = bench_cases_top_up(conversations=cases.conversations, seed=seed, say=say)
        top_settle = database_settle()
        say(f"  {topped.rows:,} rows in {topped.seconds:.2f} s (then VACUUM {top_settle:.1f} s)")
        counts = dict(generated.counts)
        for kind, n in topped.counts.items():
            counts[kind] = counts.get(kind, 0) + n
        seconds = generated.seconds + topped.seconds
        rows = generated.rows + topped.rows
        results["generate_" + scale] = {
            "seconds": round(seconds, 3),
            "rows": rows,
            "rows_per_s": round(rows / max(seconds, 1e-9), 1),
            "counts": counts,
            "steps": [
                {
                    "conversations": start,
                    "seconds": round(generated.seconds, 3),
                    "rows": generated.rows,
                },
                {
                    "conversations": cases.conversations,
                    "seconds": round(topped.seconds, 3),
                    "rows": topped.rows,
                },
            ],
            "vacuum_seconds": round(settle + top_settle, 3),
            "seed": seed,
            **env,
        }

    municipalities = list(generated_municipalities().order_by("code"))
    sizes = SCALES[scale]
    large = municipalities[max(range(len(sizes)), key=lambda i: sizes[i].teams)]
    small = municipalities[min(range(len(sizes)), key=lambda i: sizes[i].teams)]

    if wanted(team_overview.NAME):
        started = time.perf_counter()
        figures = team_overview.run(
            large=large, small=small, requests=requests, warmup=warmup, log=say
        )
        figures["seconds"] = round(time.perf_counter() - started, 2)
        results[team_overview.NAME] = {**figures, **env}

    if wanted(neighbourhood_page.NAME):
        started = time.perf_counter()
        figures = neighbourhood_page.run(
            large=large,
            small=small,
            requests=requests,
            warmup=warmup,
            log=say,
            settle=database_settle,
        )
        figures["seconds"] = round(time.perf_counter() - started, 2)
        results[neighbourhood_page.NAME] = {**figures, **env}

    if with_cases and (wanted(worklist.NAME) or wanted(worklist.GROWTH_NAME)):
        assert worklist_small is not None
        started = time.perf_counter()
        worklist_large = worklist.measure(requests=requests, warmup=warmup, log=say, label="full")
        seconds = round(time.perf_counter() - started, 2)
        if wanted(worklist.NAME):
            entry = worklist.result(large=worklist_large, small=worklist_small)
            results[worklist.NAME] = {**entry, "seconds": seconds, **env}
        if wanted(worklist.GROWTH_NAME):
            entry = worklist.growth(large=worklist_large, small=worklist_small)
            results[worklist.GROWTH_NAME] = {**entry, **env}

    if with_cases and wanted(resident_page.NAME):
        started = time.perf_counter()
        figures = resident_page.run(requests=requests, warmup=warmup, log=say, small=resident_small)
        figures["seconds"] = round(time.perf_counter() - started, 2)
        results[resident_page.NAME] = {**figures, **env}

    for name in MODULE_BENCHMARKS:
        if not wanted(name):
            continue
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        # The import's file: 100,000 rows at the large scale (the figure), a small
        # one for the smoke test.
        extra = {} if name != "import_rows" or scale == "large" else IMPORT_SMALL
        figures = module.run(
            large=large,
            small=small,
            requests=requests,
            warmup=warmup,
            log=say,
            settle=database_settle,
            **extra,
        )
        figures.setdefault("seconds_total", round(time.perf_counter() - started, 2))
        results[name] = {**figures, **env}

    if wanted(signals.NAME_RECOMPUTE) or wanted(signals.NAME_UPDATE):
        prepared = signals.prepare(
            municipality=large,
            seed=seed,
            say=say,
            conversations=(
                signals.CONVERSATIONS if scale == "large" else signals.CONVERSATIONS_SMALL
            ),
        )
        if wanted(signals.NAME_RECOMPUTE) or not only:
            figures = signals.run_recompute(municipality=large, say=say)
            results[signals.NAME_RECOMPUTE] = {**figures, **prepared, **env}
        else:  # the update needs the year's signals in place
            signals.run_recompute(municipality=large, say=say)
        if wanted(signals.NAME_UPDATE):
            results[signals.NAME_UPDATE] = {**signals.run_update(say=say), **env}

    ended = environment()["timestamp"]
    for entry in results.values():
        entry["timestamp"] = ended
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        existing: dict[str, Any] = {}
        if output.exists() and only:
            existing = json.loads(output.read_text(encoding="utf-8"))
        existing.update(results)
        output.write_text(
            json.dumps(existing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return results


def summary(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for name, r in results.items():
        verdict = "OK" if r.get("meets_target") else "ABOVE TARGET"
        if "growth_p95" in r:
            lines.append(
                f"{name:<16} p95 {r['p95_ms']:.1f} ms at {r['conversations']:,} conversations / "
                f"{r['p95_small_ms']:.1f} ms at {r['conversations_small']:,} = "
                f"{r['growth_p95']:.2f} (target <= {r['target_growth_p95']}; floor-relative "
                f"{r['growth_ratio_p95']:.2f})  [{verdict}]"
            )
        elif "p95_ms" in r:
            if "teams_small" in r:
                small = f"with {r['teams_small']} teams: {r.get('queries_small')}"
            elif "neighbourhoods_small" in r:
                small = f"with {r['neighbourhoods_small']} neighbourhoods: {r['queries_small']}"
            elif "queries_page_of_one" in r:
                small = f"for a page of 1: {r['queries_page_of_one']}"
            elif "conversations_small" in r:
                small = f"with {r['conversations_small']} conversations: {r['queries_small']}"
            else:
                small = f"small: {r.get('queries_small')}"
            target = f"target <= {r.get('target_ratio_p95', 3)}"
            if "target_p95_ms" in r:
                target += f" and p95 <= {r['target_p95_ms']:.0f} ms"
            lines.append(
                f"{name:<16} p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms  "
                f"floor p95 {r['floor_p95_ms']:.1f} ms  ratio p95 {r['ratio_p95']:.2f} "
                f"({target})  queries {r['queries']} ({small})  "
                f"rows {r.get('rows', 0):,}  [{verdict}]"
            )
        elif "target_seconds" in r:
            lines.append(
                f"{name:<16} {r['seconds']:.2f} s (target <= {r['target_seconds']:.0f} s)  "
                f"[{verdict}]"
            )
        else:
            lines.append(
                f"{name:<16} {r['seconds']:.2f} s for {r['rows']:,} rows "
                f"({r['rows_per_s']:,.0f} rows/s)"
            )
    if results:
        any_result = next(iter(results.values()))
        lines.append(f"database: {any_result['database']} {any_result['database_version']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 200)))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", default="large", choices=("large", "small"))
    parser.add_argument(
        "--only",
        action="append",
        choices=BENCHMARKS,
        help="run only this benchmark (repeatable); the other entries in the output stay",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "bench.json")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.conf.dev")
    django.setup()
    results = run_all(
        requests=args.requests, seed=args.seed, scale=args.scale, only=args.only, output=args.output
    )
    log("")
    log("Benchmark results (" + str(args.output) + "):")
    for line in summary(results):
        log("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
