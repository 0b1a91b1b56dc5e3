"""/api/v1/social-map-entries/: as on the social map pages; writes with If-Match."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.socialmap.models import Entry

pytestmark = pytest.mark.django_db

LIST = "/api/v1/social-map-entries/"


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.POLICY_OFFICER, Role.INITIATOR])
def test_the_municipality_list(world: Any, login_client: Any, role: str) -> None:
    client = login_client(world.user(role))
    own = {world.meal.pk, world.loket.pk, world.hidden.pk, world.stale.pk}
    assert ids(client.get(LIST)) == own
    assert client.get(f"{LIST}{world.foreign.pk}/").status_code == 200  # public elsewhere
    other = login_client(world.user("foreign_admin"))
    assert other.get(f"{LIST}{world.hidden.pk}/").status_code == 404


def test_filters(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.ADMIN))
    assert ids(client.get(LIST, {"stale": "true"})) == {world.stale.pk}
    assert ids(client.get(LIST, {"life_domain": "finances"})) == {world.stale.pk}
    assert ids(client.get(LIST, {"neighbourhood": world.other_neighbourhood.pk})) == {
        world.stale.pk,
        world.loket.pk,
        world.hidden.pk,
    }
    assert ids(client.get(LIST, {"step": "individual"})) == {world.loket.pk}
    row = client.get(f"{LIST}{world.stale.pk}/").json()
    assert row["stale"] is True and row["life_domains"] == ["finances"]


def test_researcher_gets_403(world: Any, login_client: Any) -> None:
    assert login_client(world.user(Role.RESEARCHER)).get(LIST).status_code == 403


def test_without_account_only_public_entries_and_no_writes(world: Any, client: Any) -> None:
    assert ids(client.get(LIST)) == {
        world.meal.pk,
        world.loket.pk,
        world.stale.pk,
        world.foreign.pk,
    }
    assert client.get(f"{LIST}{world.hidden.pk}/").status_code == 404
    response = client.post(LIST, json.dumps({"name": "x"}), content_type="application/json")
    assert response.status_code in (401, 403)


def test_add_change_and_check_with_if_match(world: Any, login_client: Any) -> None:
    user = world.user(Role.PROFESSIONAL)
    client = login_client(user)
    body = {
        "name": "Repair café",
        "kind": "volunteer_organisation",
        "description": "Samen repareren.",
        "life_domains": ["daytime", "participation"],
        "neighbourhoods": [world.neighbourhood.pk],
    }
    response = client.post(LIST, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    url = f"{LIST}{response.json()['id']}/"
    etag = response["ETag"]
    change = json.dumps({"opening_hours": "Zaterdag 10.00 uur"})
    assert client.patch(url, change, content_type="application/json").status_code == 428
    response = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    # "Still correct" on the stale entry.
    stale_url = f"{LIST}{world.stale.pk}/"
    etag = client.get(stale_url)["ETag"]
    response = client.post(f"{stale_url}check/", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["stale"] is False
    world.stale.refresh_from_db()
    assert world.stale.last_checked_on == timezone.localdate()
    assert world.stale.checked_by == user


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"life_domains": ["flying"]}, "life_domains"),
        ({"neighbourhoods": [987654]}, "neighbourhoods"),
        ({"name": "Wmo-loket"}, "name"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_bad_input_is_a_problem_and_changes_nothing(
    world: Any, login_client: Any, body: dict[str, Any], field: str
) -> None:
    client = login_client(world.user(Role.ADMIN))
    data = {"name": "Taalcafé", "kind": "volunteer_organisation", "description": "x", **body}
    before = Entry.objects.count()
    response = client.post(LIST, json.dumps(data), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.content.decode()
    assert Entry.objects.count() == before


def test_ids_of_another_municipality_answer_as_unknown(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.ADMIN))
    for body in (
        {"neighbourhoods": [world.foreign_neighbourhood.pk]},
        {"initiative": world.foreign_initiative.pk},
    ):
        data = {"name": "Taalcafé", "kind": "initiative", "description": "x", **body}
        response = client.post(LIST, json.dumps(data), content_type="application/json")
        assert response.status_code == 400
    assert not Entry.objects.filter(name="Taalcafé").exists()


def test_initiator_writes_only_their_initiatives_entries(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.INITIATOR))
    url = f"{LIST}{world.loket.pk}/"
    etag = client.get(url)["ETag"]
    change = json.dumps({"opening_hours": "nooit"})
    response = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 403
    assert client.post(f"{url}check/", HTTP_IF_MATCH=etag).status_code == 403
    url = f"{LIST}{world.meal.pk}/"
    etag = client.get(url)["ETag"]
    response = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    data = {"name": "Taalcafé", "kind": "initiative", "description": "x"}
    response = client.post(LIST, json.dumps(data), content_type="application/json")
    assert response.status_code == 400
    data["initiative"] = world.initiative.pk
    response = client.post(LIST, json.dumps(data), content_type="application/json")
    assert response.status_code == 201, response.content


def test_policy_officer_cannot_write(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    data = {"name": "Taalcafé", "kind": "initiative", "description": "x"}
    response = client.post(LIST, json.dumps(data), content_type="application/json")
    assert response.status_code == 403
    url = f"{LIST}{world.meal.pk}/"
    etag = client.get(url)["ETag"]
    assert client.post(f"{url}check/", HTTP_IF_MATCH=etag).status_code == 403
