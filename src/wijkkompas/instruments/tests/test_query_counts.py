"""The number of queries of the instrument pages does not grow with the data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.instruments.tests.conftest import load_criteria
from wijkkompas.instruments.tests.factories import make_version

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROFESSIONAL])
def test_list_query_count_is_constant(world, login_client, role):
    client = login_client(world.user(role))
    url = reverse("instruments:list")
    _count(client, url)
    small = _count(client, url)
    for n in range(6):
        version = make_version(
            instrument__municipality=world.gm, domains=[f"D{i}" for i in range(n + 2)]
        )
        load_criteria(version, world.gm, "Tekst")
    load_criteria(world.zrm, world.gm, "Tekst")
    large = _count(client, url)
    assert small == large <= LIMITS["instruments:list"], (small, large)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PROFESSIONAL])
def test_version_page_query_count_is_constant(world, login_client, role):
    client = login_client(world.user(role))
    small_version = make_version(instrument__municipality=world.gm, domains=["A"])
    load_criteria(small_version, world.gm, "Tekst")
    large_version = make_version(
        instrument__municipality=world.gm, domains=[f"D{i}" for i in range(30)], levels=10
    )
    load_criteria(large_version, world.gm, "Tekst")
    _count(client, reverse("instruments:version", args=[small_version.pk]))
    small = _count(client, reverse("instruments:version", args=[small_version.pk]))
    large = _count(client, reverse("instruments:version", args=[large_version.pk]))
    assert small == large <= LIMITS["instruments:version"], (small, large)
