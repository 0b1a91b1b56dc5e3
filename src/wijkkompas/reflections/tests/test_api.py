"""/api/v1/reflections/: the sessions of the user's teams with their actions, the same
403/404s as the pages, a session planned through the service (its team lead)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.reflections.models import Reflection

from .conftest import World

LIST = "/api/v1/reflections/"
PROBLEM = "application/problem+json"


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD])
def test_team_roles_read_their_sessions_with_actions(
    world: World, login_client: Any, role: str
) -> None:
    client = login_client(world.user(role))
    response = client.get(LIST)
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} == {world.held.pk, world.planned.pk}
    one = client.get(f"{LIST}{world.held.pk}/")
    assert one.status_code == 200 and one["ETag"]
    body = one.json()
    assert [a["id"] for a in body["actions"]] == [world.action.pk]
    assert body["session_status"] == "held"


@pytest.mark.parametrize(
    "role", [Role.POLICY_OFFICER, Role.RESEARCHER, Role.INITIATOR, Role.PRIVACY_OFFICER]
)
def test_roles_without_reflections_get_403(world: World, login_client: Any, role: str) -> None:
    response = login_client(world.user(role)).get(LIST)
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("who", ["sibling_lead", "foreign_lead"])
def test_other_teams_get_404(world: World, login_client: Any, who: str) -> None:
    client = login_client(world.user(who))
    assert client.get(f"{LIST}{world.held.pk}/").status_code == 404
    ids = {r["id"] for r in client.get(LIST).json()["results"]}
    assert world.held.pk not in ids and world.planned.pk not in ids


def test_filters_and_export(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    held = client.get(LIST, {"status": "held"}).json()["results"]
    assert [r["id"] for r in held] == [world.held.pk]
    export = client.get(f"{LIST}export/", {"formaat": "json"})
    assert export.status_code == 200


def _plan(world: World, **values: Any) -> dict[str, Any]:
    return {
        "team": world.team.pk,
        "title": "Kairosmoment winter",
        "planned_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        "facilitator": world.members[Role.TEAM_LEAD].pk,
        "participants": [world.members[Role.PROFESSIONAL].pk],
    } | values


def test_team_lead_plans_a_session(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    response = client.post(LIST, json.dumps(_plan(world)), content_type="application/json")
    assert response.status_code == 201, response.content
    session = Reflection.objects.get(pk=response.json()["id"])
    assert session.team == world.team
    assert list(session.participants.all()) == [world.members[Role.PROFESSIONAL]]


@pytest.mark.parametrize(
    ("who", "values", "status"),
    [
        (Role.PROFESSIONAL, {}, 403),  # only the team lead plans
        (Role.TEAM_LEAD, {"planned_on": "morgen"}, 400),
        (Role.TEAM_LEAD, {"title": "x" * 200}, 400),
        (Role.TEAM_LEAD, {"participants": [2**62]}, 400),  # not a member
        (Role.TEAM_LEAD, {"team": "sibling"}, 404),
        (Role.TEAM_LEAD, {"team": 2**64}, 400),
    ],
)
def test_refused_plans_change_nothing(
    world: World, login_client: Any, who: str, values: dict[str, Any], status: int
) -> None:
    body = _plan(world, **values)
    if body["team"] == "sibling":
        body["team"] = world.sibling.pk
    count = Reflection.objects.count()
    response = login_client(world.user(who)).post(
        LIST, json.dumps(body), content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert Reflection.objects.count() == count


def test_list_queries_do_not_grow_with_the_rows(world: World, login_client: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import FollowUpActionFactory, HeldReflectionFactory

    client = login_client(world.user(Role.TEAM_LEAD))
    client.get(LIST)  # warm up the session and the user's scope
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _i in range(3):
        session: Any = HeldReflectionFactory(team=world.team)
        session.participants.set([world.members[Role.PROFESSIONAL]])
        FollowUpActionFactory(reflection=session)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(LIST).json()["results"]) == 5
    assert len(more) == len(few)


def test_team_lead_records_a_session_and_adds_an_action(world: World, login_client: Any):
    client = login_client(world.user(Role.TEAM_LEAD))
    url = f"{LIST}{world.planned.pk}/"
    etag = client.get(url)["ETag"]
    body = {"held_on": dt.date.today().isoformat(), "keep": "Het inloopspreekuur."}
    assert client.post(f"{url}record/", body, content_type="application/json").status_code == 428
    recorded = client.post(
        f"{url}record/", json.dumps(body), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["session_status"] == "held"
    action = {
        "decision": "Moedergroep verkennen",
        "owner": world.user(Role.PROFESSIONAL).pk,
        "due_date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    }
    added = client.post(
        f"{url}actions/",
        json.dumps(action),
        content_type="application/json",
        HTTP_IF_MATCH=recorded["ETag"],
    )
    assert added.status_code == 201, added.content
    assert [a["decision"] for a in added.json()["actions"]] == ["Moedergroep verkennen"]


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [
        (Role.PROFESSIONAL, {"decision": "x"}, 403),  # sees the session, does not keep it
        ("sibling_lead", {"decision": "x"}, 404),
        (Role.TEAM_LEAD, {"owner": 2**62}, 400),  # not an account of the team
        (Role.TEAM_LEAD, {"due_date": "1900-01-01"}, 400),  # before the session
    ],
)
def test_refused_actions_change_nothing(world: World, login_client: Any, who, body, status):
    url = f"{LIST}{world.held.pk}/"
    lead = login_client(world.user(Role.TEAM_LEAD))
    etag = lead.get(url)["ETag"]
    data = {
        "decision": "Moedergroep verkennen",
        "owner": world.user(Role.PROFESSIONAL).pk,
        "due_date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    } | body
    count = world.held.actions.count()
    response = login_client(world.user(who)).post(
        f"{url}actions/", json.dumps(data), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == status, response.content
    assert world.held.actions.count() == count
