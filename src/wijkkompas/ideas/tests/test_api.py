"""/api/v1/ideas/: the idea pages' scope and fields; published ideas without an account;
moderation and coach by the idea's team with If-Match."""

from __future__ import annotations

import json

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.models import Idea
from wijkkompas.ideas.tests.conftest import SUPPORTER_EMAIL, SUPPORTER_NAME, TEAM_ROLES_OF_TEAM

pytestmark = pytest.mark.django_db

LIST = "/api/v1/ideas/"


def detail(pk: int) -> str:
    return f"{LIST}{pk}/"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", TEAM_ROLES_OF_TEAM)
def test_team_roles_see_the_ideas_of_their_team(world, login_client, role):
    client = login_client(world.user(role))
    assert ids(client.get(LIST)) == {world.submitted.pk, world.published.pk}
    row = client.get(detail(world.published.pk)).json()
    assert row["team"] == world.team.pk and row["supporter_count"] == 1
    assert SUPPORTER_NAME not in json.dumps(row) and SUPPORTER_EMAIL not in json.dumps(row)
    assert client.get(detail(world.sibling_idea.pk)).status_code == 404


def test_policy_officer_sees_the_municipality_with_suppressed_counts(world, login_client):
    client = login_client(world.user(Role.POLICY_OFFICER))
    rows = {r["id"]: r for r in client.get(LIST).json()["results"]}
    assert set(rows) == {world.submitted.pk, world.published.pk, world.sibling_idea.pk}
    assert rows[world.published.pk]["supporter_count"] is None
    assert rows[world.published.pk]["supporter_count_display"] == "<10"


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.INITIATOR, Role.RESEARCHER])
def test_roles_without_the_idea_pages_get_403(world, login_client, role):
    response = login_client(world.user(role)).get(LIST)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_other_municipality_sees_only_what_is_public(world, login_client):
    client = login_client(world.user("foreign_professional"))
    assert world.published.pk not in ids(client.get(LIST))
    assert client.get(detail(world.submitted.pk)).status_code == 404
    row = client.get(detail(world.published.pk)).json()
    assert row["team"] is None and row["coach"] is None


def test_without_account_published_ideas_only(world, client):
    assert ids(client.get(LIST)) == {world.published.pk, world.foreign_idea.pk}
    assert client.get(detail(world.submitted.pk)).status_code == 404
    row = client.get(detail(world.published.pk)).json()
    assert row["team"] is None and row["supporter_count_display"] == "<10"
    response = client.patch(detail(world.published.pk), "{}", content_type="application/json")
    assert response.status_code in (401, 403)


def test_team_publishes_with_if_match(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = detail(world.submitted.pk)
    body = json.dumps({"decision": "publish", "title": "Klussendienst voor ouderen"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    etag = client.get(url)["ETag"]
    response = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published" and response.json()["public"] is True
    stale = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    coach = json.dumps({"coach": world.user(Role.COORDINATOR).pk})
    response = client.patch(url, coach, content_type="application/json", HTTP_IF_MATCH="*")
    assert response.json()["coach"] == world.user(Role.COORDINATOR).pk


def test_seen_but_not_changeable_is_403_as_on_the_page(world, login_client):
    client = login_client(world.user("sibling_professional"))
    response = client.patch(
        detail(world.published.pk), "{}", content_type="application/json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 403


def test_bad_input_changes_nothing(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = detail(world.submitted.pk)
    for body, field in (
        ({"decision": "weggooien"}, "decision"),
        ({"decision": "publish", "title": "x" * 121}, "title"),
        ({"coach": 2**64}, "coach"),
        ({"decision": "reject", "rejection_reason": ""}, "rejection_reason"),
        ({"coach": world.users["sibling_professional"].pk}, "coach"),
    ):
        response = client.patch(
            url, json.dumps(body), content_type="application/json", HTTP_IF_MATCH="*"
        )
        assert response.status_code == 400, (body, response.content)
        assert response.json()["invalidParams"][0]["name"] == field
    idea = Idea.objects.get(pk=world.submitted.pk)
    assert idea.status == IdeaStatus.SUBMITTED and idea.coach_id is None
