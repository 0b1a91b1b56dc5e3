"""The queries of an API list do not grow with the rows it returns.

For every list endpoint of the router, as the role that sees the most rows of the world:
the list with one row (``page_size=1``) and with every row in scope runs the same number of
queries (no query per row: ``select_related``/``prefetch_related`` in ``base_queryset``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.access.test_access_walk import _client
from tests.access.test_query_counts import _BOOKKEEPING
from tests.api.endpoints import ALL, TOKEN_ONLY, Endpoint, endpoints
from tests.world import OWN, World
from wijkkompas.accounts.constants import Role

pytestmark = pytest.mark.django_db

#: Who looks: the role among these that sees the most rows.
ROLES = [
    Role.ADMIN.value,
    Role.TEAM_LEAD.value,
    Role.PROFESSIONAL.value,
    Role.PRIVACY_OFFICER.value,
    Role.POLICY_OFFICER.value,
    Role.RESEARCHER.value,
    Role.INITIATOR.value,
    "operator",
]
LISTS = [
    e for e in endpoints() if e.has_list and e.aggregate is None and e.basename not in TOKEN_ONLY
]


def _import_jobs(world: World) -> None:
    from wijkkompas.imports.models import ImportJob

    for n in range(3):
        ImportJob.objects.create(
            municipality=world.municipalities[OWN],
            team=world.teams[OWN],
            created_by=world.user(Role.ADMIN),
            kind="conversations",
            source_system=f"Systeem {n}",
            file_format="csv",
        )


def _rounds(world: World) -> None:
    from wijkkompas.selfassessments.tests.factories import MeasurementRoundFactory

    for _ in range(2):
        MeasurementRoundFactory()


#: Rows of the endpoints whose model the world holds fewer than two of.
EXTRA_ROWS: dict[str, Any] = {
    "import-job": _import_jobs,
    "self-assessment-round": _rounds,
}


def _measure(client: Any, url: str) -> tuple[int, int, int]:
    """(status, rows, queries) of a list, after a first request that warms the session."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = [q for q in ctx.captured_queries if not q["sql"].startswith(_BOOKKEEPING)]
    rows = len(response.json().get("results", [])) if response.status_code == 200 else 0
    return response.status_code, rows, len(queries)


@pytest.mark.parametrize("endpoint", LISTS, ids=str)
def test_list_queries_do_not_grow_with_rows(
    endpoint: Endpoint, world: World, login_client: Any
) -> None:
    if endpoint.basename in EXTRA_ROWS:
        EXTRA_ROWS[endpoint.basename](world)
    best: tuple[int, str, Any] | None = None
    for role in ROLES:
        _user, client = _client(role, world, login_client)
        status, rows, _ = _measure(client, f"{endpoint.list_url}?{ALL}")
        if status == 200 and (best is None or rows > best[0]):
            best = (rows, role, client)
    assert best is not None and best[0] >= 2, (
        f"{endpoint}: no role of {ROLES} sees two rows of the world; add rows of "
        f"{endpoint.model.__name__} to tests/world.py or EXTRA_ROWS"
    )
    rows, role, client = best
    _status, one_row, one = _measure(client, f"{endpoint.list_url}?page_size=1")
    _status, _rows, many = _measure(client, f"{endpoint.list_url}?{ALL}")
    assert one_row == 1
    assert one == many, (
        f"GET {endpoint.list_url} as {role}: {one} queries for one row, {many} for {rows} "
        "rows: a query per row (add select_related/prefetch_related to base_queryset)"
    )
