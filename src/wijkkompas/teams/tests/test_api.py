"""/api/v1/teams|memberships|partners/: the team pages' scope; member names (personal data)
only for the team's roles and the administrator, every read logged."""

from __future__ import annotations

import json

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.teams.models import Membership

pytestmark = pytest.mark.django_db

API = "/api/v1/"
TEAM_ROLES = [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD]


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_team_roles_see_their_own_team_and_its_members(world, login_client, role):
    client = login_client(world.user(role))
    assert ids(client.get(f"{API}teams/")) == {world.team.pk}
    members = client.get(f"{API}memberships/").json()["results"]
    assert {m["person_name"] for m in members} == {"Anna de Vries", "Bram Jansen"}
    assert ids(client.get(f"{API}partners/")) == {world.partner.pk}
    assert client.get(f"{API}teams/{world.sibling.pk}/").status_code == 404
    assert client.get(f"{API}memberships/{world.members[2].pk}/").status_code == 404


def test_policy_officer_sees_teams_but_no_members(world, login_client):
    client = login_client(world.user(Role.POLICY_OFFICER))
    assert ids(client.get(f"{API}teams/")) == {world.team.pk, world.sibling.pk}
    response = client.get(f"{API}memberships/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.INITIATOR, Role.PRIVACY_OFFICER])
def test_roles_without_team_pages_get_403(world, login_client, role):
    client = login_client(world.user(role))
    for resource in ("teams", "memberships", "partners"):
        assert client.get(f"{API}{resource}/").status_code == 403


def test_other_municipality_is_404(world, login_client):
    client = login_client(world.user("other_admin"))
    assert client.get(f"{API}teams/{world.team.pk}/").status_code == 404
    assert ids(client.get(f"{API}memberships/")) == {world.members[3].pk}


def test_member_reads_are_logged_with_purpose(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    before = AccessLogEntry.objects.count()
    client.get(f"{API}memberships/{world.members[0].pk}/")
    client.get(f"{API}memberships/?team={world.team.pk}")
    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert len(entries) == 2
    assert {e.purpose for e in entries} == {"team_composition"}
    assert entries[0].object_type == "teams.Membership"


def test_bad_filter_is_a_400(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    assert client.get(f"{API}memberships/?ring=binnen").status_code == 400
    assert client.get(f"{API}teams/?team_type=x").status_code == 400


def test_team_lead_adds_and_changes_a_member_with_if_match(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    response = client.post(
        f"{API}memberships/",
        json.dumps(
            {
                "team": world.team.pk,
                "person_name": "Eva Visser",
                "organisation": world.amw.pk,
                "ring": "first_shell",
                "hours_per_week": "8.0",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    member = Membership.objects.get(pk=response.json()["id"])
    assert AccessLogEntry.objects.filter(purpose="team_management").exists()
    url = f"{API}memberships/{member.pk}/"
    body = json.dumps({"hours_per_week": "12.5"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    response = client.patch(
        url, body, content_type="application/json", HTTP_IF_MATCH=response["ETag"]
    )
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert str(member.hours_per_week) == "12.5" and member.ring == "first_shell"


def test_member_writes_follow_the_pages(world, login_client):
    body = json.dumps({"team": world.team.pk, "person_name": "X", "organisation": world.amw.pk})
    professional = login_client(world.user(Role.PROFESSIONAL))
    assert (
        professional.post(f"{API}memberships/", body, content_type="application/json").status_code
        == 403
    )
    other_lead = login_client(world.user("other_team_lead"))
    url = f"{API}memberships/{world.members[0].pk}/"
    response = other_lead.patch(url, "{}", content_type="application/json", HTTP_IF_MATCH="*")
    assert response.status_code == 404
    response = other_lead.post(f"{API}memberships/", body, content_type="application/json")
    assert response.status_code == 400  # not a team this lead may see
    assert response.json()["invalidParams"][0]["name"] == "team"


def test_bad_member_input_changes_nothing(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    count = Membership.objects.count()
    response = client.post(
        f"{API}memberships/",
        json.dumps(
            {
                "team": world.team.pk,
                "person_name": "",
                "organisation": 2**70,
                "hours_per_week": 41,
                "ring": "binnen",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"person_name", "organisation", "hours_per_week", "ring"}
    response = client.post(
        f"{API}memberships/",
        json.dumps(
            {"team": world.team.pk, "person_name": "Anna de Vries", "organisation": world.amw.pk}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400 and "already a member" in response.json()["detail"]
    assert Membership.objects.count() == count


def test_team_lead_changes_the_team_and_links_a_partner(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    url = f"{API}teams/{world.team.pk}/"
    body = json.dumps({"description": "Samen met de buurt", "positioning": "1"})
    assert client.patch(url, body, content_type="application/json").status_code == 428
    etag = client.get(url)["ETag"]
    response = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["positioning"] == "1"
    assert response.json()["neighbourhoods"] == [world.neighbourhood.pk]
    stale = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    response = client.post(
        f"{API}partners/",
        json.dumps({"team": world.team.pk, "name": "Taalhuis", "kind": "programme"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    again = client.post(
        f"{API}partners/",
        json.dumps({"team": world.team.pk, "name": "taalhuis", "kind": "network"}),
        content_type="application/json",
    )
    assert again.status_code == 400 and again.json()["invalidParams"][0]["name"] == "name"


@pytest.mark.parametrize(
    ("who", "status"),
    [(Role.PROFESSIONAL, 403), (Role.POLICY_OFFICER, 403), ("other_team_lead", 404)],
)
def test_team_changes_refused_as_on_the_pages(world, login_client, who, status):
    client = login_client(world.user(who))
    url = f"{API}teams/{world.team.pk}/"
    response = client.patch(url, "{}", content_type="application/json", HTTP_IF_MATCH="*")
    assert response.status_code == status


def test_bad_team_input_changes_nothing(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    url = f"{API}teams/{world.team.pk}/"
    for body, field in (
        ({"districts": [2**70]}, "districts.0"),
        ({"neighbourhoods": [999999]}, "neighbourhoods"),
        ({"team_type": "los zand"}, "team_type"),
        ({"target_group": "specific", "target_group_description": ""}, "target_group_description"),
    ):
        response = client.patch(
            url, json.dumps(body), content_type="application/json", HTTP_IF_MATCH="*"
        )
        assert response.status_code == 400, (body, response.content)
        assert response.json()["invalidParams"][0]["name"] == field
    world.team.refresh_from_db()
    assert world.team.target_group == "all"
