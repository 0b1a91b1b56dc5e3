"""Reads of working groups: the craft mix, scopes, lessons between two days, and query
counts that do not grow with the number of groups or members."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.organisations.constants import Craft
from wijkkompas.workgroups import selectors
from wijkkompas.workgroups.constants import MixLevel
from wijkkompas.workgroups.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    OuterMemberFactory,
    TeamMemberFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_craft_mix_levels() -> None:
    assert selectors.CraftMix().level == MixLevel.NONE
    assert selectors.CraftMix(welzijn=3).level == MixLevel.SINGLE
    assert selectors.CraftMix(welzijn=1, zorg=1).level == MixLevel.PARTIAL
    assert [r.key for r in selectors.CraftMix(welzijn=1, zorg=1).missing] == ["hulp"]
    assert selectors.CraftMix(hulp=1, zorg=1, welzijn=1).level == MixLevel.FULL


def test_mix_is_counted_in_the_database(world: Any) -> None:
    TeamMemberFactory(group=world.group, membership=world.members[Craft.WELZIJN])
    TeamMemberFactory(group=world.group, membership=world.members["welzijn2"])
    TeamMemberFactory(group=world.group, membership=world.members[Craft.ZORG])
    OuterMemberFactory(group=world.group)
    OuterMemberFactory(group=world.group, outer_kind="partner", label="Dorpshuis")
    group: Any = selectors.group_get(user=world.user(Role.TEAM_LEAD), pk=world.group.pk)
    assert group.mix == selectors.CraftMix(welzijn=2, zorg=1, residents=1, partners=1)


def test_scopes(world: Any) -> None:
    def names(role: Any) -> set[str]:
        user = world.users[role] if isinstance(role, str) and role in world.users else role
        return {g.name for g in selectors.group_list(user=user).object_list}

    assert names(Role.PROFESSIONAL) == {world.group.name}
    assert names(Role.POLICY_OFFICER) == {world.group.name, world.sibling_group.name}
    assert names("foreign_lead") == {world.foreign_group.name}
    assert names(Role.RESEARCHER) == set()


def test_member_reads_are_logged_and_hidden_from_policy_officers(world: Any) -> None:
    OuterMemberFactory(group=world.group, label="Bewoner Oostendorp")
    assert selectors.member_list(user=world.user(Role.POLICY_OFFICER), group=world.group) == []
    before = AccessLogEntry.objects.count()
    members = selectors.member_list(user=world.user(Role.PROFESSIONAL), group=world.group)
    assert [m.label for m in members] == ["Bewoner Oostendorp"]
    assert AccessLogEntry.objects.count() == before + 1


def test_lessons_between_two_days(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    early = WorkGroupFactory(team=world.team, closed_on=dt.date(2026, 2, 1), lesson="a")
    late: Any = WorkGroupFactory(team=world.team, closed_on=dt.date(2026, 4, 1), lesson="b")
    WorkGroupFactory(team=world.sibling, closed_on=dt.date(2026, 4, 1), lesson="c")
    found = selectors.lessons_closed_between(
        user=lead, team=world.team, after=dt.date(2026, 2, 1), until=dt.date(2026, 4, 1)
    )
    assert found == [late]
    found = selectors.lessons_closed_between(
        user=lead, team=world.team, after=None, until=dt.date(2026, 3, 1)
    )
    assert found == [early]
    assert selectors.lesson_snapshot([late])[0]["closed_on"] == "2026-04-01"


def _grow(world: Any, n: int) -> None:
    for i in range(n):
        membership = world.team.memberships.create(
            person_name=f"Extra {n}-{i}", organisation=world.members[Craft.HULP].organisation
        )
        member = TeamMemberFactory(group=world.group, membership=membership)
        OuterMemberFactory(group=world.group)
        AgendaItemFactory(group=world.group)
        ActionFactory(group=world.group, owner=member)
        other = WorkGroupFactory(team=world.team)
        TeamMemberFactory(group=other, membership=membership)


@pytest.mark.parametrize("name", ["detail", "members", "action_add", "list", "team"], ids=str)
def test_page_queries_do_not_grow_with_members(world: Any, login_client: Any, name: str) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    if name == "list":
        url = reverse("workgroups:list")
    elif name == "team":
        url = reverse("teams:detail", args=[world.team.pk])
    else:
        url = reverse(f"workgroups:{name}", args=[world.group.pk])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(world, 1)
    small = count()
    _grow(world, 6)
    assert count() == small
