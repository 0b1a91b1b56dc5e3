"""The number of queries of the place pages does not grow with the data.

Limits live in ``query_counts.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def _grow(world: Any, n: int) -> None:
    for _ in range(n):
        PlaceFactory(municipality=world.gm, neighbourhood=world.neighbourhood)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _counts(world: Any, login_client: Any) -> dict[str, int]:
    client = login_client(world.user(Role.ADMIN))
    pages = {
        "places:list": reverse("places:list"),
        "places:detail": reverse("places:detail", args=[world.place.pk]),
        "places:edit": reverse("places:edit", args=[world.place.pk]),
        "places:create": reverse("places:create"),
    }
    _count(client, pages["places:list"])  # warm up the session
    counts = {name: _count(client, url) for name, url in pages.items()}
    counts["places:public"] = _count(
        Client(), reverse("places:public", args=[world.neighbourhood.code])
    )
    return counts


def test_pages_take_the_same_queries_for_small_and_large_data(
    world: Any, login_client: Any
) -> None:
    _grow(world, 1)
    small = _counts(world, login_client)
    _grow(world, 30)
    large = _counts(world, login_client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)
