"""/api/v1/plans/ and /api/v1/case-discussions/: the scope of the plan and case discussion
pages (consent for the plan; participants only), logged reads with the household's
residents, a change with If-Match through the plans services, bad input a 400."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry, AccessLogSubject
from wijkkompas.plans.models import Plan

from .conftest import NO_CASE_ROLES, TEAM_ROLES_OF_TEAM
from .factories import GoalFactory, PlanActionFactory

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"
DISCUSSIONS = "/api/v1/case-discussions/"


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.parametrize("role", TEAM_ROLES_OF_TEAM)
def test_team_roles_see_the_plans_under_consent(world, login_client, role):
    client = login_client(world.user(role))
    assert ids(client.get(PLANS)) == [world.plan.pk]  # not the plan without consent
    plan = client.get(f"{PLANS}{world.plan.pk}/").json()
    assert [goal["id"] for goal in plan["goals"]] == [world.goal.pk]
    assert [item["id"] for item in plan["actions"]] == [world.action.pk]
    assert [review["id"] for review in plan["reviews"]] == [world.review.pk]
    assert client.get(f"{PLANS}{world.unconsented_plan.pk}/").status_code == 404


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_work_get_403(world, login_client, role):
    client = login_client(world.user(role))
    for url in (PLANS, DISCUSSIONS):
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("who", ["sibling_professional", "foreign_professional"])
def test_other_team_and_municipality_get_404(world, login_client, who):
    client = login_client(world.user(who))
    assert client.get(f"{PLANS}{world.plan.pk}/").status_code == 404
    assert world.plan.pk not in ids(client.get(PLANS))
    assert client.get(f"{DISCUSSIONS}{world.discussion.pk}/").status_code == 404


def test_case_discussion_only_for_participants(world, login_client):
    coordinator = login_client(world.user(Role.COORDINATOR))
    assert ids(coordinator.get(DISCUSSIONS)) == [world.discussion.pk]
    row = coordinator.get(f"{DISCUSSIONS}{world.discussion.pk}/").json()
    assert row["participants"] == [world.user(Role.COORDINATOR).pk]
    # The professional of the same team was not invited: the discussion does not exist.
    professional = login_client(world.user(Role.PROFESSIONAL))
    assert ids(professional.get(DISCUSSIONS)) == []
    assert professional.get(f"{DISCUSSIONS}{world.discussion.pk}/").status_code == 404


def test_reads_are_logged_with_the_households_residents(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    for url, purpose in ((PLANS, "case_coordination"), (DISCUSSIONS, "case_discussion")):
        client.get(url)
        entry = AccessLogEntry.objects.order_by("-pk")[0]
        subjects = AccessLogSubject.objects.filter(entry=entry).values_list(
            "resident_id", flat=True
        )
        assert entry.purpose == purpose and list(subjects) == [world.resident.pk]


def test_list_queries_do_not_grow_with_rows(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    client.get(PLANS)
    with CaptureQueriesContext(connection) as first:
        client.get(PLANS)
    for _n in range(3):
        GoalFactory(plan=world.plan)
        PlanActionFactory(plan=world.plan)
    with CaptureQueriesContext(connection) as second:
        client.get(PLANS)
    assert len(second) == len(first)


def test_change_needs_if_match_and_refuses_a_stale_etag(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    url = f"{PLANS}{world.plan.pk}/"
    etag = client.get(url)["ETag"]
    body = json.dumps({"summary": "Nieuwe samenvatting"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    response = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == world.plan.version + 1
    stale = client.patch(
        url, json.dumps({"summary": "Anders"}), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    world.plan.refresh_from_db()
    assert world.plan.summary == "Nieuwe samenvatting"


@pytest.mark.parametrize(
    "change",
    [
        {"summary": "x" * 20_000},
        {"coordinator": 2**70},
        {"coordinator": "iemand"},
        {"coordinator": "policy_officer"},  # not a coordinator of the household's team
    ],
)
def test_bad_change_is_a_400_and_changes_nothing(world, login_client, change):
    client = login_client(world.user(Role.COORDINATOR))
    url = f"{PLANS}{world.plan.pk}/"
    etag = client.get(url)["ETag"]
    if change.get("coordinator") == Role.POLICY_OFFICER:
        change = {"coordinator": world.user(Role.POLICY_OFFICER).pk}
    response = client.patch(
        url, json.dumps(change), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    plan = Plan.objects.get(pk=world.plan.pk)
    assert (plan.summary, plan.version) == (world.plan.summary, world.plan.version)


def test_start_a_plan_one_per_household(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    count = Plan.objects.count()
    body = {"household": world.household.pk, "started_on": "gisteren"}
    response = client.post(PLANS, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    del body["started_on"]
    response = client.post(PLANS, json.dumps(body), content_type="application/json")
    assert response.status_code == 400  # one household, one plan
    assert "already has an active plan" in response.content.decode()
    assert Plan.objects.count() == count
    world.plan.status = "closed"
    world.plan.save()
    response = client.post(PLANS, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["coordinator"] == world.user(Role.COORDINATOR).pk


def test_parts_of_the_plan_are_added_with_the_plans_etag(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    url = f"{PLANS}{world.plan.pk}/"
    etag = client.get(url)["ETag"]
    goal = json.dumps({"text": "Weer aan het werk", "life_domain": "work"})
    assert client.post(f"{url}goals/", goal, content_type="application/json").status_code == 428
    response = client.post(
        f"{url}goals/", goal, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert "Weer aan het werk" in [g["text"] for g in response.json()["goals"]]
    # The plan changed: the old ETag no longer fits.
    stale = client.post(
        f"{url}reviews/",
        json.dumps({"planned_on": "2030-01-01"}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    etag = response["ETag"]
    body = {"description": "Budgetcoach zoeken", "owner_name": "Sanne", "goal": world.goal.pk}
    response = client.post(
        f"{url}actions/", json.dumps(body), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["actions"]) == 2


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("goals/", {"text": ""}),
        ("goals/", {"text": "x", "life_domain": "toveren"}),
        ("actions/", {"description": "x", "owner_name": "Sanne", "goal": 2**62}),
        ("actions/", {"description": "x", "owner_name": "Sanne", "owner_organisation": 2**70}),
        ("appointments/", {"starts_at": "10 uur"}),
        ("reviews/", {"planned_on": "1900-01-01"}),
        ("close/", {"closed_on": "2999-01-01"}),
    ],
)
def test_bad_parts_are_a_400_and_change_nothing(world, login_client, path, body):
    client = login_client(world.user(Role.COORDINATOR))
    url = f"{PLANS}{world.plan.pk}/"
    response = client.get(url)
    before, etag = response.json(), response["ETag"]
    response = client.post(
        f"{url}{path}", json.dumps(body), content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert client.get(url).json() == before


def test_goals_and_actions_are_changed_with_the_plans_etag(world, login_client):
    client = login_client(world.user(Role.COORDINATOR))
    url = f"{PLANS}{world.plan.pk}/"
    etag = client.get(url)["ETag"]
    goal = f"{url}goals/{world.goal.pk}/"
    body = json.dumps({"goal_status": "achieved"})
    assert client.patch(goal, body, content_type="application/json").status_code == 428
    response = client.patch(goal, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["goals"][0]["goal_status"] == "achieved"
    assert response.json()["goals"][0]["text"] == world.goal.text  # the rest stays
    done = json.dumps({"done_on": response.json()["started_on"]})
    action = f"{url}actions/{world.action.pk}/"
    stale = client.patch(action, done, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    response = client.patch(
        action, done, content_type="application/json", HTTP_IF_MATCH=response["ETag"]
    )
    assert response.status_code == 200, response.content
    assert response.json()["actions"][0]["done_on"] == response.json()["started_on"]
    # A part of another plan, or an id beyond any integer, is not there.
    etag = response["ETag"]
    for part in (f"goals/{world.goal.pk + 1000}/", "actions/99999999999999999999999/"):
        missing = client.patch(
            f"{url}{part}", "{}", content_type="application/json", HTTP_IF_MATCH=etag
        )
        assert missing.status_code == 404
