"""The number of queries of the reflection pages does not grow with the data.

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
from wijkkompas.reflections import services
from wijkkompas.reflections.tests.factories import FollowUpActionFactory, HeldReflectionFactory
from wijkkompas.risks.tests.factories import TeamRiskFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())
_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _grow(world: Any, n: int) -> None:
    lead = world.user(Role.TEAM_LEAD)
    owners = [world.user(Role.PROFESSIONAL), world.user(Role.COORDINATOR), None]
    for i in range(n):
        session: Any = HeldReflectionFactory(
            team=world.team, planned_on=dt.date.today() - dt.timedelta(days=200 + i)
        )
        session.participants.set(list(world.members.values())[: 1 + i % 3])
        for j in range(2):
            FollowUpActionFactory(
                reflection=session,
                owner=owners[(i + j) % 3],
                due_date=dt.date.today() + dt.timedelta(days=i - n // 2),
            )
        TeamRiskFactory(team=world.team)
        services.reflection_update(
            user=lead, reflection=world.held, summary=f"Stap {i}", note=f"Stap {i}"
        )


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(_BOOKKEEPING)])


def _counts(world: Any, client: Any) -> dict[str, int]:
    pages = {
        "reflections:index": reverse("reflections:index"),
        "reflections:list": reverse("reflections:list", args=[world.team.pk]),
        "reflections:actions": reverse("reflections:actions", args=[world.team.pk]),
        "reflections:detail:held": reverse("reflections:detail", args=[world.held.pk]),
        "reflections:detail:planned": reverse("reflections:detail", args=[world.planned.pk]),
        "reflections:record": reverse("reflections:record", args=[world.planned.pk]),
        "reflections:create": reverse("reflections:create"),
    }
    _count(client, pages["reflections:index"])  # warm up the session
    _count(client, pages["reflections:detail:planned"])  # and the indicator cache
    return {name: _count(client, url) for name, url in pages.items()}


def test_pages_take_the_same_queries_for_small_and_large_data(
    world: Any, login_client: Any
) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    _grow(world, 1)
    small = _counts(world, client)
    _grow(world, 20)
    large = _counts(world, client)
    assert small == large, (small, large)
    for name, count in large.items():
        assert count <= LIMITS[name], (name, count, large)
