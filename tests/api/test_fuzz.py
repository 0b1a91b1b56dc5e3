"""Schemathesis against the live schema (/api/schema/), for every operation and every role.

For each role of the test world (and anonymous, and a system with a token holding every
scope, acting as a professional), every operation of the schema gets a few generated
requests (deterministic: ``derandomize``, no shrinking); an operation on one object draws
its id from the objects of the world of that endpoint (the user's own and other tenants')
as often as it generates one. Every answer must:

* not be a server error (5xx);
* conform to the schema: a documented status code, content type, headers and body;
* show no data the user may not see: no marker planted in tests/world.py in an object of
  another team or municipality (another tenant's data never appears).

Where the role is refused whatever it sends (401/403: the endpoint is not for its role),
one generated request per operation is enough. Each request runs in a savepoint that is
rolled back, so generated writes do not change the world of the next request. Failures
are collected per operation and reported together.
"""

from __future__ import annotations

import http
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
import yaml
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.access.test_access_walk import ROLES, _client
from tests.api.endpoints import API_ROOT, TOKEN_ONLY, endpoints, world_objects
from tests.world import World
from wijkkompas.accounts.constants import Role

pytestmark = pytest.mark.django_db

#: Generated requests per operation and role (on top of one per object of the world).
EXAMPLES = 2
TOKEN = "token"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
#: Where the role is refused whatever it sends (401/403), one request is enough.
REFUSED_SETTINGS = settings(FUZZ_SETTINGS, max_examples=1)
#: Most failures reported per role, and per operation.
MAX_REPORTED = 40
PER_OPERATION = 3


@pytest.fixture(scope="module")
def api_schema(world: World) -> Any:
    """The live schema, as a visitor downloads it."""
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(yaml.safe_load(response.content))


def _token_client(world: World) -> tuple[Any, Client]:
    """A system acting as the walker professional, with every scope."""
    from wijkkompas.api.constants import ApiScope
    from wijkkompas.api.services import api_client_create

    user = world.user(Role.PROFESSIONAL)
    _client_row, token = api_client_create(
        user=world.user(Role.ADMIN), name="Fuzzer", account=user, scopes=ApiScope.values
    )
    return user, Client(HTTP_AUTHORIZATION=f"Token {token}")


def _object_ids(world: World) -> dict[str, list[Any]]:
    """Path of a detail operation ("/api/v1/<prefix>/{") -> ids of the world's objects."""
    found = {}
    for endpoint in endpoints():
        if endpoint.row_model is not None:
            pks = [obj.pk for obj in world_objects(world, endpoint.row_model)]
            found[f"{endpoint.list_url}{{"] = pks
    return found


def _send(client: Client, case: Any) -> Any:
    """Send a generated case through Django's test client; the answer as schemathesis's."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    prepared = requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        headers=kwargs.get("headers") or {},
        params=kwargs.get("params"),
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        files=kwargs.get("files"),
    ).prepare()
    parts = urlsplit(prepared.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    headers = {
        name: value
        for name, value in prepared.headers.items()
        if name.lower() not in ("host", "content-length", "content-type", "cookie")
    }
    with transaction.atomic():
        response = client.generic(
            prepared.method,
            path,
            data=body,
            content_type=prepared.headers.get("Content-Type", ""),
            headers=headers,
        )
        transaction.set_rollback(True)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return schemathesis.Response(
        status_code=response.status_code,
        headers={name.lower(): [value] for name, value in response.items()},
        content=content,
        request=prepared,
        elapsed=0.0,
        verify=True,
        message=http.HTTPStatus(response.status_code).phrase,
        encoding="utf-8",
    )


def _strategy(operation: Any, ids: dict[str, list[Any]]) -> Any:
    """Generated cases; on an operation on one object, also cases with an id of the world."""
    generated = operation.as_strategy()
    names = [p.name for p in operation.path_parameters]
    pks = next((v for k, v in ids.items() if operation.path.startswith(k)), None)
    if len(names) != 1 or not pks:
        return generated
    return st.one_of(
        generated,
        st.sampled_from(pks).flatmap(
            lambda pk: operation.as_strategy(path_parameters={names[0]: pk})
        ),
    )


def _run(
    operation: Any,
    strategy: Any,
    client: Client,
    user: Any,
    who: str,
    world: World,
    refused: bool,
) -> list[str]:
    """The problems of the cases of one operation."""
    found: list[str] = []

    @(REFUSED_SETTINGS if refused else FUZZ_SETTINGS)
    @given(case=strategy)
    def run(case: Any) -> None:
        response = _send(client, case)
        where = f"{case.method} {case.formatted_path} as {who}"
        leaks = world.leaks(user, response.content.decode("utf-8", errors="replace"))
        if leaks:
            found.append(f"{where}: shows " + ", ".join(map(str, leaks)))
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as exc:  # the failed checks, reported below
            lines = str(exc).strip().splitlines()
            found.append(f"{where}: answered {response.status_code}: " + " | ".join(lines[:6]))

    run()
    return found


def _fuzz(who: str, api_schema: Any, world: World, login_client: Any) -> Iterator[str]:
    if who == TOKEN:
        user, client = _token_client(world)
    else:
        user, client = _client(who, world, login_client)
    ids = _object_ids(world)
    by_prefix = sorted(endpoints(), key=lambda e: -len(e.list_url))
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(API_ROOT.rstrip("/")):
            continue
        endpoint = next((e for e in by_prefix if operation.path.startswith(e.list_url)), None)
        refused = endpoint is not None and not (
            (who == TOKEN and endpoint.basename in TOKEN_ONLY) or endpoint.role_may_read(user)
        )
        found = _run(operation, _strategy(operation, ids), client, user, who, world, refused)
        yield from found[:PER_OPERATION]


@pytest.mark.parametrize("who", [*ROLES, TOKEN])
def test_fuzz_the_live_schema(who: str, api_schema: Any, world: World, login_client: Any) -> None:
    problems = []
    for problem in _fuzz(who, api_schema, world, login_client):
        problems.append(problem)
        if len(problems) >= MAX_REPORTED:
            break
    assert not problems, "\n".join(problems)


def test_the_fuzzer_sees_the_operations(api_schema: Any) -> None:
    operations = [r.ok() for r in api_schema.get_all_operations()]
    paths = {op.path for op in operations}
    assert len(paths) >= len(endpoints()), "the schema lacks endpoints of the router"
