"""/api/v1/initiatives/ and /opportunities/: the initiative pages' scope, names only for the
roles that see them, changes through the services with If-Match."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkkompas.accounts.constants import Role
from wijkkompas.initiatives.models import Initiative, InitiativeStory, Opportunity, StageChange
from wijkkompas.initiatives.tests.conftest import TEAM_ROLES_OF_TEAM
from wijkkompas.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/initiatives/"
OPPORTUNITIES = "/api/v1/opportunities/"
JSON = "application/json"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", TEAM_ROLES_OF_TEAM)
def test_team_roles_see_the_municipality_with_names(world, login_client, role):
    client = login_client(world.user(role))
    assert ids(client.get(LIST)) == {world.initiative.pk, world.sibling_initiative.pk}
    row = client.get(f"{LIST}{world.initiative.pk}/").json()
    assert row["residents_in_charge"] == [world.user(Role.INITIATOR).pk]
    assert row["team"] == world.team.pk
    assert ids(client.get(OPPORTUNITIES)) == {world.opportunity.pk}


def test_policy_officer_sees_initiatives_without_people_and_no_opportunities(world, login_client):
    StageChange.objects.create(
        initiative=world.initiative,
        from_stage="proef",
        to_stage="loopt",
        changed_by=world.user(Role.PROFESSIONAL),
    )
    client = login_client(world.user(Role.POLICY_OFFICER))
    rows = {r["id"]: r for r in client.get(LIST).json()["results"]}
    assert set(rows) == {world.initiative.pk, world.sibling_initiative.pk}
    row = rows[world.initiative.pk]
    assert row["residents_in_charge"] == [] and row["coaches"] == []
    assert row["stage_changes"][0]["changed_by"] is None
    assert row["referral_count"] is None and row["referral_count_display"] == "<10"
    assert login_client(world.user(Role.POLICY_OFFICER)).get(OPPORTUNITIES).status_code == 403


def test_researcher_and_initiators_see_what_the_pages_show(world, login_client):
    assert ids(login_client(world.user(Role.RESEARCHER)).get(LIST)) == {world.foreign_initiative.pk}
    initiator = login_client(world.user(Role.INITIATOR))
    assert ids(initiator.get(LIST)) == {world.initiative.pk}
    assert initiator.get(f"{LIST}{world.initiative.pk}/").json()["team"] is None
    assert ids(login_client(world.users["other_initiator"]).get(LIST)) == set()


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PRIVACY_OFFICER])
def test_roles_without_the_pages_get_403(world, login_client, role):
    client = login_client(world.user(role))
    for url in (LIST, OPPORTUNITIES):
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_other_team_and_municipality(world, login_client):
    foreign = login_client(world.users["foreign_professional"])
    assert foreign.get(f"{LIST}{world.initiative.pk}/").status_code == 404
    sibling = login_client(world.users["sibling_professional"])
    assert sibling.get(f"{OPPORTUNITIES}{world.opportunity.pk}/").status_code == 404
    # Seen but not changeable: 403, as on the edit page.
    response = sibling.patch(
        f"{LIST}{world.initiative.pk}/", "{}", content_type=JSON, HTTP_IF_MATCH="*"
    )
    assert response.status_code == 403


def test_start_change_and_move_an_initiative(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        LIST,
        json.dumps(
            {
                "name": "Repair café",
                "level": "preventie",
                "origin": "team_signal",
                "team": world.team.pk,
                "neighbourhoods": [world.neighbourhood.pk],
                "budget": "250.00",
            }
        ),
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    url = f"{LIST}{response.json()['id']}/"
    etag = response["ETag"]
    body = json.dumps({"description": "Elke eerste zaterdag"})
    assert client.patch(url, body, content_type=JSON).status_code == 428
    response = client.patch(url, body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert client.patch(url, body, content_type=JSON, HTTP_IF_MATCH=etag).status_code == 412
    stage = json.dumps({"stage": "verkennen"})
    assert client.post(f"{url}stage-changes/", stage, content_type=JSON).status_code == 428
    response = client.post(
        f"{url}stage-changes/", stage, content_type=JSON, HTTP_IF_MATCH=response["ETag"]
    )
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "verkennen" and len(response.json()["stage_changes"]) == 2
    story = json.dumps({"text": "Twaalf fietsen gemaakt."})
    response = client.post(f"{url}stories/", story, content_type=JSON, HTTP_IF_MATCH="*")
    assert response.status_code == 201 and response.json()["stories"][0]["author"]


def test_initiator_may_not_start_one(world, login_client):
    client = login_client(world.user(Role.INITIATOR))
    body = json.dumps({"name": "X", "level": "preventie", "origin": "partner"})
    assert client.post(LIST, body, content_type=JSON).status_code == 403


def test_bad_input_changes_nothing(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    count = Initiative.objects.count()
    response = client.post(
        LIST,
        json.dumps(
            {
                "name": "x" * 151,
                "level": "revolutie",
                "origin": "team_signal",
                "budget": "123456789012",
                "neighbourhoods": [2**70],
            }
        ),
        content_type=JSON,
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"name", "level", "budget"} <= names and any(
        n.startswith("neighbourhoods") for n in names
    )
    response = client.post(
        LIST,
        json.dumps(
            {"name": "Y", "level": "preventie", "origin": "partner", "team": world.sibling.pk}
        ),
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "team"
    assert Initiative.objects.count() == count
    url = f"{LIST}{world.initiative.pk}/stage-changes/"
    stop = json.dumps({"stage": "gestopt"})
    response = client.post(url, stop, content_type=JSON, HTTP_IF_MATCH="*")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "note"
    world.initiative.refresh_from_db()
    assert world.initiative.stage == "loopt"


def test_opportunity_from_a_signal_then_dropped(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    response = client.post(
        OPPORTUNITIES,
        json.dumps(
            {
                "team": world.team.pk,
                "title": "Eenzaamheid in Wezep",
                "signal_area_kind": "neighbourhood",
                "signal_area_id": world.neighbourhood.pk,
                "signal_period": "year",
                "signal_period_start": "2026-01-01",
                "signal_measure": "theme:eenzaam",
            }
        ),
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    url = f"{OPPORTUNITIES}{response.json()['id']}/"
    body = json.dumps({"status": "dropped"})
    assert client.patch(url, body, content_type=JSON).status_code == 428
    response = client.patch(url, body, content_type=JSON, HTTP_IF_MATCH=response["ETag"])
    assert response.status_code == 200 and response.json()["status"] == "dropped"
    comment = json.dumps({"text": "Toch nog eens bespreken"})
    assert client.post(f"{url}comments/", comment, content_type=JSON).status_code == 428
    response = client.post(
        f"{url}comments/", comment, content_type=JSON, HTTP_IF_MATCH=response["ETag"]
    )
    assert response.status_code == 201, response.content
    assert response.json()["comments"][0]["author"] == world.user(Role.COORDINATOR).pk
    count = Opportunity.objects.count()
    bad = client.post(
        OPPORTUNITIES,
        json.dumps({"team": world.team.pk, "title": "", "signal_period": "eeuw"}),
        content_type=JSON,
    )
    assert bad.status_code == 400 and Opportunity.objects.count() == count


def test_list_queries_do_not_grow_with_rows(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    professional = world.user(Role.PROFESSIONAL)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    count()
    before = count()
    for _ in range(3):
        initiative: Any = InitiativeFactory(team=world.team, coaches=[professional])
        StageChange.objects.create(initiative=initiative, to_stage="loopt", changed_by=professional)
        InitiativeStory.objects.create(
            initiative=initiative, text="Goed bezig", author=professional
        )
    assert count() == before
