"""/api/v1/indicators/ and /api/v1/stories/: the dashboards' figures and 403/404s, the
stories each role may see, a story added through the service."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wijkkompas.accounts.constants import Role
from wijkkompas.indicators.constants import Visibility
from wijkkompas.indicators.models import Story

from .conftest import World
from .test_stories import add, jpeg_with_exif

INDICATORS = "/api/v1/indicators/"
STORIES = "/api/v1/stories/"
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("role", "suppressed"),
    [(Role.PROFESSIONAL, False), (Role.POLICY_OFFICER, True), (Role.ADMIN, True)],
)
def test_roles_with_dashboards_read_the_municipality(
    world: World, login_client: Any, role: str, suppressed: bool
) -> None:
    client = login_client(world.user(role))
    response = client.get(INDICATORS, {"municipality": world.gm.pk})
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert results and all(r["suppressed"] is suppressed for r in results)
    code = results[0]["code"]
    one = client.get(f"{INDICATORS}{code}/", {"municipality": world.gm.pk})
    assert one.status_code == 200 and one["ETag"]
    assert one.json()["headline"] == results[0]["headline"]


@pytest.mark.parametrize("role", [Role.INITIATOR, Role.RESIDENT, Role.PRIVACY_OFFICER])
def test_roles_without_dashboards_get_403(world: World, login_client: Any, role: str) -> None:
    response = login_client(world.user(role)).get(INDICATORS, {"municipality": world.gm.pk})
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("who", "query"),
    [
        ("foreign_officer", "gm"),  # another municipality
        (Role.PROFESSIONAL, "team_b"),  # a team of the municipality that is not theirs
        (Role.PROFESSIONAL, "other_gm"),
        (Role.RESEARCHER, "other_gm"),  # does not share its aggregates
    ],
)
def test_scope_outside_the_user_is_404(
    world: World, login_client: Any, who: str, query: str
) -> None:
    params = {
        "gm": {"municipality": world.gm.pk},
        "other_gm": {"municipality": world.other_gm.pk},
        "team_b": {"team": world.team_b.pk},
    }[query]
    response = login_client(world.user(who)).get(INDICATORS, params)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"municipality": "x"},
        {"municipality": "1", "period": "decade:2020-01-01"},
        {"municipality": "1", "period": "year:2026-02-30"},
        {"municipality": "1", "period": "month:9999-12-01"},
        {"municipality": "1", "period": "year:0001-01-01"},
        {"municipality": str(2**70)},
        {"team": "1", "district": "2"},
    ],
)
def test_bad_queries_are_400(world: World, login_client: Any, params: dict[str, str]) -> None:
    response = login_client(world.user(Role.POLICY_OFFICER)).get(INDICATORS, params)
    assert response.status_code == 400, response.content
    assert response.json()["invalidParams"]


def test_unknown_code_is_404_and_export_agrees(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    assert client.get(f"{INDICATORS}nope/", {"team": world.team.pk}).status_code == 404
    export = client.get(f"{INDICATORS}export/", {"team": world.team.pk, "formaat": "csv"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert (
        client.get(f"{INDICATORS}export/", {"team": world.team.pk, "formaat": "pdf"}).status_code
        == 400
    )


def test_stories_by_visibility(world: World, login_client: Any) -> None:
    team_story = add(world)
    circle = add(world, visibility=Visibility.CIRCLE, scope=world.scope)
    own = login_client(world.user(Role.PROFESSIONAL)).get(STORIES)
    assert {r["id"] for r in own.json()["results"]} == {team_story.pk, circle.pk}
    other_team = login_client(world.user("lead_b")).get(STORIES)
    assert {r["id"] for r in other_team.json()["results"]} == {circle.pk}
    assert login_client(world.user("lead_b")).get(f"{STORIES}{team_story.pk}/").status_code == 404
    foreign = login_client(world.user("foreign_officer")).get(STORIES)
    assert foreign.json()["results"] == []


def test_photo_only_by_url(world: World, login_client: Any) -> None:
    photo = SimpleUploadedFile("p.jpg", jpeg_with_exif(), content_type="image/jpeg")
    story = add(world, photo=photo, photo_alt="Een tafel met soep")
    body = login_client(world.user(Role.PROFESSIONAL)).get(f"{STORIES}{story.pk}/").json()
    assert body["photo_url"].endswith(f"/indicatoren/verhalen/{story.pk}/foto/")
    assert body["period"]["key"] == world.period.key
    assert "photo" not in body


def test_create_a_story_through_the_service(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    body = {
        "team": world.team.pk,
        "indicator": "conversations",
        "period": world.period.key,
        "narrative": "De buurt kookt samen.",
        "visibility": "team",
    }
    response = client.post(STORIES, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    story = Story.objects.get(pk=response.json()["id"])
    assert story.team == world.team and story.created_by == world.user(Role.PROFESSIONAL)


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [
        (Role.PROFESSIONAL, {"indicator": "nope"}, 400),
        (Role.PROFESSIONAL, {"names_people": True}, 400),  # no consent: the service refuses
        (Role.PROFESSIONAL, {"narrative": "x" * 3000}, 400),
        (Role.PROFESSIONAL, {"team": "team_b"}, 404),  # not their team
        (Role.RESEARCHER, {}, 403),
    ],
)
def test_refused_stories_change_nothing(
    world: World, login_client: Any, who: str, body: dict[str, Any], status: int
) -> None:
    data: dict[str, Any] = {
        "team": world.team.pk,
        "indicator": "conversations",
        "narrative": "Een verhaal.",
        "visibility": "municipality",
    } | body
    if data["team"] == "team_b":
        data["team"] = world.team_b.pk
    count = Story.objects.count()
    response = login_client(world.user(who)).post(
        STORIES, json.dumps(data), content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert Story.objects.count() == count


def test_public_stories_without_an_account(world: World, client: Any) -> None:
    public = add(world, visibility=Visibility.PUBLIC, scope=world.scope)
    add(world)
    response = client.get(STORIES)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [public.pk]
    assert client.get(INDICATORS, {"municipality": world.gm.pk}).status_code == 401


def test_change_and_withdraw_a_story_with_if_match(world: World, login_client: Any) -> None:
    story = add(world)
    client = login_client(world.user(Role.TEAM_LEAD))
    url = f"{STORIES}{story.pk}/"
    etag = client.get(url)["ETag"]
    body = json.dumps({"title": "Soep"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    changed = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Soep"
    stale = client.post(f"{url}withdraw/", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    gone = client.post(f"{url}withdraw/", HTTP_IF_MATCH=changed["ETag"])
    assert gone.status_code == 204
    assert client.get(url).status_code == 404


def test_seen_but_not_changeable_is_403_and_bad_input_400(world: World, login_client: Any):
    story = add(world, who=Role.TEAM_LEAD, visibility=Visibility.MUNICIPALITY)
    url = f"{STORIES}{story.pk}/"
    other = login_client(world.user(Role.POLICY_OFFICER))
    etag = other.get(url)["ETag"]
    refused = other.patch(url, "{}", content_type="application/json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 403
    lead = login_client(world.user(Role.TEAM_LEAD))
    bad = lead.patch(
        url,
        json.dumps({"names_people": True, "consent_given": False}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert bad.status_code == 400 and bad["Content-Type"] == PROBLEM
    story.refresh_from_db()
    assert story.names_people is False
