"""/api/v1/time-splits/ and /api/v1/team-time-splits/: the same rules as the pages."""

from __future__ import annotations

from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.timeuse.models import TimeSplit
from wijkkompas.timeuse.weeks import this_week, week_key

from .conftest import World

SPLITS = "/api/v1/time-splits/"
TEAM_SPLITS = "/api/v1/team-time-splits/"


def _week(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "team": world.team.pk,
        "week": week_key(this_week()),
        "casework": 50,
        "collective": 25,
        "network": 15,
        "overhead": 10,
        "note": "Via de API",
        **overrides,
    }


def test_a_member_posts_their_own_week_and_again_replaces_it(
    world: World, login_client: Any
) -> None:
    client = login_client(world.members[0])
    first = client.post(SPLITS, _week(world), content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["week_key"] == week_key(this_week())
    again = client.post(
        SPLITS, _week(world, casework=40, collective=35), content_type="application/json"
    )
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    row = TimeSplit.objects.get(user=world.members[0], week=this_week())
    assert (row.casework, row.collective, row.user_id) == (40, 35, world.members[0].pk)


@pytest.mark.parametrize(
    "overrides",
    [
        {"casework": 60},
        {"casework": -1},
        {"casework": 101},
        {"casework": "veel"},
        {"week": "nonsense"},
        {"week": "2020-W01"},
        {"note": "x" * 201},
        {"team": "abc"},
    ],
)
def test_bad_input_is_a_problem_and_changes_nothing(
    world: World, login_client: Any, overrides: dict[str, Any]
) -> None:
    before = TimeSplit.objects.count()
    response = login_client(world.members[0]).post(
        SPLITS, _week(world, **overrides), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert TimeSplit.objects.count() == before


def test_refusals(world: World, login_client: Any) -> None:
    before = TimeSplit.objects.count()
    # Another municipality's team, and a team that does not exist: 404.
    member = login_client(world.members[0])
    for team in (world.foreign_team.pk, 987654):
        response = member.post(SPLITS, _week(world, team=team), content_type="application/json")
        assert response.status_code == 404
    # The other team of the municipality: not the member's (404, as on the pages).
    response = member.post(
        SPLITS, _week(world, team=world.other_team.pk), content_type="application/json"
    )
    assert response.status_code == 404
    # A role without time pages: 403; a visitor: 401.
    officer = login_client(world.user(Role.POLICY_OFFICER))
    assert officer.post(SPLITS, _week(world), content_type="application/json").status_code == 403
    assert officer.get(SPLITS).status_code == 403
    assert officer.get(TEAM_SPLITS, {"team": world.team.pk}).status_code == 403
    assert TimeSplit.objects.count() == before


def test_the_list_holds_own_weeks_and_for_the_lead_the_teams(
    world: World, login_client: Any
) -> None:
    own = login_client(world.members[0]).get(SPLITS).json()["results"]
    assert {row["user"] for row in own} == {world.members[0].pk}
    team = login_client(world.lead).get(SPLITS, {"team": world.team.pk}).json()["results"]
    assert len(team) == 5
    foreign = TimeSplit.objects.get(team=world.foreign_team)
    assert login_client(world.lead).get(f"{SPLITS}{foreign.pk}/").status_code == 404
    colleague = TimeSplit.objects.filter(user=world.members[1]).earliest("week")
    assert login_client(world.members[0]).get(f"{SPLITS}{colleague.pk}/").status_code == 404
    assert login_client(world.lead).get(f"{SPLITS}{colleague.pk}/").status_code == 200


def test_the_team_split(world: World, login_client: Any) -> None:
    data = login_client(world.members[0]).get(TEAM_SPLITS, {"team": world.team.pk}).json()
    assert data["team"] == world.team.pk and data["by"] == "week"
    assert data["members"] == 4
    assert data["results"][-1]["respondents"] == 3
    assert {s["kind"] for s in data["results"][-1]["shares"]} == {
        "casework",
        "collective",
        "network",
        "overhead",
    }
    lead = login_client(world.lead)
    assert lead.get(TEAM_SPLITS, {"team": world.foreign_team.pk}).status_code == 404
    assert lead.get(TEAM_SPLITS, {"team": world.other_team.pk}).status_code == 404
    assert lead.get(TEAM_SPLITS).status_code == 400
    assert lead.get(TEAM_SPLITS, {"team": "abc"}).status_code == 400
