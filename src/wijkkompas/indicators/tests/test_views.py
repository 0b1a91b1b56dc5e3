"""The pages of the indicators: who opens which dashboard, the period choice, exports,
bad input, and a number of queries that does not grow with the data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.indicators.catalogue import definitions
from wijkkompas.indicators.constants import Lens
from wijkkompas.initiatives.tests.factories import InitiativeFactory
from wijkkompas.residents.tests.factories import HouseholdFactory, ResidentFactory

from .conftest import World


def municipality_url(world: World) -> str:
    return reverse("indicators:municipality", args=[world.gm.pk])


def team_url(world: World) -> str:
    return reverse("indicators:team", args=[world.team.pk])


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        (Role.POLICY_OFFICER, "municipality", 200),
        (Role.TEAM_LEAD, "municipality", 200),
        (Role.TEAM_LEAD, "team", 200),
        (Role.RESEARCHER, "municipality", 200),  # Oldebroek shares its aggregates
        (Role.POLICY_OFFICER, "team", 200),
        ("lead_b", "team", 404),  # another team of the same municipality
        ("foreign_officer", "municipality", 404),
        ("foreign_officer", "team", 404),
        (Role.INITIATOR, "municipality", 403),
        (Role.RESIDENT, "municipality", 403),
        (Role.PRIVACY_OFFICER, "municipality", 403),
    ],
)
def test_who_opens_which_dashboard(
    who: str, page: str, status: int, world: World, login_client: Any
) -> None:
    url = municipality_url(world) if page == "municipality" else team_url(world)
    assert login_client(world.user(who)).get(url).status_code == status


def test_researcher_sees_only_sharing_municipalities(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.RESEARCHER))
    other = reverse("indicators:municipality", args=[world.other_gm.pk])
    assert client.get(other).status_code == 404


def test_dashboard_keeps_the_lenses_apart_and_says_when_there_is_no_story(
    world: World, login_client: Any
) -> None:
    page = login_client(world.user(Role.POLICY_OFFICER)).get(municipality_url(world))
    html = page.content.decode()
    positions = [html.index(f'id="lens-{lens.value}"') for lens in Lens]
    assert positions == sorted(positions)
    assert "No story with this figure yet." in html
    for d in definitions():
        assert f'id="indicator-{d.code}"' in html
    # Suppressed for the policy officer: the explanation is on the page.
    assert "&lt;10" in html


def test_period_choice_and_bad_input(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    last_year = world.period.shifted(-1)
    page = client.get(team_url(world), {"periode": last_year.key})
    assert page.status_code == 200
    assert f'value="{last_year.key}" selected' in page.content.decode()
    for bad in ("year:2026-02-30", "decade:2020-01-01", "nonsense", "year:"):
        assert client.get(team_url(world), {"periode": bad}).status_code == 200
    response = client.get(team_url(world), {"formaat": "pdf"})
    assert response.status_code == 302


def test_exports_have_the_definitions_in_a_second_sheet(world: World, login_client: Any) -> None:
    from openpyxl import load_workbook

    client = login_client(world.user(Role.POLICY_OFFICER))
    response = client.get(municipality_url(world), {"formaat": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert [ws.title for ws in book.worksheets] == ["Indicators", "Definitions"]
    codes = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert codes == [d.code for d in definitions()]
    csv = client.get(municipality_url(world), {"formaat": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Wezep" in csv.content.decode("utf-8-sig")


def test_catalogue_lists_every_definition_and_the_dashboards(
    world: World, login_client: Any
) -> None:
    html = login_client(world.user(Role.TEAM_LEAD)).get(reverse("indicators:catalogue"))
    text = html.content.decode()
    for d in definitions():
        assert f'id="definition-{d.code}"' in text
    assert municipality_url(world) in text and team_url(world) in text


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_dashboard_queries_do_not_grow_with_data(
    world: World, login_client: Any, settings: Any
) -> None:
    settings.WIJKKOMPAS_INDICATOR_CACHE_SECONDS = 0  # every figure computed on each request
    client = login_client(world.user(Role.POLICY_OFFICER))
    url = municipality_url(world)
    _count(client, url)
    few = _count(client, url)
    household = HouseholdFactory(team=world.team_b, neighbourhood=world.neighbourhoods[2])
    for _i in range(15):
        ConversationFactory(
            resident=ResidentFactory(household=household), held_on=world.period.start
        )
    for _i in range(5):
        InitiativeFactory(team=world.team_b)
    assert _count(client, url) == few


def test_suppressed_dashboard_is_kept_until_the_data_changes(
    world: World, login_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from wijkkompas.indicators import services

    client = login_client(world.user(Role.POLICY_OFFICER))
    url = municipality_url(world)
    computed = _count(client, url)
    kept = _count(client, url)
    assert kept < computed
    with django_capture_on_commit_callbacks(execute=True):
        services.story_create(
            user=world.user(Role.POLICY_OFFICER),
            scope=world.scope,
            indicator="ideas",
            period=None,
            narrative="Het idee voor een moestuin groeide uit tot een initiatief.",
            author_kind="resident",
            visibility="municipality",
        )
    assert "moestuin" in client.get(url).content.decode()
    # Exact figures (team roles) are kept too, for that user only: the lead's body is
    # computed once, then served, and never to the policy officer (or the other way round).
    lead = login_client(world.user(Role.TEAM_LEAD))
    lead_computed = _count(lead, url)
    assert _count(lead, url) < lead_computed
    assert "moestuin" in lead.get(url).content.decode()
    from wijkkompas.indicators import cache as indicator_cache

    keys = {
        indicator_cache.body_key(user=user, scope=world.scope, period=world.period, name="page")
        for user in (world.user(Role.POLICY_OFFICER), world.user(Role.TEAM_LEAD))
    }
    assert None not in keys and len(keys) == 2
