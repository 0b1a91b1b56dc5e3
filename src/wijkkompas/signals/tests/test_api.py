"""/api/v1/area-signals/ and /themes/: the signals page's figures as JSON, the same answer
as the page gives the same role (exact for team roles, suppressed for the others)."""

from __future__ import annotations

import datetime as dt

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.conversations.constants import Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.signals import services

from .factories import area, conversations

pytestmark = pytest.mark.django_db

YEAR = dt.date.today().year - 1
SIGNALS = "/api/v1/area-signals/"
THEMES = "/api/v1/themes/"


@pytest.fixture
def world():
    a = area()
    conversations(a, 12, held_on=dt.date(YEAR, 5, 12), outcome=Outcome.OWN_NETWORK)
    conversations(
        a,
        3,
        held_on=dt.date(YEAR, 5, 12),
        outcome=Outcome.WMO,
        question="Jan Smit wil een traplift.",
    )
    services.digests_bulk_write(
        conversation_ids=list(Conversation.objects.values_list("pk", flat=True))
    )
    services.signals_recompute(municipality_id=a.gm.pk, year=YEAR)
    return a


def query(a, **params):
    values = {
        "area_kind": "neighbourhood",
        "area_id": a.neighbourhood.pk,
        "period": "year",
        "start": f"{YEAR}-03-01",
    }
    values.update(params)
    return "?" + "&".join(f"{k}={v}" for k, v in values.items())


def user(a, role, municipality=None):
    teams = [a.team] if role in (Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD) else []
    return UserFactory(role=role, municipality=municipality or a.gm, teams=teams)


def outcome_cells(body):
    table = next(t for t in body["tables"] if t["id"] == "outcomes")
    return {row["code"]: row["count"] for row in table["rows"]}, table["total"]


def test_team_role_gets_exact_counts_and_examples(world, login_client):
    client = login_client(user(world, Role.PROFESSIONAL))
    response = client.get(SIGNALS + query(world))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["exact"] and body["start"] == f"{YEAR}-01-01" and body["has_data"]
    cells, total = outcome_cells(body)
    assert cells["wmo"] == {"value": 3, "display": "3", "hidden": None}
    assert total["value"] == 15
    themes = client.get(THEMES + query(world)).json()["themes"]
    assert any(t["stem"] == "eenzaam" and t["example"] for t in themes)
    assert "Smit" not in response.content.decode()
    # Months and quarters for team roles, as on the page.
    assert (
        client.get(SIGNALS + query(world, period="month", start=f"{YEAR}-05-01")).status_code == 200
    )


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMIN])
def test_aggregate_roles_get_suppressed_years_only(world, login_client, role):
    client = login_client(user(world, role))
    body = client.get(SIGNALS + query(world)).json()
    assert not body["exact"] and body["explanation"]
    cells, total = outcome_cells(body)
    assert cells["wmo"] == {"value": None, "display": "<10", "hidden": "small"}
    assert cells["own_network"]["value"] == 10 and total["display"] == "15"
    for table in body["tables"]:
        for row in table["rows"]:
            assert row["count"]["value"] is None or row["count"]["value"] >= 10
    themes = client.get(THEMES + query(world)).json()["themes"]
    assert all(t["example"] == "" for t in themes)
    response = client.get(SIGNALS + query(world, period="month", start=f"{YEAR}-05-01"))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "period"


@pytest.mark.parametrize("role", [Role.INITIATOR, Role.RESIDENT, Role.PRIVACY_OFFICER])
def test_other_roles_get_403(world, login_client, role):
    client = login_client(user(world, role))
    for url in (SIGNALS, THEMES):
        response = client.get(url + query(world))
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_researcher_sees_only_municipalities_that_share(world, login_client):
    other = area(code="GM0200", shares=False)
    client = login_client(user(world, Role.RESEARCHER, municipality=other.gm))
    assert client.get(SIGNALS + query(world)).status_code == 404
    world.gm.shares_aggregates = True
    world.gm.save()
    response = client.get(SIGNALS + query(world))
    assert response.status_code == 200 and not response.json()["exact"]


def test_an_area_of_another_municipality_is_404(world, login_client):
    other = area(code="GM0200")
    client = login_client(user(other, Role.PROFESSIONAL))
    assert client.get(SIGNALS + query(world)).status_code == 404
    assert (
        client.get(THEMES + query(world, area_kind="team", area_id=world.team.pk)).status_code
        == 404
    )


def test_without_an_area_the_page_default(world, login_client):
    client = login_client(user(world, Role.POLICY_OFFICER))
    body = client.get(SIGNALS).json()
    assert body["area_kind"] == "neighbourhood" and body["area_id"] == world.neighbourhood.pk
    themes = client.get(THEMES).json()
    assert themes["area_id"] == world.neighbourhood.pk and not themes["exact"]


def test_bad_input_is_a_400(world, login_client):
    client = login_client(user(world, Role.PROFESSIONAL))
    response = client.get(SIGNALS + "?area_kind=planeet&area_id=99999999999&start=gisteren")
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"area_kind", "area_id", "start"}
    response = client.get(SIGNALS + f"?area_kind=district&start={YEAR}-01-01")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "area_id"
    response = client.get(SIGNALS + query(world, start="1999-01-01"))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "start"
