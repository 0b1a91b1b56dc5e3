"""The time pages read a fixed number of queries, whatever the number of members and
weeks."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory

from .conftest import World, weeks_ago
from .factories import TimeSplitFactory

PAGES = ("timeuse:week", "timeuse:team", "indicators:team", "api:team-time")


def _url(name: str, world: World) -> str:
    if name == "timeuse:week":
        return reverse(name)
    if name == "api:team-time":
        return f"/api/v1/team-time-splits/?team={world.team.pk}"
    if name == "api:time-splits":
        return "/api/v1/time-splits/"
    return reverse(name, args=[world.team.pk])


def _count(client: Any, url: str) -> int:
    # Computed, not kept: the team dashboard keeps its body and time split (indicators.cache).
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(world: World) -> None:
    for _n in range(8):
        member = UserFactory(role=Role.PROFESSIONAL, municipality=world.gm, teams=[world.team])
        for week in range(1, 9):
            TimeSplitFactory(team=world.team, user=member, week=weeks_ago(week), note="meer")


def test_queries_do_not_grow_with_members_and_weeks(world: World, login_client: Any) -> None:
    client = login_client(world.lead)
    names = (*PAGES, "api:time-splits")
    for name in names:
        client.get(_url(name, world))  # warm the caches of the session
    before = {name: _count(client, _url(name, world)) for name in names}
    _grow(world)
    after = {name: _count(client, _url(name, world)) for name in names}
    assert after == before
    assert max(before.values()) <= 45, before
