"""The same number is the same everywhere: for every indicator of the catalogue, the
dashboard page, its export, the API (``/api/v1/indicators/``) and ``compute()`` agree —
exactly for a team role, and with the same suppressed displays for a policy officer. Other
surfaces (factsheets, reflection sessions) prove the same with ``indicators.tests.agreement``."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.indicators.catalogue import Scope, definitions
from wijkkompas.indicators.selectors import indicator_results

from .agreement import (
    assert_agrees,
    assert_exact_matches_compute,
    from_api,
    from_export,
    from_html,
)
from .conftest import World

CASES = [
    # (role, scope kind): a team role sees exact figures, a policy officer suppressed ones.
    (Role.TEAM_LEAD, "team"),
    (Role.TEAM_LEAD, "municipality"),
    (Role.POLICY_OFFICER, "municipality"),
    (Role.RESEARCHER, "municipality"),
]


def _scope_and_url(world: World, kind: str) -> tuple[Scope, str]:
    if kind == "team":
        return world.team_scope, reverse("indicators:team", args=[world.team.pk])
    return world.scope, reverse("indicators:municipality", args=[world.gm.pk])


def _api_query(world: World, kind: str) -> dict[str, Any]:
    return {"team": world.team.pk} if kind == "team" else {"municipality": world.gm.pk}


def _xlsx_rows(body: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body))
    return list(book.worksheets[0].iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize(("role", "kind"), CASES)
def test_page_export_and_compute_agree(
    role: str, kind: str, world: World, login_client: Any
) -> None:
    user = world.user(role)
    scope, url = _scope_and_url(world, kind)
    period = world.period
    client = login_client(user)
    query = {"periode": period.key}

    page = client.get(url, query)
    assert page.status_code == 200
    assert_agrees(from_html(page.content.decode()), user=user, scope=scope, period=period)

    export = client.get(url, {**query, "formaat": "xlsx"})
    assert export.status_code == 200
    results = indicator_results(user=user, scope=scope, period=period)
    assert_agrees(
        from_export(_xlsx_rows(export.content), results), user=user, scope=scope, period=period
    )

    api = client.get("/api/v1/indicators/", {**_api_query(world, kind), "period": period.key})
    assert api.status_code == 200, api.content
    assert_agrees(from_api(api.json()["results"]), user=user, scope=scope, period=period)

    if role == Role.TEAM_LEAD:
        assert all(not r.suppressed for r in results)
        assert_exact_matches_compute(results)
    else:
        assert all(r.suppressed for r in results)


def test_every_indicator_is_on_the_dashboard(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    page = client.get(reverse("indicators:municipality", args=[world.gm.pk])).content.decode()
    shown = from_html(page)
    assert {d.code for d in definitions()} <= set(shown)
