"""/api/v1/municipalities|districts|neighbourhoods/: the area pages' scope, read-only."""

from __future__ import annotations

import pytest

from wijkkompas.accounts.constants import Role

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.POLICY_OFFICER, Role.RESIDENT])
def test_staff_and_residents_see_their_own_municipality(world, login_client, role):
    client = login_client(world.user(role))
    assert ids(client.get(f"{API}municipalities/")) == {world.gm.pk}
    assert ids(client.get(f"{API}districts/")) == {world.district.pk}
    rows = client.get(f"{API}neighbourhoods/?district={world.district.pk}").json()["results"]
    assert rows == [
        {
            "id": world.neighbourhood.pk,
            "municipality": world.gm.pk,
            "district": world.district.pk,
            "code": "BU02690101",
            "name": "Wezep-Noord",
        }
    ]
    assert client.get(f"{API}municipalities/{world.other_gm.pk}/").status_code == 404


def test_researcher_sees_only_municipalities_that_share(world, login_client):
    client = login_client(world.user(Role.RESEARCHER))
    assert ids(client.get(f"{API}municipalities/")) == {world.other_gm.pk}
    assert client.get(f"{API}districts/{world.district.pk}/").status_code == 404


def test_without_account_refused_and_writes_not_allowed(world, login_client, client):
    response = client.get(f"{API}municipalities/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"
    admin = login_client(world.user(Role.ADMIN))
    assert admin.post(f"{API}districts/", {}, content_type="application/json").status_code == 405


def test_bad_filter_is_a_400(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    response = client.get(f"{API}districts/?municipality=abc")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "municipality"
