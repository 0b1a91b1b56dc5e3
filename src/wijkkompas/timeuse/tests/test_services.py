"""Writes: a member records (or replaces) their own week; the team lead sets the ambition.
Bad input is refused with a clear message and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.timeuse import services
from wijkkompas.timeuse.models import TeamTimeAmbition, TimeSplit
from wijkkompas.timeuse.weeks import this_week

from .conftest import World, weeks_ago

SPLIT = {"casework": 50, "collective": 25, "network": 15, "overhead": 10}


def record(world: World, user: Any = None, **overrides: Any) -> TimeSplit:
    data = {"team": world.team, "week": this_week(), **SPLIT, **overrides}
    return services.time_split_record(user=user or world.members[0], **data)


def test_a_member_records_their_week(world: World) -> None:
    row = record(world, note="  Buurtmaaltijd  ")
    assert (row.casework, row.collective, row.network, row.overhead) == (50, 25, 15, 10)
    assert row.note == "Buurtmaaltijd"
    assert row.week == this_week()
    entry = AccessLogEntry.objects.filter(event=Event.CREATE, object_type="timeuse.TimeSplit").get()
    assert entry.purpose == Purpose.TEAM_MANAGEMENT


def test_a_day_names_its_week(world: World) -> None:
    row = record(world, week=this_week() - dt.timedelta(days=4))
    assert row.week == this_week() - dt.timedelta(weeks=1)


def test_recording_the_same_week_again_replaces_it(world: World) -> None:
    first = record(world)
    second = record(world, casework=40, collective=35)
    assert first.pk == second.pk
    assert TimeSplit.objects.filter(user=world.members[0], week=this_week()).count() == 1
    second.refresh_from_db()
    assert (second.casework, second.collective) == (40, 35)
    assert AccessLogEntry.objects.filter(event=Event.UPDATE).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"casework": 60}, "must add up to 100"),
        ({"casework": 10}, "must add up to 100"),
        ({"casework": -10, "collective": 85}, "whole number from 0 to 100"),
        ({"casework": 150, "collective": -75}, "whole number from 0 to 100"),
        ({"casework": "veel"}, "whole number from 0 to 100"),
        ({"casework": 50.5}, "whole number from 0 to 100"),
        ({"casework": True}, "Fill in a share"),
        ({"casework": None}, "Fill in a share"),
        ({"week": this_week() + dt.timedelta(weeks=1)}, "has not started"),
        ({"week": this_week() - dt.timedelta(weeks=30)}, "too long ago"),
        ({"week": "2026-W01"}, "Choose a week"),
        ({"note": "x" * 201}, "200 characters"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, overrides: dict[str, Any], message: str
) -> None:
    before = TimeSplit.objects.count()
    with pytest.raises(ApplicationError) as refused:
        record(world, **overrides)
    assert message in str(refused.value.message)
    assert TimeSplit.objects.count() == before


def test_only_members_record_in_a_team(world: World) -> None:
    with pytest.raises(PermissionDenied):
        record(world, user=world.user(Role.POLICY_OFFICER))
    with pytest.raises(Http404):
        record(world, user=world.outsider)  # a professional of another team
    with pytest.raises(Http404):
        record(world, user=world.foreign)  # another municipality
    assert not TimeSplit.objects.filter(week=this_week()).exists()


def test_the_team_lead_sets_the_ambition(world: World) -> None:
    ambition = services.time_ambition_set(
        user=world.lead, team=world.team, collective_target=30, note="Stoppen met dubbel werk"
    )
    assert ambition.set_on == dt.date.today() or ambition.set_on is not None
    again = services.time_ambition_set(user=world.lead, team=world.team, collective_target=35)
    assert again.pk == ambition.pk
    assert TeamTimeAmbition.objects.get(team=world.team).collective_target == 35


@pytest.mark.parametrize("target", [-1, 101, "veel", None])
def test_a_bad_ambition_is_refused(world: World, target: Any) -> None:
    with pytest.raises(ApplicationError):
        services.time_ambition_set(user=world.lead, team=world.team, collective_target=target)
    assert not TeamTimeAmbition.objects.exists()


def test_only_the_team_lead_sets_the_ambition(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.time_ambition_set(user=world.members[0], team=world.team, collective_target=30)
    with pytest.raises(Http404):
        services.time_ambition_set(user=world.foreign, team=world.team, collective_target=30)
    assert not TeamTimeAmbition.objects.exists()


def test_weeks_ago_helper_is_a_monday() -> None:
    assert weeks_ago(3).isoweekday() == 1
