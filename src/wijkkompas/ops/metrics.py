"""Prometheus metrics at ``/metrics``: django-prometheus' request, database and cache metrics
(all gunicorn workers together in multiprocess mode, ``PROMETHEUS_MULTIPROC_DIR``), plus the
task queues and the scheduler's last runs, read when scraped."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_rq import RQBackend
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from wijkkompas.accounts.client_ip import client_ip

from . import scheduler

STATES = ("queued", "running", "failed")


def metrics_allowed(request: HttpRequest) -> bool:
    """Whether the client's address is in ``WIJKKOMPAS_METRICS_ALLOW`` (networks)."""
    address = client_ip(request)
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(
        ip in ipaddress.ip_network(net, strict=False) for net in settings.WIJKKOMPAS_METRICS_ALLOW
    )


def task_queue_counts() -> Iterator[tuple[str, str, str, int]]:
    """(backend, queue, state, count) for each configured task backend that keeps a queue."""
    for alias in settings.TASKS:
        backend = task_backends[alias]
        if isinstance(backend, RQBackend):  # also core.tasks_fallback's
            yield from _rq_counts(alias, sorted(backend.queues))
        elif isinstance(backend, DatabaseBackend):
            yield from _db_counts(alias)


def _rq_counts(alias: str, queues: list[str]) -> Iterator[tuple[str, str, str, int]]:
    import django_rq
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    for name in queues:
        queue = django_rq.get_queue(name)
        yield alias, name, "queued", queue.count
        yield alias, name, "running", StartedJobRegistry(queue=queue).count
        yield alias, name, "failed", FailedJobRegistry(queue=queue).count


def _db_counts(alias: str) -> Iterator[tuple[str, str, str, int]]:
    from django.db.models import Count
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    states = {
        TaskResultStatus.READY: "queued",
        TaskResultStatus.RUNNING: "running",
        TaskResultStatus.FAILED: "failed",
    }
    counts = {
        (row["queue_name"], states[row["status"]]): row["n"]
        for row in DBTaskResult.objects.filter(backend_name=alias, status__in=list(states))
        .values("queue_name", "status")
        .annotate(n=Count("pk"))
    }
    for queue in sorted({queue for queue, _state in counts} | {"default"}):
        for state in STATES:
            yield alias, queue, state, counts.get((queue, state), 0)


class OpsCollector:
    """Gauges read at scrape time: task queues and the scheduler's last runs."""

    def collect(self) -> Iterator[Metric]:
        tasks = GaugeMetricFamily(
            "wijkkompas_tasks",
            "Tasks per backend, queue and state (queued, running, failed).",
            labels=["backend", "queue", "state"],
        )
        up = GaugeMetricFamily(
            "wijkkompas_tasks_backend_up", "1 when the task backend answered.", labels=["backend"]
        )
        try:
            counts = list(task_queue_counts())
        except Exception:  # Redis or the database away: say so, keep the other metrics
            up.add_metric(["default"], 0)
        else:
            for backend, queue, state, count in counts:
                tasks.add_metric([backend, queue, state], count)
            up.add_metric(["default"], 1)
        yield tasks
        yield up
        last = GaugeMetricFamily(
            "wijkkompas_scheduler_last_run_timestamp_seconds",
            "When each periodic job last finished (Unix time).",
            labels=["job"],
        )
        failed = GaugeMetricFamily(
            "wijkkompas_scheduler_last_run_failed",
            "1 when the last run of the periodic job failed.",
            labels=["job"],
        )
        try:
            runs = scheduler.last_runs()
        except DatabaseError:
            runs = {}
        for job, run in sorted(runs.items()):
            if run.finished_at is not None:
                last.add_metric([job], run.finished_at.timestamp())
                failed.add_metric([job], int(run.failed))
        yield last
        yield failed


def metrics_view(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format: the process' (or all processes') metrics and ours."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    ours = CollectorRegistry(auto_describe=True)
    ours.register(OpsCollector())
    body = generate_latest(registry) + generate_latest(ours)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
