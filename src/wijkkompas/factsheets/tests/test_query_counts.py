"""The factsheet pages take the same number of queries for 2 teams as for 8 teams with
more members; limits live in ``query_counts.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role

from .conftest import build_team

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())
_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _count(client: Any, url: str, **headers: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(_BOOKKEEPING)])


def _counts(world: Any, client: Any) -> dict[str, int]:
    pages = {
        "factsheets:index": reverse("factsheets:index"),
        "factsheets:municipality": reverse("factsheets:municipality", args=[world.gm.pk]),
        "factsheets:team": reverse("factsheets:team", args=[world.team.pk]),
        "factsheets:team_pdf": reverse("factsheets:team_pdf", args=[world.team.pk]),
        "factsheets:pdf": reverse("factsheets:pdf"),
    }
    for url in pages.values():
        # Warm up the session, reference data and the kept indicator results (they are
        # kept until the data they count changes; see indicators.cache).
        _count(client, url)
    return {name: _count(client, url) for name, url in pages.items()}


def test_pages_take_the_same_queries_for_small_and_large_data(
    world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    small = _counts(world, client)
    for n in range(4):
        build_team(world.gm, f"Extra team {n}", size=2)
    large = _counts(world, client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)
