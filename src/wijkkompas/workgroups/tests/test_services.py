"""Writes of working groups: who may, what is refused (nothing changed), the lesson."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.initiatives.tests.factories import InitiativeFactory, OpportunityFactory
from wijkkompas.organisations.constants import Craft
from wijkkompas.workgroups import services
from wijkkompas.workgroups.models import WorkGroup, WorkGroupMember
from wijkkompas.workgroups.tests.factories import ActionFactory, OuterMemberFactory

pytestmark = pytest.mark.django_db


def _form(world: Any, user: Any, **values: Any) -> WorkGroup:
    data = {"team": world.team, "name": "Mantelzorg", "focus_kind": "theme", "focus": "x"}
    return services.workgroup_form(user=user, **(data | values))


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.COORDINATOR])
def test_lead_and_coordinator_form_groups(world: Any, role: str) -> None:
    group = _form(
        world,
        world.user(role),
        opportunities=[world.opportunity],
        initiatives=[world.initiative],
        memberships=[world.members[Craft.HULP]],
    )
    assert group.started_on == dt.date.today()
    assert group.members.get().membership == world.members[Craft.HULP]
    assert AccessLogEntry.objects.filter(object_type="workgroups.WorkGroupMember").exists()


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.POLICY_OFFICER, Role.ADMIN])
def test_other_roles_do_not_form_groups(world: Any, role: str) -> None:
    with pytest.raises(ApplicationError):
        _form(world, world.user(role))
    assert not WorkGroup.objects.filter(name="Mantelzorg").exists()


def test_a_lead_forms_only_in_their_own_team(world: Any) -> None:
    with pytest.raises(ApplicationError):
        _form(world, world.users["sibling_lead"])
    with pytest.raises(ApplicationError):
        _form(world, world.user(Role.TEAM_LEAD), team=world.sibling)
    assert not WorkGroup.objects.filter(name="Mantelzorg").exists()


def test_links_must_be_of_the_team_and_municipality(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError, match="signals and opportunities"):
        _form(world, lead, opportunities=[OpportunityFactory(team=world.sibling)])
    with pytest.raises(ApplicationError, match="initiatives"):
        _form(world, lead, initiatives=[InitiativeFactory(team=world.foreign)])
    with pytest.raises(ApplicationError, match="member of the group"):
        _form(
            world,
            lead,
            memberships=[
                world.foreign_group.team.memberships.create(
                    person_name="Vreemd", organisation=world.members[Craft.HULP].organisation
                )
            ],
        )
    assert not WorkGroup.objects.filter(name="Mantelzorg").exists()


def test_names_are_unique_per_team(world: Any) -> None:
    with pytest.raises(ApplicationError, match="already has"):
        _form(world, world.user(Role.TEAM_LEAD), name="eenzaamheid ouderen wezep")


def test_team_member_once_and_outer_ring_minimal(world: Any) -> None:
    pro = world.user(Role.PROFESSIONAL)
    services.member_add_team(user=pro, group=world.group, membership=world.members[Craft.ZORG])
    with pytest.raises(ApplicationError, match="already in the group"):
        services.member_add_team(user=pro, group=world.group, membership=world.members[Craft.ZORG])
    with pytest.raises(ApplicationError):
        services.member_add_outer(user=pro, group=world.group, outer_kind="client", label="x")
    with pytest.raises(ApplicationError):
        services.member_add_outer(user=pro, group=world.group, outer_kind="resident", label=" ")
    with pytest.raises(ApplicationError):
        services.member_add_outer(
            user=pro, group=world.group, outer_kind="resident", label="x" * 81
        )
    assert WorkGroupMember.objects.count() == 1


def test_refusals_for_other_teams_and_roles(world: Any) -> None:
    with pytest.raises(Http404):
        services.agenda_add(
            user=world.users["sibling_lead"], group=world.group, day=dt.date.today(), topic="x"
        )
    with pytest.raises(PermissionDenied):
        services.agenda_add(
            user=world.user(Role.POLICY_OFFICER), group=world.group, day=dt.date.today(), topic="x"
        )
    with pytest.raises(PermissionDenied):
        services.workgroup_close(user=world.user(Role.PROFESSIONAL), group=world.group, lesson="x")
    with pytest.raises(Http404):
        services.workgroup_close(user=world.users["foreign_lead"], group=world.group, lesson="x")
    world.group.refresh_from_db()
    assert world.group.closed_on is None and not world.group.agenda.exists()


def test_action_owner_is_of_the_group_and_done_once(world: Any) -> None:
    pro = world.user(Role.PROFESSIONAL)
    stranger: Any = OuterMemberFactory(group=world.sibling_group)
    with pytest.raises(ApplicationError, match="someone of the group"):
        services.action_add(user=pro, group=world.group, what="x", owner=stranger)
    action = services.action_add(user=pro, group=world.group, what="Bellen")
    services.action_done(user=pro, action=action)
    with pytest.raises(ApplicationError, match="already done"):
        services.action_done(user=pro, action=action)


def test_close_needs_a_lesson_and_a_sensible_day(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError, match="learned"):
        services.workgroup_close(user=lead, group=world.group, lesson="  ")
    with pytest.raises(ApplicationError, match="future"):
        services.workgroup_close(
            user=lead, group=world.group, lesson="x", closed_on=dt.date.today() + dt.timedelta(1)
        )
    with pytest.raises(ApplicationError, match="before it started"):
        services.workgroup_close(
            user=lead, group=world.group, lesson="x", closed_on=dt.date(2025, 1, 1)
        )
    group = services.workgroup_close(user=lead, group=world.group, lesson="Eten verbindt.")
    assert group.closed_on == dt.date.today() and group.lesson == "Eten verbindt."
    with pytest.raises(ApplicationError, match="closed"):
        services.workgroup_close(user=lead, group=world.group, lesson="nog eens")
    with pytest.raises(ApplicationError, match="closed"):
        services.action_add(user=lead, group=world.group, what="x")
    action: Any = ActionFactory(group=world.group)
    with pytest.raises(ApplicationError, match="closed"):
        services.action_done(user=lead, action=action)
