"""Query counts of every page stay within the limits in tests/query_counts.json.

NetBox style: each page has a maximum number of queries; a page that grows fails here and
raising its limit is a reviewed change of the file. The team overview, team page and ring
view have their own file and growth tests in the teams app
(src/wijkkompas/teams/tests/query_counts.json); every other page is measured here, and a
new page without a limit fails and asks for one. The pages that list many rows are also
measured with few and with many rows: the count must not grow with the data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access.test_access_walk import _client, _targets
from tests.access.urlwalk import pages
from tests.world import OWN, World
from wijkkompas.accounts.constants import Role

pytestmark = pytest.mark.django_db

LIMITS_FILE = Path(__file__).parents[1] / "query_counts.json"
LIMITS: dict[str, Any] = json.loads(LIMITS_FILE.read_text())
TEAMS_LIMITS = Path(__file__).parents[2] / "src/wijkkompas/teams/tests/query_counts.json"
MEASURED_ELSEWHERE = {
    name for name in json.loads(TEAMS_LIMITS.read_text()) if not name.startswith("_")
}
#: Who looks at the page: the first of these roles that may open it.
ROLES = [
    Role.ADMIN.value,
    Role.PRIVACY_OFFICER.value,
    Role.TEAM_LEAD.value,
    Role.POLICY_OFFICER.value,
    Role.RESIDENT.value,
    "operator",  # the superuser of tests/world.py
]
PAGES = [
    page
    for page in pages()
    if page.name not in MEASURED_ELSEWHERE and not page.login_flow and page.name != "web:health"
]


#: Transaction bookkeeping, not queries: the access log's atomic-view middleware wraps every
#: view in a transaction, which inside a test's transaction is a savepoint.
_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _count(client: Any, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = [q for q in ctx.captured_queries if not q["sql"].startswith(_BOOKKEEPING)]
    return response.status_code, len(queries)


def _measure(page: Any, world: World, login_client: Any) -> tuple[str, int]:
    """(role, queries) for the first role that may open the page on its own objects."""
    targets = [t for t in _targets(page, world) if t[0] in ("", OWN)]
    assert targets, f"{page.name}: no object of the user's own to open it with"
    url = reverse(page.name, kwargs=targets[0][1])
    for role in ROLES:
        _user, client = _client(role, world, login_client)
        status, _ = _count(client, url)  # warm up: session, caches
        if status == 200:
            return role, _count(client, url)[1]
    raise AssertionError(f"{page.name}: no role of {ROLES} may open {url}")


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_stays_within_its_query_limit(page: Any, world: World, login_client: Any) -> None:
    assert page.name in LIMITS, (
        f"{page.name} has no query limit: measure it and add it to tests/query_counts.json"
    )
    role, queries = _measure(page, world, login_client)
    assert queries <= LIMITS[page.name], (
        f"{page.name} as {role} ran {queries} queries, the limit is {LIMITS[page.name]}: "
        "find the query in a loop, or raise the limit in a reviewed change"
    )


def test_no_stale_limits() -> None:
    known = {page.name for page in pages()}
    stale = {name for name in LIMITS if not name.startswith("_")} - known
    assert not stale, f"limits for pages that no longer exist: {sorted(stale)}"


# -- The count does not grow with the data ------------------------------------------------


def _grows(world: World, login_client: Any, role: str, url: str, add_rows: Any) -> None:
    _user, client = _client(role, world, login_client)
    _count(client, url)
    status, few = _count(client, url)
    assert status == 200
    add_rows()
    status, many = _count(client, url)
    assert status == 200
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"


def test_municipality_page_does_not_grow_with_districts(world: World, login_client: Any) -> None:
    from wijkkompas.areas.tests.factories import DistrictFactory, NeighbourhoodFactory

    gm = world.municipalities[OWN]

    def add() -> None:
        for n in range(10, 20):
            district = DistrictFactory(municipality=gm, code=f"WK{gm.code[2:]}{n}")
            NeighbourhoodFactory(district=district, code=f"BU{district.code[2:]}01")
            NeighbourhoodFactory(district=district, code=f"BU{district.code[2:]}02")

    _grows(world, login_client, Role.ADMIN, reverse("areas:detail", args=[gm.pk]), add)


def test_area_list_does_not_grow_with_districts(world: World, login_client: Any) -> None:
    from wijkkompas.areas.tests.factories import DistrictFactory

    gm = world.municipalities[OWN]

    def add() -> None:
        for n in range(20, 30):
            DistrictFactory(municipality=gm, code=f"WK{gm.code[2:]}{n}")

    _grows(world, login_client, Role.ADMIN, reverse("areas:list"), add)


def test_organisation_pages_do_not_grow(world: World, login_client: Any) -> None:
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory

    gm = world.municipalities[OWN]
    organisation = world.objects["organisation"][OWN]

    def add() -> None:
        for _ in range(10):
            OrganisationFactory(municipality=gm)
            MembershipFactory(team=world.teams[OWN], organisation=organisation)
            PartnerFactory(team=world.teams[OWN], organisation=organisation)

    _grows(world, login_client, Role.ADMIN, reverse("organisations:list"), add)
    _grows(
        world,
        login_client,
        Role.ADMIN,
        reverse("organisations:detail", args=[organisation.pk]),
        add,
    )


def test_access_log_does_not_grow_with_entries(world: World, login_client: Any) -> None:
    from wijkkompas.audit.models import AccessLogEntry

    gm = world.municipalities[OWN]
    officer = world.user(Role.PRIVACY_OFFICER)

    def add() -> None:
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(municipality=gm, user=officer, username=officer.username, event="read")
            for _ in range(40)
        )

    _grows(world, login_client, Role.PRIVACY_OFFICER, reverse("audit:log"), add)
