"""A worker killed (SIGKILL) in the middle of an import and of a signal recomputation: the
scheduler's ``recover`` job of another worker queues the work again, it runs from the start
and ends as if nothing happened — every row once, the same signals as a clean run."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .harness import App, Postgres, Process, wait_for

#: Work counts as stalled after this many seconds (the app's WIJKKOMPAS_RECOVER_AFTER).
RECOVER_AFTER = "3"
ROWS = 4000
HEADER = "Cliëntnummer;Naam;Huishouden;Geboortejaar;Buurt;BSN;Toestemming gesprekken\n"


def recovering_app(make_app: Callable[..., App]) -> App:
    return make_app(WIJKKOMPAS_RECOVER_AFTER=RECOVER_AFTER, WIJKKOMPAS_SCHEDULER_INTERVAL="1")


def status_of(pg: Postgres, database: str, table: str, pk: int) -> str:
    return str(pg.execute(f"SELECT status FROM {table} WHERE id = {int(pk)}", database)[0][0])


def finished(pg: Postgres, database: str, table: str, pk: int) -> str:
    """Wait until the row is done or failed (recovered by the recover job); its status."""
    return str(
        wait_for(
            lambda: (status := status_of(pg, database, table, pk)) in ("done", "failed") and status,
            timeout=240,
            what=f"{table} {pk} recovered",
            interval=1,
        )
    )


def kill_when_running(pg: Postgres, database: str, worker: Process, table: str, pk: int) -> bool:
    """SIGKILL the worker as soon as the row is ``running``; False when it finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = status_of(pg, database, table, pk)
        if status == "running":
            worker.stop(signal.SIGKILL)
            return True
        if status in ("done", "failed"):
            return False
        time.sleep(0.02)
    raise TimeoutError(f"{table} {pk} never ran")


def test_import_restarts_cleanly_after_its_worker_was_killed(
    make_app: Callable[..., App], cluster: tuple
) -> None:
    work, pg, _redis = cluster
    app = recovering_app(make_app)
    database = app.environ["DATABASE_URL"].rsplit("/", 1)[1]
    csv = Path(work.path) / f"import-{app.port}.csv"
    rows = "".join(f"K{n};Inwoner {n};Huishouden K{n // 2};1970;;;ja\n" for n in range(ROWS))
    csv.write_text(HEADER + rows, encoding="utf-8")
    worker = app.start_worker()
    job = app.start_import(csv, source="Faults")
    wait_for(
        lambda: status_of(pg, database, "imports_importjob", job) == "checked",
        timeout=180,
        what="the dry run",
    )
    app.python(
        "import json\n"
        "from wijkkompas.imports import services\n"
        "from wijkkompas.imports.models import ImportJob\n"
        f"job = ImportJob.objects.get(pk={job})\n"
        "services.job_confirm(user=job.created_by, job=job)\n"
        "print(json.dumps(True))\n"
    )
    assert kill_when_running(pg, database, worker, "imports_importjob", job), (
        "the import ended first"
    )
    residents = "SELECT count(*) FROM residents_resident WHERE source_system = 'Faults'"
    assert pg.execute(residents, database)[0][0] == 0  # one transaction: nothing yet

    app.start_worker()  # its scheduler's recover job finds the stalled import
    assert finished(pg, database, "imports_importjob", job) == "done"
    assert pg.execute(residents, database)[0][0] == ROWS
    distinct = (
        "SELECT count(DISTINCT external_id) FROM residents_resident WHERE source_system = 'Faults'"
    )
    assert pg.execute(distinct, database)[0][0] == ROWS
    new = pg.execute(f"SELECT new_count FROM imports_importjob WHERE id = {int(job)}", database)
    assert new[0][0] == ROWS


SIGNAL_FINGERPRINT = (
    "SELECT (SELECT count(*) FROM signals_areasignal WHERE municipality_id = {m} "
    "AND period_start >= '{y}-01-01' AND period_start < '{n}-01-01'), "
    "(SELECT count(*) FROM signals_theme WHERE municipality_id = {m} "
    "AND period_start >= '{y}-01-01' AND period_start < '{n}-01-01')"
)


def test_signal_recomputation_restarts_cleanly_after_its_worker_was_killed(
    make_app: Callable[..., App], cluster: tuple
) -> None:
    _work, pg, _redis = cluster
    app = recovering_app(make_app)
    database = app.environ["DATABASE_URL"].rsplit("/", 1)[1]
    # The municipality and year with the most conversations, recomputed cleanly first: the
    # reference a recovered run must reproduce.
    municipality, year = app.python(
        "import json\n"
        "from django.db.models import Count\n"
        "from django.db.models.functions import ExtractYear\n"
        "from wijkkompas.signals.models import ConversationDigest\n"
        "from wijkkompas.signals.services import signals_recompute\n"
        "top = (ConversationDigest.objects.annotate(y=ExtractYear('month'))\n"
        "    .values('municipality_id', 'y').annotate(n=Count('id')).order_by('-n').first())\n"
        "signals_recompute(municipality_id=top['municipality_id'], year=top['y'])\n"
        "print(json.dumps([top['municipality_id'], top['y']]))\n"
    )
    fingerprint = SIGNAL_FINGERPRINT.format(m=int(municipality), y=int(year), n=int(year) + 1)
    reference = pg.execute(fingerprint, database)[0]
    assert reference[0] > 0

    start_run = (
        "import json\n"
        "from wijkkompas.accounts.models import User\n"
        "from wijkkompas.accounts.constants import Role\n"
        "from wijkkompas.signals.services import signal_run_start\n"
        f"user = User.objects.filter(municipality_id={int(municipality)}, role=Role.TEAM_LEAD,\n"
        "    is_active=True).first() or User.objects.filter(\n"
        f"    municipality_id={int(municipality)}, role=Role.ADMIN, is_active=True).first()\n"
        f"run = signal_run_start(user=user, municipality_id={int(municipality)},\n"
        f"    year={int(year)})\n"
        "print(json.dumps(run.pk))\n"
    )
    killed = None
    for _attempt in range(5):
        worker = app.start_worker()
        run = app.python(start_run)
        if kill_when_running(pg, database, worker, "signals_signalrun", run):
            killed = run
            break
        worker.stop()
    if killed is None:
        pytest.fail("every recomputation ended before the worker could be killed")

    app.start_worker()
    assert finished(pg, database, "signals_signalrun", killed) == "done"
    assert pg.execute(fingerprint, database)[0] == reference
