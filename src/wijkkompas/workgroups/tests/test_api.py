"""/api/v1/work-groups/: the same groups, refusals and 404s as the pages; the craft mix in
figures, no names of people; list queries do not grow with the rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkkompas.accounts.constants import Role
from wijkkompas.organisations.constants import Craft
from wijkkompas.workgroups.tests.factories import (
    OuterMemberFactory,
    TeamMemberFactory,
    WorkGroupFactory,
)

LIST = "/api/v1/work-groups/"

pytestmark = pytest.mark.django_db


def test_team_roles_read_their_groups_with_the_mix(world: Any, login_client: Any) -> None:
    TeamMemberFactory(group=world.group, membership=world.members[Craft.WELZIJN])
    OuterMemberFactory(group=world.group, label="Bewoner Oostendorp")
    world.group.opportunities.add(world.opportunity)
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.get(LIST)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [world.group.pk]
    one = client.get(f"{LIST}{world.group.pk}/")
    assert one.status_code == 200 and one["ETag"]
    body = one.json()
    assert body["craft_mix"] == {
        "hulp": 0,
        "zorg": 0,
        "welzijn": 1,
        "residents": 1,
        "partners": 0,
        "level": "single",
    }
    assert body["opportunities"] == [world.opportunity.pk]
    assert "Bewoner Oostendorp" not in one.content.decode()


def test_policy_officer_reads_groups_of_the_municipality_without_signals(
    world: Any, login_client: Any
) -> None:
    world.group.opportunities.add(world.opportunity)
    client = login_client(world.user(Role.POLICY_OFFICER))
    ids = {r["id"] for r in client.get(LIST).json()["results"]}
    assert ids == {world.group.pk, world.sibling_group.pk}
    assert client.get(f"{LIST}{world.group.pk}/").json()["opportunities"] == []
    assert client.get(f"{LIST}{world.foreign_group.pk}/").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.RESEARCHER, Role.INITIATOR, Role.PRIVACY_OFFICER, Role.RESIDENT]
)
def test_roles_without_groups_get_403(world: Any, login_client: Any, role: str) -> None:
    assert login_client(world.user(role)).get(LIST).status_code == 403


@pytest.mark.parametrize("who", ["sibling_lead", "foreign_lead"])
def test_other_teams_get_404(world: Any, login_client: Any, who: str) -> None:
    client = login_client(world.user(who))
    assert client.get(f"{LIST}{world.group.pk}/").status_code == 404
    assert world.group.pk not in {r["id"] for r in client.get(LIST).json()["results"]}


def test_export(world: Any, login_client: Any) -> None:
    response = login_client(world.user(Role.TEAM_LEAD)).get(f"{LIST}export/", {"formaat": "csv"})
    assert response.status_code == 200
    assert "Eenzaamheid ouderen Wezep" in response.content.decode()


def test_list_queries_do_not_grow(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    TeamMemberFactory(group=world.group, membership=world.members[Craft.HULP])
    small = count()
    for n in range(5):
        group: Any = WorkGroupFactory(team=world.team, name=f"Groep {n}")
        TeamMemberFactory(group=group, membership=world.members[Craft.ZORG])
        OuterMemberFactory(group=group)
        group.opportunities.add(world.opportunity)
    assert count() == small
