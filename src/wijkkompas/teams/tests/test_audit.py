"""Every read and write of personal data of the teams app (Membership: names, personal
drive) leaves an access-log entry with its purpose. Reads of aggregates do not.

Personal-data reads:  team detail (member list), ring view (members), member edit form,
member remove page (membership_get).  Writes: membership_add/update/remove.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.teams import selectors, services
from wijkkompas.teams.constants import Ring
from wijkkompas.teams.models import Membership

pytestmark = pytest.mark.django_db


def entries(event: str, purpose: str):
    return AccessLogEntry.objects.filter(
        event=event, purpose=purpose, object_type="teams.Membership"
    )


def test_personal_policy_is_declared():
    assert Membership.access_policy.personal


def test_member_list_selector_logs_read(world):
    user = world.user(Role.PROFESSIONAL)
    selectors.membership_list(user=user, team=world.team)
    entry = entries("read", Purpose.TEAM_COMPOSITION).get()
    assert entry.user == user and entry.object_count == 2
    assert entry.municipality_id == world.gm.pk


def test_membership_get_logs_read(world):
    selectors.membership_get(
        user=world.user(Role.TEAM_LEAD), team=world.team, pk=world.members[0].pk
    )
    assert entries("read", Purpose.TEAM_MANAGEMENT).get().object_id == str(world.members[0].pk)


@pytest.mark.parametrize("url_name", ["teams:detail", "teams:network"])
def test_pages_with_names_log_the_read(world, login_client, url_name):
    login_client(world.user(Role.COORDINATOR)).get(reverse(url_name, args=[world.team.pk]))
    entry = entries("read", Purpose.TEAM_COMPOSITION).get()
    assert entry.object_count == 2 and entry.path == reverse(url_name, args=[world.team.pk])


@pytest.mark.parametrize("url_name", ["teams:detail", "teams:network", "teams:list"])
def test_pages_without_names_log_no_read(world, login_client, url_name):
    args = [] if url_name == "teams:list" else [world.team.pk]
    login_client(world.user(Role.POLICY_OFFICER)).get(reverse(url_name, args=args))
    assert not AccessLogEntry.objects.filter(event="read").exists()


def test_member_forms_log_the_read(world, login_client):
    client = login_client(world.user(Role.TEAM_LEAD))
    for name in ("teams:member_edit", "teams:member_remove"):
        client.get(reverse(name, args=[world.team.pk, world.members[0].pk]))
    assert entries("read", Purpose.TEAM_MANAGEMENT).count() == 2


def test_writes_are_logged_with_purpose(world):
    lead = world.user(Role.TEAM_LEAD)
    member = services.membership_add(
        user=lead, team=world.team, person_name="Eva", organisation=world.amw, hours_per_week=2
    )
    assert entries("create", Purpose.TEAM_MANAGEMENT).get().object_id == str(member.pk)
    services.membership_update(
        user=lead,
        membership=member,
        person_name="Eva",
        organisation=world.amw,
        ring=Ring.OUTER,
        hours_per_week=3,
    )
    assert entries("update", Purpose.TEAM_MANAGEMENT).get().object_id == str(member.pk)
    pk = member.pk
    services.membership_remove(user=lead, membership=member)
    assert entries("delete", Purpose.TEAM_MANAGEMENT).get().object_id == str(pk)


def test_refused_write_is_not_logged_as_write(world):
    from wijkkompas.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.membership_add(
            user=world.user(Role.TEAM_LEAD),
            team=world.team,
            person_name="Anna de Vries",
            organisation=world.amw,
        )
    assert not entries("create", Purpose.TEAM_MANAGEMENT).exists()


def test_log_entries_hold_no_names(world, login_client):
    login_client(world.user(Role.ADMIN)).get(reverse("teams:detail", args=[world.team.pk]))
    for entry in AccessLogEntry.objects.all():
        values = " ".join(str(v) for v in entry.__dict__.values())
        assert "Anna" not in values and "Bram" not in values
