"""Selectors: scoping, the composition aggregates and the member list with its log entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from wijkkompas.accounts.constants import Action, Role
from wijkkompas.teams import selectors
from wijkkompas.teams.constants import Ring

pytestmark = pytest.mark.django_db


def test_team_list_is_scoped(world):
    assert list(selectors.team_list(user=world.user(Role.PROFESSIONAL))) == [world.team]
    assert set(selectors.team_list(user=world.user(Role.POLICY_OFFICER))) == {
        world.team,
        world.sibling,
    }
    assert list(selectors.team_list(user=world.user(Role.RESEARCHER))) == [world.foreign]
    assert list(selectors.team_list(user=world.user(Role.RESIDENT))) == []


def test_team_get_outside_scope_is_404(world):
    with pytest.raises(Http404):
        selectors.team_get(user=world.user(Role.PROFESSIONAL), pk=world.sibling.pk)
    with pytest.raises(Http404):
        selectors.team_get(
            user=world.user(Role.PROFESSIONAL), pk=world.team.pk, action=Action.CHANGE
        )
    assert selectors.team_get(
        user=world.user(Role.TEAM_LEAD), pk=world.team.pk, action=Action.CHANGE
    )


def test_composition_counts_by_ring_craft_and_discipline(world):
    composition = selectors.team_compositions([world.team.pk, world.sibling.pk])
    mine = composition[world.team.pk]
    assert mine.members == 2 and mine.hours == Decimal(32)
    assert {r.key: r.members for r in mine.by_ring} == {
        Ring.CORE: 1,
        Ring.FIRST_SHELL: 1,
        Ring.OUTER: 0,
        Ring.ON_CALL: 0,
    }
    assert {r.key: r.members for r in mine.by_craft} == {"hulp": 1, "zorg": 1, "welzijn": 0}
    assert {r.label: r.members for r in mine.by_discipline} == {
        "Algemeen maatschappelijk werk (AMW)": 1,
        "Thuiszorg / wijkverpleging": 1,
    }
    assert composition[world.sibling.pk].members == 1


def test_composition_with_organisations(world):
    composition = selectors.team_compositions([world.team.pk], with_organisations=True)[
        world.team.pk
    ]
    assert [r.label for r in composition.organisations_by_ring[Ring.CORE]] == ["Welzijn Oldebroek"]


def test_empty_composition(world):
    assert selectors.team_compositions([]) == {}
    from wijkkompas.teams.tests.factories import TeamFactory

    empty: Any = TeamFactory(municipality=world.gm)
    assert selectors.team_compositions([empty.pk])[empty.pk].members == 0


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.PROFESSIONAL, True),
        (Role.COORDINATOR, True),
        (Role.TEAM_LEAD, True),
        (Role.ADMIN, True),
        (Role.POLICY_OFFICER, False),
        (Role.RESEARCHER, False),
        (Role.PRIVACY_OFFICER, False),
    ],
)
def test_member_list_only_for_team_and_admin(world, role, visible):
    members = selectors.membership_list(user=world.user(role), team=world.team)
    assert bool(members) == visible
    if visible:
        assert [m.person_name for m in members] == ["Anna de Vries", "Bram Jansen"]


def test_membership_get_outside_team_is_404(world):
    with pytest.raises(Http404):
        selectors.membership_get(
            user=world.user(Role.TEAM_LEAD), team=world.team, pk=world.members[2].pk
        )
    with pytest.raises(Http404):
        selectors.membership_get(
            user=world.user(Role.PROFESSIONAL),
            team=world.team,
            pk=world.members[0].pk,
            action=Action.CHANGE,
        )


def test_perspective_history_and_partners_are_scoped(world):
    from wijkkompas.teams.models import PerspectiveVersion

    PerspectiveVersion.objects.create(team=world.team, text="v1")
    assert (
        selectors.perspective_history(user=world.user(Role.TEAM_LEAD), team=world.team).count() == 1
    )
    assert (
        selectors.perspective_history(user=world.user("other_team_lead"), team=world.team).count()
        == 0
    )
    assert list(selectors.partner_list(user=world.user(Role.POLICY_OFFICER), team=world.team)) == [
        world.partner
    ]
    assert not selectors.partner_list(user=world.user("other_admin"), team=world.team).exists()


def test_may_create_team(world):
    assert selectors.may_create_team(user=world.user(Role.ADMIN))
    assert not selectors.may_create_team(user=world.user(Role.TEAM_LEAD))
