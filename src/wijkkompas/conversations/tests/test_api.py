"""/api/v1/conversations/: the same scope as the pages, logged reads, If-Match on changes."""

from __future__ import annotations

import json

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.tests.conftest import NO_CASE_ROLES, TEAM_ROLES_OF_TEAM

pytestmark = pytest.mark.django_db

LIST = "/api/v1/conversations/"


def detail(pk: int) -> str:
    return f"{LIST}{pk}/"


@pytest.mark.parametrize("role", TEAM_ROLES_OF_TEAM)
def test_team_roles_list_and_read_with_consent(world, login_client, role):
    client = login_client(world.user(role))
    response = client.get(LIST)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.conversation.pk]
    response = client.get(detail(world.conversation.pk))
    assert response.status_code == 200 and response["ETag"]
    assert response["API-Version"] == "1.0.0"
    assert "Fatima" not in response.content.decode()


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_work_get_403_problem(world, login_client, role):
    response = login_client(world.user(role)).get(LIST)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 403


@pytest.mark.parametrize("who", ["sibling_professional", "foreign_professional"])
def test_other_team_and_municipality_get_404(world, login_client, who):
    client = login_client(world.user(who))
    assert client.get(detail(world.conversation.pk)).status_code == 404
    assert client.get(LIST).json()["results"] == []


def test_reads_are_logged_with_subjects(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    before = AccessLogEntry.objects.count()
    client.get(detail(world.conversation.pk))
    entry = AccessLogEntry.objects.order_by("-pk")[0]
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.object_type == "conversations.Conversation" and entry.purpose == "support"


def test_update_needs_if_match_and_refuses_a_stale_etag(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = detail(world.conversation.pk)
    etag = client.get(url)["ETag"]
    body = json.dumps({"question": "Een nieuwe vraag"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    response = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    stale = client.patch(
        url,
        json.dumps({"question": "Weer anders"}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    world.conversation.refresh_from_db()
    assert world.conversation.question == "Een nieuwe vraag"


def test_bad_input_is_a_dutch_problem_and_changes_nothing(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    count = Conversation.objects.count()
    response = client.post(
        LIST,
        json.dumps({"resident": world.resident.pk, "held_on": "gisteren", "place": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"held_on", "place"} <= names
    assert Conversation.objects.count() == count


def test_export_csv_is_logged(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.get(f"{LIST}export/?formaat=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert AccessLogEntry.objects.filter(operation="api.conversation.export").exists()
