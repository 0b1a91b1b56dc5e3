"""Request middleware of the access log.

* :class:`ProcessingTraceMiddleware` opens one trace per request: every log entry of the
  request shares its trace id (the Logboek Dataverwerkingen ``trace_id``).
* :class:`AtomicViewMiddleware` runs every view in one database transaction, so that the
  access log entries are written in the same transaction as the data they are about:
  when writing an entry fails, the request fails with an error page and everything it
  changed is rolled back, and no data that was not logged reaches the user.

Unlike Django's ``ATOMIC_REQUESTS``, a view that ends in a 404 or 403
(``Http404``/``PermissionDenied``) still commits, so the logged refusal is kept; such views
have not changed anything else (services run in their own savepoint and roll back on
their own errors). A view marked ``transaction.non_atomic_requests`` runs as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import Http404, HttpRequest, HttpResponse

from .services import processing_trace


class ProcessingTraceMiddleware:
    """One trace id per request, on ``request.wk_trace_id`` and on every log entry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with processing_trace(traceparent=request.headers.get("traceparent")) as trace:
            request.wk_trace_id = trace.trace_id  # type: ignore[attr-defined]
            return self.get_response(request)


class AtomicViewMiddleware:
    """Run the view in one transaction; keep the log of a refusal. Put it last."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set()):
            return None
        refusal: Exception | None = None
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            try:
                response = view_func(request, *view_args, **view_kwargs)
            except (Http404, PermissionDenied) as exc:
                refusal = exc  # leave the block normally: the logged refusal is committed
        if refusal is not None:
            raise refusal
        return response
