"""/api/v1/organisations/ and /disciplines/: the organisation pages' roles and scope; the
administrator adds and changes organisations with If-Match."""

from __future__ import annotations

import json

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.organisations.models import Discipline, Organisation

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organisations/"
VIEW_ROLES = [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.ADMIN]
REFUSED = [Role.RESIDENT, Role.INITIATOR, Role.PRIVACY_OFFICER]


@pytest.mark.parametrize("role", VIEW_ROLES)
def test_roles_of_the_pages_see_their_municipality(world, login_client, role):
    client = login_client(world.user(role))
    response = client.get(LIST)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == set(
        Organisation.objects.filter(municipality=world.gm).values_list("pk", flat=True)
    )
    assert rows[world.amw.pk]["craft"] == "hulp"
    assert client.get("/api/v1/disciplines/").status_code == 200


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_get_403(world, login_client, role):
    client = login_client(world.user(role))
    for url in (LIST, "/api/v1/disciplines/"):
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_other_municipality_is_404(world, login_client):
    client = login_client(world.user("other_admin"))
    assert client.get(f"{LIST}{world.amw.pk}/").status_code == 404
    assert world.amw.pk not in {r["id"] for r in client.get(LIST).json()["results"]}


def test_admin_adds_and_changes_with_if_match(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    discipline = Discipline.objects.get(code="wijkverpleging")
    response = client.post(
        LIST,
        json.dumps({"name": "Buurtzorg Wezep", "discipline": discipline.pk, "craft": "zorg"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = Organisation.objects.get(pk=response.json()["id"])
    assert created.municipality == world.gm
    url = f"{LIST}{created.pk}/"
    body = json.dumps({"website": "https://buurtzorg.example"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    etag = client.get(url)["ETag"]
    response = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    again = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert again.status_code == 412


def test_professional_may_not_write(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(LIST, json.dumps({"name": "X"}), content_type="application/json")
    assert response.status_code == 403


def test_bad_input_and_a_taken_name_change_nothing(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    count = Organisation.objects.count()
    response = client.post(
        LIST,
        json.dumps({"name": "x" * 151, "discipline": 2**70, "craft": "magie"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"name", "discipline", "craft"}
    response = client.post(
        LIST,
        json.dumps(
            {"name": world.amw.name, "discipline": world.amw.discipline_id, "craft": "hulp"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "already has an organisation" in response.json()["detail"]
    assert Organisation.objects.count() == count
