"""Every read and write of the people of a working group (personal data: names and roles)
is logged with its purpose; groups, agenda and actions are not personal data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.organisations.constants import Craft
from wijkkompas.workgroups import selectors, services
from wijkkompas.workgroups.tests.factories import OuterMemberFactory

pytestmark = pytest.mark.django_db

READS: dict[str, Callable[[Any, Any], Any]] = {
    "member_list": lambda w, u: selectors.member_list(user=u, group=w.group),
    "membership_choices": lambda w, u: list(selectors.membership_choices(user=u, group=w.group)),
    "team_membership_choices": lambda w, u: list(
        selectors.team_membership_choices(user=u, team=w.team)
    ),
    "owner_choices": lambda w, u: list(selectors.owner_choices(user=u, group=w.group)),
}


@pytest.mark.parametrize("name", READS)
def test_reads_of_people_are_logged(world: Any, name: str) -> None:
    OuterMemberFactory(group=world.group, label="Bewoner Oostendorp")
    user = world.user(Role.PROFESSIONAL)
    before = AccessLogEntry.objects.count()
    READS[name](world, user)
    entries = AccessLogEntry.objects.order_by("-pk")[: AccessLogEntry.objects.count() - before]
    assert entries, name
    assert {e.purpose for e in entries} == {Purpose.TEAM_MANAGEMENT}


def test_writes_of_people_are_logged(world: Any) -> None:
    user = world.user(Role.PROFESSIONAL)
    before = AccessLogEntry.objects.count()
    member = services.member_add_outer(
        user=user, group=world.group, outer_kind="partner", label="Dorpshuis"
    )
    services.member_add_team(user=user, group=world.group, membership=world.members[Craft.HULP])
    services.member_remove(user=user, member=member)
    assert AccessLogEntry.objects.count() == before + 3
