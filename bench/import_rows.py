"""Benchmark ``import_rows``: a generated file of 100,000 conversations (for residents
imported first from a file of their own) through the import services, not over HTTP: the
dry run (read, parse, check every row) and the import itself (read, parse, check again,
write in chunks, log), each as the background task runs it. Figures: ``rows``,
``rows_per_s`` (the import; target ≥ 2,000), ``dry_run_rows_per_s``, and the residents'
import for comparison. The benchmark's team, account, rows and files are removed after.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

NAME = "import_rows"
ROWS = 100_000
RESIDENTS = 5_000
TARGET_ROWS_PER_S = 2_000
SOURCE = "bench-bronsysteem"

PLACES = ["thuis", "buurthuis", "spreekuur", "school", "huisarts", "telefonisch"]
OUTCOMES = ["eigen netwerk", "collectief", "algemene voorziening", "maatwerk", "tweede lijn"]
DOMAINS = ["financien", "wonen", "eenzaamheid", "werk", "opvoeding", "taal"]
QUESTIONS = [
    "Hulp bij het ordenen van de post",
    "Zoekt contact met buurtgenoten",
    "Vragen over schulden en betalingsregelingen",
    "Ondersteuning bij de opvoeding van de kinderen",
    "Wil graag vrijwilligerswerk doen in de wijk",
]


class _File:
    """An uploaded file read from disk in chunks (what the upload view hands over)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.size = path.stat().st_size

    def chunks(self, size: int = 1024 * 1024) -> Any:
        with self.path.open("rb") as handle:
            while block := handle.read(size):
                yield block


def write_residents(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("Cliëntnummer;Naam;Geboortejaar;Toestemming gesprekken;Toestemming scores\n")
        for i in range(n):
            out.write(f"B{i:06d};Inwoner {i};{1940 + i % 70};ja;ja\n")


def write_conversations(path: Path, n: int, residents: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("Gespreksnummer;Cliëntnummer;Datum;Vindplek;Vraag;Uitkomst;Leefgebieden\n")
        for i in range(n):
            day = rng.randint(1, 28)
            month = rng.randint(1, 12)
            domains = ",".join(rng.sample(DOMAINS, rng.randint(0, 3)))
            out.write(
                f"G{i:07d};B{rng.randrange(residents):06d};{day:02d}-{month:02d}-2025;"
                f"{rng.choice(PLACES)};{rng.choice(QUESTIONS)} ({i});{rng.choice(OUTCOMES)};"
                f"{domains}\n"
            )


def _import(user: Any, team: Any, kind: str, path: Path) -> tuple[Any, float, float]:
    """Upload, map as guessed, dry run, import; returns the job and both durations."""
    from wijkkompas.imports import services
    from wijkkompas.imports.constants import JobStatus

    job = services.job_create(
        user=user, kind=kind, team_id=team.pk, source_system=SOURCE, upload=_File(path)
    )
    services.job_map(user=user, job=job, mapping=dict(job.mapping))
    start = time.perf_counter()
    job = services.job_execute(job_id=job.pk)
    dry = time.perf_counter() - start
    if job.status != JobStatus.CHECKED or job.error_count:
        raise RuntimeError(f"dry run of {kind}: {job.status} {job.message} {job.errors[:5]}")
    services.job_confirm(user=user, job=job)
    start = time.perf_counter()
    job = services.job_execute(job_id=job.pk)
    seconds = time.perf_counter() - start
    if job.status != JobStatus.DONE:
        raise RuntimeError(f"import of {kind}: {job.status} {job.message}")
    return job, dry, seconds


def _clean(team: Any, user: Any) -> None:
    """Remove what the benchmark imported before (a run that stopped half-way) and after."""
    from wijkkompas.conversations.models import Conversation
    from wijkkompas.imports.models import ImportJob
    from wijkkompas.residents.models import Household

    Conversation.objects.filter(team=team, source_system=SOURCE).delete()
    Household.objects.filter(team=team, residents__source_system=SOURCE).distinct().delete()
    ImportJob.objects.filter(created_by=user).delete()


def run(
    *,
    large: Any,
    small: Any = None,
    requests: int = 0,
    warmup: int = 0,
    log: Any = print,
    settle: Any = None,
    rows: int = ROWS,
    residents: int = RESIDENTS,
    **_kw: Any,
) -> dict[str, Any]:
    from django.test import override_settings

    from wijkkompas.accounts.constants import Role
    from wijkkompas.imports import services
    from wijkkompas.imports.constants import ImportKind
    from wijkkompas.teams.models import Team

    from .pages import bench_user

    team = Team.objects.filter(municipality=large).order_by("pk").first()
    user = bench_user(large, role=Role.PROFESSIONAL, name="importer")
    user.teams.add(team)
    _clean(team, user)
    with (
        tempfile.TemporaryDirectory() as tmp,
        override_settings(
            WIJKKOMPAS_IMPORT_DIR=Path(tmp) / "store", WIJKKOMPAS_IMPORT_DIGEST=False
        ),
        mock.patch.object(services, "_enqueue", lambda job: None),
    ):
        residents_file = Path(tmp) / "inwoners.csv"
        conversations_file = Path(tmp) / "gesprekken.csv"
        write_residents(residents_file, residents)
        log(f"{NAME}: {residents:,} residents…")
        resident_job, resident_dry, resident_seconds = _import(
            user, team, ImportKind.RESIDENTS, residents_file
        )
        write_conversations(conversations_file, rows, residents)
        size = conversations_file.stat().st_size
        log(f"{NAME}: {rows:,} conversations ({size / 1e6:.1f} MB)…")
        if settle is not None:
            settle()
        job, dry, seconds = _import(user, team, ImportKind.CONVERSATIONS, conversations_file)
        log(
            f"  dry run {dry:.1f} s ({rows / dry:,.0f} rows/s), "
            f"import {seconds:.1f} s ({rows / seconds:,.0f} rows/s)"
        )
        again_start = time.perf_counter()
        again, _dry_again, again_seconds = _import(
            user, team, ImportKind.CONVERSATIONS, conversations_file
        )
        total_again = time.perf_counter() - again_start
        if again.unchanged_count != rows:
            raise RuntimeError("importing the same file again changed rows")
    _clean(team, user)
    return {
        "rows": rows,
        "rows_per_s": round(rows / seconds, 1),
        "seconds": round(seconds, 3),
        "dry_run_seconds": round(dry, 3),
        "dry_run_rows_per_s": round(rows / dry, 1),
        "again_unchanged_seconds": round(again_seconds, 3),
        "again_total_seconds": round(total_again, 3),
        "file_bytes": size,
        "new": job.new_count,
        "residents": residents,
        "residents_rows_per_s": round(residents / resident_seconds, 1),
        "residents_dry_run_rows_per_s": round(residents / resident_dry, 1),
        "target_rows_per_s": TARGET_ROWS_PER_S,
        "meets_target": rows / seconds >= TARGET_ROWS_PER_S,
        "resident_job_new": resident_job.new_count,
    }
