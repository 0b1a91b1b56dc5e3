"""Periodic jobs: each slot runs once however many workers look, and is taken over when
the worker that claimed it died."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from wijkkompas.ops import scheduler
from wijkkompas.ops.models import ScheduledRun
from wijkkompas.ops.scheduler import DAY, HOUR, MINUTE, Job

CALLS: list[str] = []


def count_call() -> dict[str, int]:
    CALLS.append("run")
    return {"done": len(CALLS)}


def fail() -> None:
    raise ValueError("no")


COUNTED = Job("counted", f"{__name__}.count_call", MINUTE, timeout=5 * MINUTE)
NOON = dt.datetime(2026, 11, 23, 12, 0, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()


def test_slots():
    daily = Job("daily", "x", DAY, offset=HOUR)
    assert daily.slot_at(NOON) == dt.datetime(2026, 11, 23, 1, tzinfo=dt.UTC)
    assert daily.slot_at(dt.datetime(2026, 11, 23, 0, 59, tzinfo=dt.UTC)) == dt.datetime(
        2026, 11, 22, 1, tzinfo=dt.UTC
    )
    assert COUNTED.slot_at(NOON) == dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    nightly = Job("nightly", "x", DAY, offset=2 * HOUR, window=2 * HOUR)
    assert nightly.due(dt.datetime(2026, 11, 23, 3, 59, tzinfo=dt.UTC))
    assert not nightly.due(NOON)


@pytest.mark.django_db
def test_a_slot_runs_once_across_workers():
    for worker in ("a:1", "b:2", "c:3"):
        scheduler.run_due(now=NOON, worker=worker, jobs=(COUNTED,))
    assert CALLS == ["run"]
    run = ScheduledRun.objects.get()
    assert (run.worker, run.outcome, run.failed) == ("a:1", "done=1", False)
    scheduler.run_due(now=NOON + MINUTE, worker="b:2", jobs=(COUNTED,))
    assert CALLS == ["run", "run"]  # the next slot


@pytest.mark.django_db
def test_the_slot_of_a_dead_worker_is_taken_over_after_the_timeout():
    job = Job("counted", COUNTED.target, DAY, timeout=5 * MINUTE)
    assert scheduler.claim(job, NOON, "dead:1") is not None  # claimed, never finished
    scheduler.run_due(now=NOON + 4 * MINUTE, worker="b:2", jobs=(job,))
    assert CALLS == []  # still within its timeout: maybe it is just slow
    later = NOON + 5 * MINUTE + dt.timedelta(seconds=1)
    scheduler.run_due(now=later, worker="b:2", jobs=(job,))
    scheduler.run_due(now=later, worker="c:3", jobs=(job,))
    run = ScheduledRun.objects.get(job="counted")
    assert CALLS == ["run"]
    assert (run.worker, run.attempts, run.finished_at is not None) == ("b:2", 2, True)


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_run():
    failing = Job("failing", f"{__name__}.fail", MINUTE)
    scheduler.run_due(now=NOON, worker="a:1", jobs=(failing, COUNTED))
    runs = {run.job: run for run in ScheduledRun.objects.all()}
    assert (runs["failing"].failed, runs["failing"].outcome) == (True, "ValueError")
    assert runs["counted"].failed is False
    assert scheduler.last_runs()["failing"].failed is True


def test_the_registry_names_real_jobs():
    from django.utils.module_loading import import_string

    names = [job.name for job in scheduler.JOBS]
    assert len(names) == len(set(names))
    assert {"purge_closed_cases", "purge_access_log", "refresh_signals", "recover"} <= set(names)
    for job in scheduler.JOBS:
        assert callable(
            getattr(import_string(job.target), "call", None) or import_string(job.target)
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_run_a_slot_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections: PostgreSQL")
    barrier = threading.Barrier(4)

    def worker(number: int) -> None:
        barrier.wait()
        try:
            scheduler.run_due(now=NOON, worker=f"w:{number}", jobs=(COUNTED,))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CALLS == ["run"]
    assert ScheduledRun.objects.count() == 1
