"""Timing pages in-process: the full middleware stack through Django's test client.

A page is always timed against a *floor*: the trivial ``/health/`` view (one ``SELECT 1``)
requested by the same logged-in client, interleaved request by request, so that the
machine's noise (CPU frequency, other processes, a cold cache) hits both alike. The
figure to watch is the ratio of the page to the floor, not the milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

FLOOR_URL_NAME = "web:health"


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100), linear between the closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def bench_user(municipality: Any, *, role: str, name: str) -> Any:
    """The benchmark's own account ``bench-<name>-<code>`` with ``role`` in
    ``municipality`` (not a superuser, no usable password)."""
    from wijkkompas.accounts.models import User

    user, _ = User.objects.update_or_create(
        username=f"bench-{name}-{municipality.code.lower()}",
        defaults={
            "role": role,
            "municipality": municipality,
            "is_superuser": False,
            "is_staff": False,
            "is_active": True,
        },
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def verified_client(user: Any) -> Client:
    """A client logged in as ``user`` with the second factor passed (a confirmed TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, expected 200")
    return elapsed


def count_queries(client: Client, url: str) -> int:
    """How many SQL queries one request for ``url`` makes (middleware included)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, expected 200")
    return len(ctx.captured_queries)


def computed() -> Any:
    """A block in which the case pages keep nothing (``core.pagecache``): every request
    computes the page, so its queries are counted and timed as computed."""
    return override_settings(WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS=0)


def count_kept(client: Client, url: str) -> int:
    """How many SQL queries a request for ``url`` makes when the page is served kept (one
    request first keeps it)."""
    client.get(url)
    return count_queries(client, url)


@dataclass
class PageTiming:
    page_ms: list[float]
    floor_ms: list[float]

    def figures(self) -> dict[str, float]:
        p95 = percentile(self.page_ms, 95)
        floor_p95 = percentile(self.floor_ms, 95)
        p50 = percentile(self.page_ms, 50)
        floor_p50 = percentile(self.floor_ms, 50)
        return {
            "p50_ms": round(p50, 3),
            "p95_ms": round(p95, 3),
            "floor_p50_ms": round(floor_p50, 3),
            "floor_p95_ms": round(floor_p95, 3),
            "ratio_p50": round(p50 / floor_p50, 3),
            "ratio_p95": round(p95 / floor_p95, 3),
            "requests": len(self.page_ms),
        }


def time_page(
    client: Client,
    url: str | Sequence[str],
    *,
    requests: int = 200,
    warmup: int = 20,
    progress: Callable[[int], None] | None = None,
) -> PageTiming:
    """Time ``url`` and the floor, interleaved (alternating which goes first).

    ``url`` may be a list: request ``i`` asks for ``url[i % len(url)]`` (the same page for
    different objects, so one object's cached rows do not flatter the figure).
    """
    urls = [url] if isinstance(url, str) else list(url)
    floor_url = reverse(FLOOR_URL_NAME)
    for i in range(warmup):
        _get(client, floor_url)
        _get(client, urls[i % len(urls)])
    page_ms: list[float] = []
    floor_ms: list[float] = []
    for i in range(requests):
        page_url = urls[i % len(urls)]
        if i % 2 == 0:
            floor_ms.append(_get(client, floor_url))
            page_ms.append(_get(client, page_url))
        else:
            page_ms.append(_get(client, page_url))
            floor_ms.append(_get(client, floor_url))
        if progress is not None and (i + 1) % 50 == 0:
            progress(i + 1)
    return PageTiming(page_ms=page_ms, floor_ms=floor_ms)
