"""The load test's steps around locust, Django-free (``bin/run-load`` calls them):

* ``python -m bench.load.run preflight --sessions FILE --host URL``: the prepared addresses
  before the load (all of them with each persona's first account, one per page with the
  others): each must answer 200 (a wrong session, a missing page or a refused role would
  otherwise only show as errors in the figures); it also warms the server's caches;
* ``python -m bench.load.run record --result FILE --output var/bench.json --users N ...``:
  merge locust's measured figures into ``var/bench.json`` under ``load`` (the other keys
  are kept), with the target and whether it is met.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

#: The target on the 2-core machine with the app, the database and locust together.
TARGET_REQUESTS_PER_S = 100.0
TARGET_P95_MS = 300.0
TARGET_ERRORS = 0
TARGET_USERS = 32


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _headers(data: dict[str, Any], account: dict[str, Any]) -> dict[str, str]:
    cookies = []
    if account.get("session"):
        cookies.append(f"{data['session_cookie']}={account['session']}")
    if account.get("csrf"):
        cookies.append(f"{data['csrf_cookie']}={account['csrf']}")
    headers = {"Accept-Language": "nl"}
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    return headers


def preflight(data: dict[str, Any], host: str) -> list[str]:
    """Every (account, address) that does not answer 200, as readable lines."""
    opener = urllib.request.build_opener(_NoRedirect)
    problems = []
    for persona, accounts in data["personas"].items():
        for index, account in enumerate(accounts):
            headers = _headers(data, account)
            for page, urls in account["pages"].items():
                # Every address with the first account; the others' sessions once each.
                for url in urls if index == 0 else urls[:1]:
                    request = urllib.request.Request(host + url, headers=headers)  # noqa: S310
                    try:
                        with opener.open(request, timeout=60) as response:
                            status = response.status
                    except urllib.error.HTTPError as exc:
                        status = exc.code
                    if status != 200:
                        who = account.get("user") or "anonymous"
                        problems.append(f"{persona} {who} {page} {url}: {status}")
    return problems


def record(
    result: dict[str, Any], output: Path, *, options: dict[str, Any], key: str = "load"
) -> dict[str, Any]:
    """Merge the entry ``key`` into ``output`` (other keys kept) and return it."""
    meets = (
        result["requests_per_s"] >= TARGET_REQUESTS_PER_S
        and result["p95_ms"] <= TARGET_P95_MS
        and result["errors"] <= TARGET_ERRORS
        and options.get("users", 0) >= TARGET_USERS
    )
    entry = {
        **result,
        **options,
        "target_requests_per_s": TARGET_REQUESTS_PER_S,
        "target_p95_ms": TARGET_P95_MS,
        "target_errors": TARGET_ERRORS,
        "target_users": TARGET_USERS,
        "meets_target": meets,
        "key": key,
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    existing: dict[str, Any] = {}
    if output.exists():
        existing = json.loads(output.read_text(encoding="utf-8"))
    existing[key] = entry
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(existing, indent=2) + "\n", encoding="utf-8")
    return entry


def summary(entry: dict[str, Any]) -> str:
    lines = [
        f"{entry['key']}: {entry['requests_per_s']} requests/s, p50 {entry['p50_ms']} ms, "
        f"p95 {entry['p95_ms']} ms, {entry['errors']} errors, {entry.get('users')} users "
        f"(target ≥ {TARGET_REQUESTS_PER_S:g}/s, p95 ≤ {TARGET_P95_MS:g} ms, no errors: "
        f"{'met' if entry['meets_target'] else 'NOT met'})"
    ]
    for name, page in entry["pages"].items():
        lines.append(
            f"  {name:24} {page['requests_per_s']:7.2f}/s  p50 {page['p50_ms']:6.0f} ms  "
            f"p95 {page['p95_ms']:6.0f} ms  errors {page['errors']}"
        )
    for kind, n in entry.get("error_kinds", {}).items():
        lines.append(f"  error ×{n}: {kind}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    check = steps.add_parser("preflight")
    check.add_argument("--sessions", type=Path, required=True)
    check.add_argument("--host", required=True)
    rec = steps.add_parser("record")
    rec.add_argument("--result", type=Path, required=True)
    rec.add_argument("--output", type=Path, default=Path("var/bench.json"))
    rec.add_argument("--key", default="load", help="the entry in the output (load)")
    rec.add_argument("--users", type=int, required=True)
    rec.add_argument("--warmup", type=float, required=True)
    rec.add_argument("--duration", type=float, required=True)
    rec.add_argument("--rate", type=float, required=True)
    rec.add_argument("--server", default="", help="how the server ran (workers, threads, …)")
    rec.add_argument(
        "--load-before",
        type=float,
        default=None,
        help="the machine's 1-minute load average just before locust started",
    )
    args = parser.parse_args(argv)
    if args.step == "preflight":
        data = json.loads(args.sessions.read_text(encoding="utf-8"))
        problems = preflight(data, args.host.rstrip("/"))
        for line in problems:
            print(f"preflight: {line}", file=sys.stderr)
        return 1 if problems else 0
    result = json.loads(args.result.read_text(encoding="utf-8"))
    options = {
        "users": args.users,
        "warmup_s": args.warmup,
        "duration_s": args.duration,
        "rate_per_user": args.rate,
        "server": args.server,
        # Other work on the same cores shows here (the app, the database and locust share
        # them too): the 1-minute load average before the run and right after it.
        "machine_load_before": args.load_before,
        "machine_load_after": round(os.getloadavg()[0], 2),
    }
    entry = record(result, args.output, options=options, key=args.key)
    print(summary(entry))
    return 0


if __name__ == "__main__":
    sys.exit(main())
