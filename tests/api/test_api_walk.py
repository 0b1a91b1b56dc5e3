"""The access walker for the API: every route of the router under /api/v1/, every role.

The page walker (tests/access/test_access_walk.py) leaves /api/v1/ to this one, because the
API answers differently from the pages (401 instead of the login page, JSON). For each
endpoint of the router (tests/api/endpoints.py), each role (plus anonymous):

* the list, the export (json and csv) and the list with a format suffix answer 200 when
  the role may use this kind of object (``may_use``, as on the pages), 403 when not, and 401
  for an anonymous visitor (except published rows of a ``public_read`` endpoint);
* the detail of every object of the world of the endpoint's model answers 200 exactly when
  ``accounts.access`` says the user may see it, 404 when it is out of scope (like an id that
  does not exist), 403 for a role that may not use it at all;
* no response contains a marker of an object the user may not see (tests/world.py), nor
  the full BSN of a resident;
* extra GET actions (``@action``) of an endpoint are walked like its list or detail
  (changes are fuzzed); the router has no route this walker does not request.
"""

from __future__ import annotations

import traceback
from typing import Any

import pytest
from django.test import Client

from tests.access.test_access_walk import ANONYMOUS, ROLES, _client
from tests.access.urlwalk import all_patterns
from tests.api.endpoints import (
    ALL,
    API_ROOT,
    MISSING_PK,
    Endpoint,
    endpoints,
    world_objects,
)
from tests.world import World

pytestmark = pytest.mark.django_db

ENDPOINTS = endpoints()


def _get(client: Client, url: str) -> Any:
    try:
        return client.get(url)
    except Exception:  # noqa: BLE001 - reported as a failure with the traceback
        return traceback.format_exc(limit=-6)


def _problems(
    where: str, response: Any, expected: int | tuple[int, ...], user: Any, world: World
) -> list[str]:
    if isinstance(response, str):
        return [f"{where}: raised\n{response}"]
    problems = []
    allowed = expected if isinstance(expected, tuple) else (expected,)
    if response.status_code not in allowed:
        problems.append(
            f"{where}: answered {response.status_code}, expected " + " or ".join(map(str, allowed))
        )
    body = response.content.decode("utf-8", errors="replace")
    leaks = world.leaks(user, body)
    if leaks:
        problems.append(f"{where}: shows data the role may not see: " + ", ".join(map(str, leaks)))
    for bsn, resident in world.secrets.items():
        if bsn in body:
            problems.append(f"{where}: shows the full BSN of resident {resident.pk}")
    return problems


def _refused(user: Any) -> int:
    return 401 if user is None else 403


def walk(endpoint: Endpoint, role: str, world: World, login_client: Any) -> list[str]:
    """Problems of one endpoint for one role (empty when every answer is right)."""
    user, client = _client(role, world, login_client)
    may_read = endpoint.role_may_read(user)
    refused = _refused(user)
    problems: list[str] = []

    def check(url: str, expected: int | tuple[int, ...]) -> Any:
        where = f"GET {url} as {role} ({endpoint})"
        response = _get(client, url)
        problems.extend(_problems(where, response, expected, user, world))
        return response

    if endpoint.aggregate is not None:
        # Figures of a scope: 200 or 404 (out of scope) as the page decides (the agreement
        # test compares them), 403 for a role without them; never a leak.
        for query, _obj, _page in endpoint.scope_queries(world):
            expected = (200, 404) if may_read else (refused,)
            response = check(f"{endpoint.list_url}?{query}", expected)
            if endpoint.has_export:
                for fmt in ("json", "csv"):
                    check(f"{endpoint.export_url(fmt)}&{query}", expected)
            rows = _rows(response)
            if endpoint.has_detail and rows and "code" in rows[0]:
                check(f"{endpoint.detail_url(rows[0]['code'])}?{query}", 200)
        return problems

    collective = 200 if may_read else refused
    extra = endpoint.extra_read_paths()
    if endpoint.has_list:
        check(f"{endpoint.list_url}?{ALL}", collective)
        check(f"{endpoint.list_url[:-1]}.json?{ALL}", collective)
    for path, on_one in extra:
        if not on_one:
            check(f"{endpoint.list_url}{path}/", collective)
    if endpoint.has_export:
        for fmt in ("json", "csv"):
            check(endpoint.export_url(fmt), collective)
    if endpoint.has_detail and endpoint.row_model is not None:
        check(endpoint.detail_url(MISSING_PK), 404 if may_read else refused)
        for obj in world_objects(world, endpoint.row_model):
            if not may_read:
                expected = refused
            else:
                expected = 200 if endpoint.visible(user, obj) else 404
            check(endpoint.detail_url(obj.pk), expected)
            for path, on_one in extra:
                if on_one:
                    check(f"{endpoint.detail_url(obj.pk)}{path}/", expected)
    return problems


def _rows(response: Any) -> list[Any]:
    if isinstance(response, str) or response.status_code != 200:
        return []
    data = response.json()
    return data.get("results", []) if isinstance(data, dict) else data


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_endpoint_shows_only_what_the_role_may_see(
    role: str, endpoint: Endpoint, world: World, login_client: Any
) -> None:
    problems = walk(endpoint, role, world, login_client)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_api_root(role: str, world: World, login_client: Any) -> None:
    user, client = _client(role, world, login_client)
    for url in (API_ROOT, f"{API_ROOT}.json"):
        expected = 401 if role == ANONYMOUS else 200
        problems = _problems(f"GET {url} as {role}", _get(client, url), expected, user, world)
        assert not problems, "\n".join(problems)


def test_the_walker_requests_every_route_of_the_router() -> None:
    """Every URL pattern under /api/v1/ is one this walker requests: the root, a list, a
    detail or a known extra action of an endpoint (with or without a format suffix)."""
    walked = {"api-root"}
    problems = []
    for endpoint in ENDPOINTS:
        walked |= {f"{endpoint.basename}-{suffix}" for suffix in ("list", "detail")}
        walked |= {f"{endpoint.basename}-{name}" for name in endpoint.extra_actions}
        if endpoint.has_detail and endpoint.row_model is None and endpoint.aggregate is None:
            problems.append(f"{endpoint}: rows of no model; add it to AGGREGATES")
    for _namespace, route, pattern, _view in all_patterns():
        if route.replace("^", "").startswith(API_ROOT) and pattern.name not in walked:
            problems.append(f"{route} ({pattern.name}) is not walked by tests/api/test_api_walk.py")
    assert ENDPOINTS, "the router has no endpoints: the walker walks nothing"
    assert not problems, "\n".join(problems)
