"""Middleware of the production runtime.

* :class:`OpsMiddleware` — first in the chain: answers ``/health/live``, ``/health/ready``
  and ``/metrics`` before sessions, language or CSRF (no database touched for ``live``);
  turns a request that failed because the database is away into a **503** (a Dutch
  "temporarily unavailable" page, or problem+json under ``/api/``, with ``Retry-After``); and
  writes one structured log line per request (trace id, method, route name, status, time
  and CPU time).
* :class:`ReplicaReadMiddleware` — the GET requests of the aggregate pages
  (``WIJKKOMPAS_REPLICA_VIEWS``) read from a replica (:mod:`wijkkompas.core.routers`).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from wijkkompas.core.routers import reading_aggregates

from .health import readiness
from .metrics import metrics_allowed, metrics_view

logger = logging.getLogger("wijkkompas.requests")

LIVE, READY, METRICS = "/health/live", "/health/ready", "/metrics"
#: Seconds a client is asked to wait while the database is away.
RETRY_AFTER = 30


def note_database_unavailable(
    sender: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """``got_request_exception`` receiver: mark a request that failed on the database
    connection, for :class:`OpsMiddleware` to answer 503 instead of 500."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        request.wk_database_unavailable = True  # type: ignore[attr-defined]


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 while the database is away: problem+json under /api/, otherwise a page rendered
    without the database (no context processors)."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        body = {
            "type": "urn:wijkkompas:probleem:unavailable",
            "title": _("Temporarily unavailable."),
            "status": 503,
            "detail": _(
                "The service cannot reach its database. Nothing was saved; try again later."
            ),
        }
        response = JsonResponse(body, status=503, content_type="application/problem+json")
    else:
        page = loader.get_template("ops/unavailable.html").render({"retry_after": RETRY_AFTER})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def live(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def ready(request: HttpRequest) -> HttpResponse:
    checks = readiness()
    failing = [name for name, ok in checks.items() if not ok]
    body = {"status": "unavailable" if failing else "ready", "failing": failing}
    response = JsonResponse(body, status=503 if failing else 200)
    response["Cache-Control"] = "no-store"
    return response


class OpsMiddleware:
    """Health, metrics, the 503 while the database is away, and the request log. First."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == LIVE:
            return live(request)
        if path == READY:
            return ready(request)
        if path == METRICS and metrics_allowed(request):
            return metrics_view(request)
        started, cpu = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        if getattr(request, "wk_database_unavailable", False) and response.status_code == 500:
            response = unavailable(request)
        self.log(
            request,
            response,
            time.perf_counter() - started,
            cpu_seconds=time.thread_time() - cpu,
        )
        return response

    @staticmethod
    def log(
        request: HttpRequest, response: HttpResponse, seconds: float, *, cpu_seconds: float = 0.0
    ) -> None:
        """One line per request: no path (ids only, but the route name says more), no query
        string, no user name or form data. ``duration_ms`` is the time the request took,
        ``cpu_ms`` the CPU time its thread spent on it (the rest is waiting: for the
        database, the cache, or the other threads of the process)."""
        match = getattr(request, "resolver_match", None)
        logger.info(
            "request",
            extra={
                "trace_id": getattr(request, "wk_trace_id", None),
                "method": request.method,
                "route": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "cpu_ms": round(cpu_seconds * 1000, 1),
            },
        )


class ReplicaReadMiddleware:
    """Read the aggregate pages (``WIJKKOMPAS_REPLICA_VIEWS``, GET/HEAD) from a replica.
    Put it just before the view's transaction (``AtomicViewMiddleware``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            block: AbstractContextManager[str] | None = getattr(request, "wk_replica_block", None)
            if block is not None:
                block.__exit__(None, None, None)

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.WIJKKOMPAS_REPLICA_VIEWS
            and settings.WIJKKOMPAS_READ_REPLICAS
        ):
            block = reading_aggregates()
            block.__enter__()
            request.wk_replica_block = block  # type: ignore[attr-defined]
