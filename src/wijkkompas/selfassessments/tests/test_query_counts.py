"""The comparison and the change between rounds take the same number of queries for 2
and for 11 municipalities."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.selfassessments.tests.factories import submitted

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add(world: Any, n: int) -> None:
    for _ in range(n):
        municipality = MunicipalityFactory(shares_aggregates=True)
        for measurement_round in (world.nulmeting, world.eenmeting):
            submitted(measurement_round=measurement_round, municipality=municipality, scores=(2, 4))


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.RESEARCHER])
def test_comparison_and_trend_do_not_grow_with_municipalities(
    role: str, world: Any, login_client: Any
) -> None:
    client = login_client(world.user(role))
    urls = [
        reverse("selfassessments:comparison") + f"?ronde={world.nulmeting.pk}",
        reverse("selfassessments:trend"),
        reverse("selfassessments:index"),
    ]
    _add(world, 2)
    _count(client, urls[0])  # warm up the session
    small = [_count(client, url) for url in urls]
    _add(world, 9)
    large = [_count(client, url) for url in urls]
    assert small == large
