"""The comparison takes the same number of queries for 2 and for 11 sharing
municipalities (and more teams), computed and kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.circle.tests.conftest import _team
from wijkkompas.selfassessments.tests.factories import submitted

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> int:
    cache.clear()  # computed, not kept
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add(circle: Any, n: int) -> None:
    for i in range(n):
        municipality = MunicipalityFactory(shares_aggregates=True)
        _team(municipality, f"Team {i}", [("amw", "core"), ("ggz", "outer")])
        for measurement_round in (circle.nulmeting, circle.eenmeting):
            submitted(measurement_round=measurement_round, municipality=municipality, scores=(2, 4))


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.RESEARCHER])
def test_comparison_does_not_grow_with_municipalities(
    role: str, circle: Any, login_client: Any
) -> None:
    client = login_client(circle.user(role))
    urls = [reverse("circle:index"), reverse("circle:export") + "?formaat=xlsx"]
    _count(client, urls[0])  # warm up the session
    small = [_count(client, url) for url in urls]
    _add(circle, 9)
    large = [_count(client, url) for url in urls]
    assert small == large
    assert small[0] <= 16


def test_kept_page_costs_only_the_session(circle: Any, login_client: Any) -> None:
    client = login_client(circle.user(Role.RESEARCHER))
    url = reverse("circle:index")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) <= 6, [q["sql"] for q in ctx.captured_queries]
