"""Every read and write of a member's weeks (personal data of the employee) is logged with
its purpose; aggregates are not personal data and are not logged."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.timeuse import selectors, services
from wijkkompas.timeuse.weeks import this_week

from .conftest import World, weeks_ago


def _entries(event: str = Event.READ) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(event=event, object_type="timeuse.TimeSplit"))


def test_selectors_log_reads_of_weeks(world: World) -> None:
    selectors.own_weeks(user=world.members[0], team=world.team)
    selectors.team_weeks(user=world.lead, team=world.team, since=weeks_ago(4))
    row = selectors.own_weeks(user=world.members[0], team=world.team)[0]
    selectors.split_get(user=world.members[0], pk=row.pk)
    entries = _entries()
    assert len(entries) == 4
    assert {e.purpose for e in entries} == {Purpose.TEAM_MANAGEMENT}


def test_services_log_writes(world: World) -> None:
    services.time_split_record(
        user=world.members[0],
        team=world.team,
        week=this_week(),
        casework=70,
        collective=10,
        network=10,
        overhead=10,
    )
    assert len(_entries(Event.CREATE)) == 1


def test_aggregates_are_not_logged(world: World) -> None:
    selectors.team_split(user=world.lead, team=world.team, start=weeks_ago(4), end=this_week())
    assert _entries() == []


def test_pages_log_what_they_show(world: World, login_client: Any) -> None:
    login_client(world.lead).get(reverse("timeuse:team", args=[world.team.pk]))
    assert _entries()
    login_client(world.members[0]).get(reverse("timeuse:week"))
    assert len(_entries()) == 2
