"""The factsheet shows the same indicator values as every other page: its HTML, the HTML
the PDF is made from, the data of the factsheet and its export agree with
``indicators.selectors.indicator_results`` (and so with ``compute()``): exactly for a team
role, with the same suppressed displays for the policy officer and the researcher.

Reuses the indicator app's world and helpers (``indicators/tests``)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.factsheets import pdf, selectors
from wijkkompas.indicators.catalogue import definitions
from wijkkompas.indicators.tests.agreement import (
    assert_agrees,
    assert_exact_matches_compute,
    from_export,
    from_html,
    of_results,
)
from wijkkompas.indicators.tests.conftest import World, build_world

KEY_CODES = [d.code for d in definitions() if d.key]

CASES = [
    (Role.TEAM_LEAD, "team"),
    (Role.PROFESSIONAL, "team"),
    (Role.POLICY_OFFICER, "team"),
    (Role.POLICY_OFFICER, "municipality"),
    (Role.RESEARCHER, "municipality"),  # the indicator world's municipality shares
]


@pytest.fixture(scope="module")
def indicator_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world("fsa")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def iworld(indicator_world: World, db: None) -> World:
    return indicator_world


def _factsheet(world: World, user: Any, kind: str) -> selectors.Factsheet:
    year = world.period.start.year
    if kind == "team":
        return selectors.team_factsheet(user=user, team=world.team, year=year)
    return selectors.municipality_factsheet(user=user, municipality=world.gm, year=year)


@pytest.mark.parametrize(("role", "kind"), CASES)
def test_factsheet_page_pdf_and_export_agree_with_the_indicators(
    role: str, kind: str, iworld: World, login_client: Any
) -> None:
    from openpyxl import load_workbook

    assert KEY_CODES, "the catalogue marks no key indicator"
    user = iworld.user(role)
    scope = iworld.team_scope if kind == "team" else iworld.scope
    period = iworld.period
    pk = iworld.team.pk if kind == "team" else iworld.gm.pk
    url = reverse(f"factsheets:{kind}", args=[pk])
    client = login_client(user)
    query = {"jaar": period.start.year}

    page = client.get(url, query)
    assert page.status_code == 200
    assert_agrees(
        from_html(page.content.decode()), user=user, scope=scope, period=period, codes=KEY_CODES
    )

    factsheet = _factsheet(iworld, user, kind)
    results = [r for group in factsheet.indicators for r in group.results]
    assert sorted(r.code for r in results) == sorted(KEY_CODES)
    truth = {code: figures for code, figures in of_results(results).items()}
    assert_agrees(truth, user=user, scope=scope, period=period, codes=KEY_CODES)
    assert_agrees(
        from_html(pdf.render_html(factsheet)),
        user=user,
        scope=scope,
        period=period,
        codes=KEY_CODES,
    )

    export = client.get(url, {**query, "formaat": "xlsx"})
    book = load_workbook(io.BytesIO(export.content))
    rows = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert_agrees(
        from_export(rows, results), user=user, scope=scope, period=period, codes=KEY_CODES
    )

    if role in (Role.TEAM_LEAD, Role.PROFESSIONAL):
        assert all(not r.suppressed for r in results)
        assert_exact_matches_compute(results)
    else:
        assert all(r.suppressed for r in results)
