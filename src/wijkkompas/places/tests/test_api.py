"""/api/v1/places/: the municipality's places as on the place pages, public places without
an account as on the public neighbourhood page; writes with If-Match."""

from __future__ import annotations

import json

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.places.models import Place

pytestmark = pytest.mark.django_db

LIST = "/api/v1/places/"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.POLICY_OFFICER, Role.RESIDENT])
def test_the_municipality_list(world, login_client, role):
    client = login_client(world.user(role))
    assert ids(client.get(LIST)) == {world.place.pk, world.private_place.pk}
    # A public place of another municipality: readable one by one, as its public page.
    assert client.get(f"{LIST}{world.foreign_public_place.pk}/").status_code == 200
    assert client.get(f"{LIST}{world.foreign_place.pk}/").status_code == 404


def test_researcher_gets_403(world, login_client):
    response = login_client(world.user(Role.RESEARCHER)).get(LIST)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_without_account_only_public_places_and_no_writes(world, client):
    assert ids(client.get(LIST)) == {world.place.pk, world.foreign_public_place.pk}
    assert client.get(f"{LIST}{world.private_place.pk}/").status_code == 404
    response = client.post(LIST, json.dumps({"name": "x"}), content_type="application/json")
    assert response.status_code in (401, 403)


def test_add_and_change_with_if_match(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        LIST,
        json.dumps(
            {"name": "Moestuin Wezep", "kind": "garden", "neighbourhood": world.neighbourhood.pk}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    url = f"{LIST}{response.json()['id']}/"
    etag = response["ETag"]
    body = json.dumps({"activities": "Elke zaterdag samen tuinieren"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    response = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert (
        client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag).status_code
        == 412
    )


def test_foreign_admin_may_not_change_our_place(world, login_client):
    client = login_client(world.users["foreign_admin"])
    # Public, so seen: 403 as on the edit page; not public: not there at all.
    url = f"{LIST}{world.place.pk}/"
    response = client.patch(url, "{}", content_type="application/json", HTTP_IF_MATCH="*")
    assert response.status_code == 403
    url = f"{LIST}{world.private_place.pk}/"
    response = client.patch(url, "{}", content_type="application/json", HTTP_IF_MATCH="*")
    assert response.status_code == 404


def test_bad_input_changes_nothing(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    count = Place.objects.count()
    response = client.post(
        LIST,
        json.dumps({"name": "", "kind": "kasteel", "neighbourhood": "drie", "accessible": "soms"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"name", "kind", "neighbourhood", "accessible"}
    response = client.post(
        LIST,
        json.dumps(
            {"name": "Elders", "kind": "other", "neighbourhood": world.foreign_neighbourhood.pk}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "neighbourhood"
    assert Place.objects.count() == count
