"""Benchmark ``factsheet_pdf``: the PDF of the large generated municipality's factsheet,
end to end through the background task's function (run synchronously): the factsheet
read as the municipality's policy officer (teams, areas, composition, self-assessment,
key indicators with their stories), laid out by WeasyPrint and stored. Figure
``seconds``: the slowest of the timed runs (after one untimed warm-up run, which loads
fonts and compiles the templates); target ≤ 5. The small municipality's PDF is timed once
for comparison.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.factsheets.constants import RunStatus
from wijkkompas.factsheets.models import FactsheetRun
from wijkkompas.factsheets.tasks import build_factsheet_pdf
from wijkkompas.teams.models import Membership, Team

from .neighbourhood_page import bench_policy_officer

NAME = "factsheet_pdf"
TARGET_SECONDS = 5.0
MAX_RUNS = 3


def _make(user: User, municipality: Municipality, year: int) -> tuple[float, FactsheetRun]:
    run = FactsheetRun.objects.create(municipality=municipality, year=year, requested_by=user)
    start = time.perf_counter()
    build_factsheet_pdf.call(run_id=run.pk, language="nl")
    elapsed = time.perf_counter() - start
    run.refresh_from_db()
    if run.status != RunStatus.DONE:
        raise RuntimeError(f"The factsheet PDF failed: {run.error}")
    return elapsed, run


def run(
    *,
    large: Municipality,
    small: Municipality,
    requests: int,
    log: Any,
    warmup: int = 1,
    **_kw: Any,
) -> dict[str, Any]:
    from django.utils import timezone

    year = timezone.localdate().year
    officer = bench_policy_officer(large)
    teams = Team.objects.filter(municipality=large).count()
    members = Membership.objects.filter(team__municipality=large).count()
    log(f"{NAME}: {large.name}, {teams} teams, {members} members; warming up…")
    if warmup:
        _make(officer, large, year)
    runs = max(1, min(requests, MAX_RUNS))
    timings = []
    last: FactsheetRun | None = None
    for n in range(runs):
        seconds, last = _make(officer, large, year)
        timings.append(seconds)
        log(f"  run {n + 1}/{runs}: {seconds:.2f} s, {last.pages} pages")
    small_seconds, _small_run = _make(bench_policy_officer(small), small, year)
    assert last is not None
    worst = max(timings)
    # The benchmark's PDFs and their files go: they were made for its own accounts.
    from wijkkompas.factsheets.services import factsheet_dir

    for old in FactsheetRun.objects.filter(requested_by__username__startswith="bench-policy-"):
        if old.file_name:
            (factsheet_dir() / old.file_name).unlink(missing_ok=True)
        old.delete()
    return {
        "seconds": round(worst, 3),
        "median_seconds": round(statistics.median(timings), 3),
        "runs": runs,
        "pages": last.pages,
        "bytes": last.size,
        "teams": teams,
        "members": members,
        "small_seconds": round(small_seconds, 3),
        "target_seconds": TARGET_SECONDS,
        "meets_target": worst <= TARGET_SECONDS,
    }
