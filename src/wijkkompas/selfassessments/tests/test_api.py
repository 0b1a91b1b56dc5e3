"""/api/v1/self-assessments/ and /self-assessment-rounds/: the same assessments as the
pages (own municipality and teams; researchers the submitted ones of sharing
municipalities), 403 for roles without the pages, 404 outside the scope."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.selfassessments.models import SelfAssessment
from wijkkompas.selfassessments.tests.factories import submitted

LIST = "/api/v1/self-assessments/"
ROUNDS = "/api/v1/self-assessment-rounds/"
PROBLEM = "application/problem+json"


@pytest.fixture
def assessments(world: Any) -> dict[str, Any]:
    return {
        "own": submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=(2, 4)),
        "draft": SelfAssessment.objects.create(round=world.eenmeting, municipality=world.gm),
        "sharing": submitted(
            measurement_round=world.nulmeting, municipality=world.sharing, scores=(3, 4)
        ),
        "private": submitted(
            measurement_round=world.nulmeting, municipality=world.private, scores=(1, 1)
        ),
    }


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_policy_officer_reads_own_with_answers(world: Any, assessments: Any, login_client: Any):
    client = login_client(world.user(Role.POLICY_OFFICER))
    assert _ids(client.get(LIST)) == {assessments["own"].pk, assessments["draft"].pk}
    one = client.get(f"{LIST}{assessments['own'].pk}/")
    assert one.status_code == 200 and one["ETag"]
    answers = one.json()["answers"]
    assert len(answers) == 11 and answers[0]["reality"] == 2 and answers[0]["wish"] == 4


def test_researcher_reads_submitted_of_sharing_municipalities(
    world: Any, assessments: Any, login_client: Any
):
    client = login_client(world.user(Role.RESEARCHER))
    assert _ids(client.get(LIST)) == {assessments["sharing"].pk}
    assert client.get(f"{LIST}{assessments['private'].pk}/").status_code == 404


def test_other_municipality_gets_404(world: Any, assessments: Any, login_client: Any):
    client = login_client(world.user("private_officer"))
    assert client.get(f"{LIST}{assessments['own'].pk}/").status_code == 404
    assert _ids(client.get(LIST)) == {assessments["private"].pk}


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.INITIATOR, Role.PRIVACY_OFFICER])
def test_roles_without_the_pages_get_403(world: Any, login_client: Any, role: str):
    client = login_client(world.user(role))
    for url in (LIST, ROUNDS):
        response = client.get(url)
        assert response.status_code == 403 and response["Content-Type"] == PROBLEM


def test_rounds_with_questions(world: Any, login_client: Any):
    client = login_client(world.user(Role.TEAM_LEAD))
    rows = client.get(ROUNDS).json()["results"]
    assert [r["id"] for r in rows] == [world.nulmeting.pk, world.eenmeting.pk]
    assert len(rows[0]["questions"]) == 11
    assert client.get(f"{ROUNDS}{2**62}/").status_code == 404
    assert client.get(f"{ROUNDS}abc/").status_code == 404


def test_filter_and_export(world: Any, assessments: Any, login_client: Any):
    client = login_client(world.user(Role.POLICY_OFFICER))
    assert _ids(client.get(LIST, {"status": "submitted"})) == {assessments["own"].pk}
    assert client.get(LIST, {"round": "x"}).status_code == 400
    export = client.get(f"{LIST}export/", {"formaat": "xlsx"})
    assert export.status_code == 200


def test_comparison_as_the_page_shows_it(world: Any, assessments: Any, login_client: Any):
    url = f"{ROUNDS}{world.nulmeting.pk}/comparison/"
    officer = login_client(world.user(Role.POLICY_OFFICER)).get(url)
    assert officer.status_code == 200, officer.content
    body = officer.json()
    assert body["municipalities"] == 2 and body["own_included"] is True
    assert body["distributions"][0]["reality"] == [0, 1, 1, 0, 0]
    # A policy officer names only their own municipality; a researcher those that share.
    assert [n["municipality"] for n in body["named"]] == [world.gm.pk]
    researcher = login_client(world.user(Role.RESEARCHER)).get(url).json()
    assert {n["municipality"] for n in researcher["named"]} == {world.sharing.pk}
    assert login_client(world.user(Role.PROFESSIONAL)).get(url).status_code == 403


def test_list_queries_do_not_grow_with_the_rows(world: Any, login_client: Any):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login_client(world.user(Role.POLICY_OFFICER))
    submitted(measurement_round=world.nulmeting, municipality=world.gm, scores=(2, 4))
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for team in (world.team, world.other_team):
        submitted(
            measurement_round=world.nulmeting, municipality=world.gm, team=team, scores=(3, 3)
        )
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(LIST).json()["results"]) == 3
    assert len(more) == len(few)


def test_team_lead_starts_fills_in_and_submits(world: Any, login_client: Any):
    import json

    client = login_client(world.user(Role.TEAM_LEAD))
    started = client.post(
        LIST,
        json.dumps({"round": world.nulmeting.pk, "team": world.team.pk}),
        content_type="application/json",
    )
    assert started.status_code == 201, started.content
    url = f"{LIST}{started.json()['id']}/"
    questions = client.get(f"{ROUNDS}{world.nulmeting.pk}/").json()["questions"]
    first = {"question_code": questions[0]["code"], "reality": 2, "wish": 4}
    body = json.dumps({"answers": [first]})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    saved = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=started["ETag"])
    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"][0]["wish"] == 4
    # Submitting needs both scores everywhere: refused, nothing changes.
    refused = client.patch(
        url,
        json.dumps({"submit": True}),
        content_type="application/json",
        HTTP_IF_MATCH=saved["ETag"],
    )
    assert refused.status_code == 400 and refused["Content-Type"] == PROBLEM
    everything = [{"question_code": q["code"], "reality": 3, "wish": 3} for q in questions]
    done = client.patch(
        url,
        json.dumps({"answers": everything, "submit": True}),
        content_type="application/json",
        HTTP_IF_MATCH=saved["ETag"],
    )
    assert done.status_code == 200, done.content
    assert done.json()["assessment_status"] == "submitted"


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [
        (Role.TEAM_LEAD, {"team": "other_team"}, 404),  # not their team: outside their scope
        (Role.RESEARCHER, {}, 403),
        (Role.POLICY_OFFICER, {"round": 2**62}, 404),
        (Role.POLICY_OFFICER, {"round": "x"}, 400),
    ],
)
def test_refused_starts_create_nothing(world: Any, login_client: Any, who, body, status):
    import json

    data = {"round": world.nulmeting.pk} | body
    if data.get("team") == "other_team":
        data["team"] = world.other_team.pk
    count = SelfAssessment.objects.count()
    response = login_client(world.user(who)).post(
        LIST, json.dumps(data), content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert SelfAssessment.objects.count() == count


def test_bad_scores_are_400(world: Any, assessments: Any, login_client: Any):
    import json

    client = login_client(world.user(Role.POLICY_OFFICER))
    url = f"{LIST}{assessments['draft'].pk}/"
    etag = client.get(url)["ETag"]
    for answer in ({"question_code": "x", "reality": 9}, {"question_code": "nope", "reality": 1}):
        response = client.patch(
            url,
            json.dumps({"answers": [answer]}),
            content_type="application/json",
            HTTP_IF_MATCH=etag,
        )
        assert response.status_code == 400, response.content
