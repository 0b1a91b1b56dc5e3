"""Periodic jobs without a single point of failure.

Every ``wijkkompas worker`` runs :class:`Scheduler` in a thread beside its task worker.
Time is cut into slots per job (``period``, shifted by ``offset``, in UTC). A worker that
sees a slot claims it by inserting ``(job, slot)`` into :class:`~.models.ScheduledRun`,
whose unique key lets only one insert succeed on PostgreSQL and on SQLite alike: N workers
run each slot exactly once. When the claiming worker dies before finishing, the slot is
claimed again once the job's ``timeout`` has passed; when every worker was down, the next
one to start catches up the current slot (within the job's ``window``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun

logger = logging.getLogger(__name__)

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    """A periodic job: ``target`` is the dotted path of a task (``@task``; run in the
    scheduler's thread with ``.call()``) or of a function without arguments. It returns
    counts, never personal data."""

    name: str
    target: str
    period: dt.timedelta
    offset: dt.timedelta = dt.timedelta()
    #: A claimed slot not finished after this long is taken over by another worker.
    timeout: dt.timedelta = HOUR
    #: How long after the slot's start a worker may still start it (default: the period).
    window: dt.timedelta | None = None

    def slot_at(self, now: dt.datetime) -> dt.datetime:
        """The start of the slot ``now`` falls in."""
        periods = (now - EPOCH - self.offset) // self.period
        return EPOCH + self.offset + periods * self.period

    def due(self, now: dt.datetime) -> bool:
        return now - self.slot_at(now) < (self.window or self.period)

    def run(self) -> Any:
        target = import_string(self.target)
        call: Callable[[], Any] = getattr(target, "call", target)
        return call()


#: The periodic jobs (docs/operators/production.md). Times in UTC.
JOBS: tuple[Job, ...] = (
    Job("purge_closed_cases", "wijkkompas.rights.tasks.purge_closed_cases", DAY, offset=HOUR),
    Job("purge_access_log", "wijkkompas.audit.tasks.purge_access_log", DAY, offset=90 * MINUTE),
    # The nightly recomputation of this year's signals, a safety net for the per-conversation
    # updates; only within two hours of its time, so that a worker starting during the day
    # does not start it.
    Job(
        "refresh_signals",
        "wijkkompas.ops.jobs.refresh_signals",
        DAY,
        offset=2 * HOUR,
        timeout=4 * HOUR,
        window=2 * HOUR,
    ),
    Job("recover", "wijkkompas.ops.recovery.recover", MINUTE, timeout=5 * MINUTE),
    # Tasks kept in the database while Redis was away, to RQ (core.tasks_fallback).
    Job(
        "requeue_waiting_tasks",
        "wijkkompas.core.tasks_waiting.requeue_waiting",
        MINUTE,
        timeout=5 * MINUTE,
    ),
)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def claim(job: Job, now: dt.datetime, worker: str) -> ScheduledRun | None:
    """Claim the current slot of ``job`` for ``worker``, or None when another worker has it."""
    slot = job.slot_at(now)
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job.name, slot=slot, worker=worker, claimed_at=now
            )
    except IntegrityError:
        pass
    # Taken: take it over only if its worker died (not finished within the timeout).
    run = ScheduledRun.objects.filter(job=job.name, slot=slot, finished_at__isnull=True).first()
    if run is None or now - run.claimed_at < job.timeout:
        return None
    taken = ScheduledRun.objects.filter(pk=run.pk, claimed_at=run.claimed_at).update(
        worker=worker, claimed_at=now, attempts=run.attempts + 1
    )
    if not taken:  # another worker took it over first
        return None
    run.refresh_from_db()
    return run


def run_due(
    *, now: dt.datetime | None = None, worker: str | None = None, jobs: tuple[Job, ...] = JOBS
) -> list[ScheduledRun]:
    """One pass of the scheduler: run every job whose current slot nobody has claimed."""
    worker = worker or worker_name()
    done = []
    for job in jobs:
        at = now or timezone.now()
        if not job.due(at):
            continue
        run = claim(job, at, worker)
        if run is None:
            continue
        try:
            result = job.run()
        except Exception as exc:
            logger.exception("scheduled job failed", extra={"job": job.name})
            run.failed, run.outcome = True, type(exc).__name__
        else:
            run.failed, run.outcome = False, _summary(result)
        run.finished_at = timezone.now()
        run.save(update_fields=["failed", "outcome", "finished_at"])
        logger.info(
            "scheduled job done",
            extra={"job": job.name, "failed": run.failed, "outcome": run.outcome},
        )
        done.append(run)
    return done


def _summary(result: Any) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{key}={value}" for key, value in result.items())[:200]
    return "" if result is None else str(result)[:200]


def last_runs() -> dict[str, ScheduledRun]:
    """The latest finished run of each job (for the metrics)."""
    latest: dict[str, ScheduledRun] = {}
    for run in ScheduledRun.objects.filter(finished_at__isnull=False).order_by("job", "-slot"):
        latest.setdefault(run.job, run)
    return latest


class Scheduler(threading.Thread):
    """The scheduler loop of one worker: a pass every ``interval`` seconds until stopped.
    A pass that fails (the database away) is logged and tried again at the next beat."""

    def __init__(self, *, interval: float | None = None) -> None:
        super().__init__(name="wijkkompas-scheduler", daemon=True)
        self.interval = interval or settings.WIJKKOMPAS_SCHEDULER_INTERVAL
        self.stopping = threading.Event()
        self.worker = worker_name()

    def run(self) -> None:
        while not self.stopping.is_set():
            close_old_connections()
            try:
                run_due(worker=self.worker)
            except DatabaseError:
                logger.warning("scheduler pass failed: database unavailable")
            except Exception:
                logger.exception("scheduler pass failed")
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
