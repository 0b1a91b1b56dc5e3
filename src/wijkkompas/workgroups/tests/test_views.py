"""The working-group pages: who opens what, the craft-mix warning, forms and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.organisations.constants import Craft
from wijkkompas.workgroups.models import AgendaItem, WorkGroup, WorkGroupAction, WorkGroupMember
from wijkkompas.workgroups.tests.factories import (
    ActionFactory,
    OuterMemberFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


def _url(name: str, *args: Any) -> str:
    return reverse(f"workgroups:{name}", args=args)


def test_team_lead_forms_a_group_with_members(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    page = client.get(_url("create"))
    assert page.status_code == 200
    assert "Wim Welzijn" in page.content.decode()
    response = client.post(
        _url("create"),
        {
            "team": world.team.pk,
            "name": "Mantelzorg Wezep",
            "focus_kind": "target_group",
            "focus": "Mantelzorgers",
            "started_on": "2026-02-01",
            "opportunities": [world.opportunity.pk],
            "initiatives": [world.initiative.pk],
            "memberships": [world.members[Craft.WELZIJN].pk, world.members["welzijn2"].pk],
        },
    )
    group = WorkGroup.objects.get(name="Mantelzorg Wezep")
    assert response.status_code == 302
    assert response["Location"] == _url("detail", group.pk)
    assert list(group.opportunities.all()) == [world.opportunity]
    detail = client.get(_url("detail", group.pk)).content.decode()
    assert 'id="mix-warning"' in detail
    assert "Single-craft group." in detail


def test_warning_changes_when_a_second_craft_joins(world: Any, login_client: Any) -> None:
    TeamMemberFactory(group=world.group, membership=world.members[Craft.WELZIJN])
    client = login_client(world.user(Role.PROFESSIONAL))
    assert 'id="mix-warning"' in client.get(_url("detail", world.group.pk)).content.decode()
    response = client.post(
        _url("member_add_team", world.group.pk), {"membership": world.members[Craft.ZORG].pk}
    )
    assert response.status_code == 302
    detail = client.get(_url("detail", world.group.pk)).content.decode()
    assert 'id="mix-warning"' not in detail
    assert 'id="mix-note"' in detail
    client.post(
        _url("member_add_team", world.group.pk), {"membership": world.members[Craft.HULP].pk}
    )
    detail = client.get(_url("detail", world.group.pk)).content.decode()
    assert 'id="mix-full"' in detail


def test_outer_ring_person_is_added_by_name_or_role(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(
        _url("member_add_outer", world.group.pk),
        {"outer_kind": "resident", "label": "Bewoner Oostendorp"},
    )
    assert response.status_code == 302
    member = WorkGroupMember.objects.get(group=world.group)
    assert (member.outer_kind, member.label) == ("resident", "Bewoner Oostendorp")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outer_kind": "resident", "label": ""}, "Write a first name or a role"),
        ({"outer_kind": "cliënt", "label": "x"}, "Choose resident or partner."),
    ],
)
def test_outer_ring_bad_input_changes_nothing(
    world: Any, login_client: Any, data: dict[str, str], message: str
) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(_url("member_add_outer", world.group.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkGroupMember.objects.exists()


def test_team_member_of_another_team_is_refused(world: Any, login_client: Any) -> None:
    from wijkkompas.teams.tests.factories import MembershipFactory

    stranger: Any = MembershipFactory(team=world.sibling)
    client = login_client(world.user(Role.PROFESSIONAL))
    response = client.post(_url("member_add_team", world.group.pk), {"membership": stranger.pk})
    assert response.status_code == 200
    assert "Choose a member of the group" in response.content.decode()
    assert not WorkGroupMember.objects.exists()


def test_agenda_and_actions(world: Any, login_client: Any) -> None:
    owner: Any = OuterMemberFactory(group=world.group, label="Vrijwilliger dorpshuis")
    client = login_client(world.user(Role.PROFESSIONAL))
    assert client.get(_url("agenda_add", world.group.pk)).status_code == 200
    response = client.post(
        _url("agenda_add", world.group.pk),
        {"day": "2026-03-04", "topic": "Plan buurtmaaltijd", "notes": "Wie kookt?"},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get().topic == "Plan buurtmaaltijd"
    assert client.get(_url("action_add", world.group.pk)).status_code == 200
    response = client.post(
        _url("action_add", world.group.pk),
        {"what": "Flyers maken", "owner": owner.pk, "due_on": "2026-03-10"},
    )
    assert response.status_code == 302
    action = WorkGroupAction.objects.get()
    assert action.owner == owner
    assert client.get(_url("action_done", action.pk)).status_code == 200
    assert client.post(_url("action_done", action.pk)).status_code == 302
    action.refresh_from_db()
    assert action.done_on is not None
    detail = client.get(_url("detail", world.group.pk)).content.decode()
    assert "Flyers maken" in detail and "Vrijwilliger dorpshuis" in detail


def test_bad_dates_are_refused_in_dutch(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    client.cookies["django_language"] = "nl"
    response = client.post(_url("agenda_add", world.group.pk), {"day": "morgen", "topic": "x"})
    assert response.status_code == 200
    assert not AgendaItem.objects.exists()


def test_only_lead_and_coordinator_close(world: Any, login_client: Any) -> None:
    url = _url("close", world.group.pk)
    assert login_client(world.user(Role.PROFESSIONAL)).get(url).status_code == 403
    assert login_client(world.user(Role.POLICY_OFFICER)).get(url).status_code == 403
    assert login_client(world.users["sibling_lead"]).get(url).status_code == 404
    client = login_client(world.user(Role.COORDINATOR))
    assert client.get(url).status_code == 200
    response = client.post(url, {"closed_on": "2026-02-01", "lesson": ""})
    assert response.status_code == 200
    assert "Write what the group learned" in response.content.decode()
    world.group.refresh_from_db()
    assert world.group.closed_on is None
    response = client.post(
        url, {"closed_on": "2026-02-01", "lesson": "Eten verbindt.", "keep": "x", "stop": ""}
    )
    assert response.status_code == 302
    world.group.refresh_from_db()
    assert world.group.closed_on == dt.date(2026, 2, 1)
    # A closed group changes no more.
    response = login_client(world.user(Role.PROFESSIONAL)).post(
        _url("agenda_add", world.group.pk), {"day": "2026-03-04", "topic": "Nog iets"}
    )
    assert response.status_code == 200
    assert "This working group is closed" in response.content.decode()
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROFESSIONAL, 200),
        (Role.COORDINATOR, 200),
        (Role.TEAM_LEAD, 200),
        (Role.POLICY_OFFICER, 200),
        (Role.ADMIN, 200),
        (Role.RESEARCHER, 403),
        (Role.INITIATOR, 403),
        (Role.RESIDENT, 403),
        (Role.PRIVACY_OFFICER, 403),
    ],
)
def test_who_opens_the_group(world: Any, login_client: Any, role: str, status: int) -> None:
    OuterMemberFactory(group=world.group, label="Bewoner Oostendorp")
    client = login_client(world.user(role))
    response = client.get(_url("detail", world.group.pk))
    assert response.status_code == status
    if role == Role.POLICY_OFFICER:
        assert "Bewoner Oostendorp" not in response.content.decode()
        assert "Craft mix of the group" in response.content.decode()
    assert client.get(_url("list")).status_code == status


def test_other_tenants_and_teams_get_404(world: Any, login_client: Any) -> None:
    lead = login_client(world.user(Role.TEAM_LEAD))
    for name in ("detail", "edit", "members", "agenda_add", "action_add", "close"):
        assert lead.get(_url(name, world.foreign_group.pk)).status_code == 404, name
        assert lead.get(_url(name, world.sibling_group.pk)).status_code == 404, name
    policy = login_client(world.user(Role.POLICY_OFFICER))
    assert policy.get(_url("detail", world.sibling_group.pk)).status_code == 200
    assert policy.get(_url("detail", world.foreign_group.pk)).status_code == 404
    foreign_action: Any = ActionFactory(group=world.foreign_group)
    assert lead.post(_url("action_done", foreign_action.pk)).status_code == 404
    foreign_action.refresh_from_db()
    assert foreign_action.done_on is None


def test_sections_on_team_initiative_and_opportunity_pages(world: Any, login_client: Any) -> None:
    world.group.initiatives.add(world.initiative)
    world.group.opportunities.add(world.opportunity)
    client = login_client(world.user(Role.TEAM_LEAD))
    for url in (
        reverse("teams:detail", args=[world.team.pk]),
        reverse("initiatives:detail", args=[world.initiative.pk]),
        reverse("initiatives:opportunity_detail", args=[world.opportunity.pk]),
    ):
        body = client.get(url).content.decode()
        assert _url("detail", world.group.pk) in body, url
