"""The number of queries of the register pages does not grow with the data.

Limits live in ``query_counts.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.risks import services
from wijkkompas.risks.tests.factories import TeamRiskFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())
_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _grow(world: Any, n: int) -> None:
    lead = world.user(Role.TEAM_LEAD)
    owners = [world.user(Role.PROFESSIONAL), world.user(Role.COORDINATOR), None]
    for i in range(n):
        TeamRiskFactory(
            team=world.team,
            likelihood=1 + i % 5,
            impact=1 + (i * 3) % 5,
            owner=owners[i % 3],
            review_date=dt.date.today() + dt.timedelta(days=i - n // 2),
        )
        services.team_risk_update(
            user=lead, risk=world.risk, likelihood=1 + i % 5, note=f"Stap {i}", owner=owners[i % 3]
        )


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(_BOOKKEEPING)])


def _counts(world: Any, client: Any) -> dict[str, int]:
    pages = {
        "risks:index": reverse("risks:index"),
        "risks:list": reverse("risks:list", args=[world.team.pk]),
        "risks:matrix": reverse("risks:matrix", args=[world.team.pk]),
        "risks:detail": reverse("risks:detail", args=[world.risk.pk]),
        "risks:create": reverse("risks:create"),
    }
    _count(client, pages["risks:index"])  # warm up the session
    return {name: _count(client, url) for name, url in pages.items()}


def test_pages_take_the_same_queries_for_small_and_large_data(
    world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    _grow(world, 1)
    small = _counts(world, client)
    _grow(world, 30)
    large = _counts(world, client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)
