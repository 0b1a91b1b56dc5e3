"""The number of queries of the neighbourhood pages does not grow with the data.

Each page is counted for a team role, a policy officer and the public with little data and
with much more (ideas with supporters, initiatives, places, signals and themes); the
limits live in ``query_counts.json``.
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

from .conftest import _initiative, fill

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())
_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _count(client: Any, url: str) -> int:
    client.get(url)  # warm up: session, caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(_BOOKKEEPING)])


def _counts(world: Any, login_client: Any) -> dict[str, int]:
    code = world.neighbourhood.code
    detail = reverse("neighbourhoods:detail", args=[code])
    public = reverse("neighbourhoods:public", args=[code])
    counts = {}
    for role in (Role.PROFESSIONAL, Role.POLICY_OFFICER):
        client = login_client(world.user(role))
        counts[f"neighbourhoods:detail:{role}"] = _count(client, detail)
        counts[f"neighbourhoods:index:{role}"] = _count(client, reverse("neighbourhoods:index"))
    counts["neighbourhoods:public"] = _count(Client(), public)
    counts["neighbourhoods:public_index"] = _count(
        Client(), reverse("neighbourhoods:public_index") + "?gemeente=" + world.gm.code
    )
    return counts


def test_pages_take_the_same_queries_for_small_and_large_data(
    world: Any, login_client: Any
) -> None:
    small = _counts(world, login_client)
    fill(world, ideas=15, small=False)
    for i in range(10):
        _initiative(world.neighbourhood, world.team, f"Buurtmaaltijd {i}", 30 + i)
    large = _counts(world, login_client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)
