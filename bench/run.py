"""Run the benchmarks and write ``var/bench.json``.

Usage (from the repository root; ``bin/run-bench`` sets up the database first)::

    python -m bench.run [--requests 200] [--seed 2026] [--only team_overview]
                        [--output var/bench.json]

Each benchmark is one object in the output, keyed by its name, with its figures plus the
database engine and the time of the run. See docs/operators/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
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
    seed: int = 2026,
    scale: str = "large",
    only: list[str] | None = None,
    output: Path | None = None,
    say: Callable[[str], None] = log,
) -> dict[str, dict[str, Any]]:
    """Generate the data, run the benchmarks, write and return the results."""
    from wijkkompas.demo.generator import SCALES, bench_data_generate, generated_municipalities

    from . import team_overview

    env = environment()
    if env["database"] != "postgresql":
        say("!" * 72)
        say("!! NOT PostgreSQL: benchmarking on SQLite. Figures are not comparable with")
        say("!! production; start PostgreSQL on 127.0.0.1:5432 for real figures.")
        say("!" * 72)
    results: dict[str, dict[str, Any]] = {}

    say(f"Generating scale {scale!r} (seed {seed})…")
    generated = bench_data_generate(scale=scale, seed=seed, reset=True)
    results["generate_" + scale] = {
        "seconds": round(generated.seconds, 3),
        "rows": generated.rows,
        "rows_per_s": round(generated.rows / max(generated.seconds, 1e-9), 1),
        "counts": generated.counts,
        "seed": seed,
        **env,
    }
    say(f"  {generated.rows} rows in {generated.seconds:.2f} s")

    municipalities = list(generated_municipalities().order_by("code"))
    sizes = SCALES[scale]
    large = municipalities[max(range(len(sizes)), key=lambda i: sizes[i].teams)]
    small = municipalities[min(range(len(sizes)), key=lambda i: sizes[i].teams)]

    if not only or team_overview.NAME in only:
        started = time.perf_counter()
        figures = team_overview.run(large=large, small=small, requests=requests, log=say)
        figures["seconds"] = round(time.perf_counter() - started, 2)
        results[team_overview.NAME] = {**figures, **env}

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
        if "p95_ms" in r:
            verdict = "OK" if r.get("meets_target") else "ABOVE TARGET"
            lines.append(
                f"{name:<16} p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms  "
                f"floor p95 {r['floor_p95_ms']:.1f} ms  ratio p95 {r['ratio_p95']:.2f} "
                f"(target <= {r.get('target_ratio_p95', 3)})  queries {r['queries']} "
                f"(with {r.get('teams_small')} teams: {r.get('queries_small')})  "
                f"rows {r['rows']}  [{verdict}]"
            )
        else:
            lines.append(
                f"{name:<16} {r['seconds']:.2f} s for {r['rows']} rows "
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
    parser.add_argument("--scale", default="large")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
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
