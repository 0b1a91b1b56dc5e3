"""The lessons of working groups closed since the previous session are on the table of the
next session, and kept in its record (issue 8: "the group's lesson appears in the next
reflection session")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.reflections import selectors, services
from wijkkompas.workgroups.tests.factories import WorkGroupFactory

pytestmark = pytest.mark.django_db


def _closed(team: Any, name: str, day: dt.date) -> Any:
    return WorkGroupFactory(
        team=team,
        name=name,
        started_on=day - dt.timedelta(days=30),
        closed_on=day,
        lesson=f"Les van {name}",
        keep="Samen koken",
    )


def test_next_session_shows_lessons_closed_since_the_previous(
    world: Any, login_client: Any
) -> None:
    previous_day = world.held.held_on
    _closed(world.team, "Voor de vorige sessie", previous_day - dt.timedelta(days=1))
    since = _closed(world.team, "Na de vorige sessie", previous_day + dt.timedelta(days=3))
    _closed(world.sibling, "Ander team", previous_day + dt.timedelta(days=3))
    WorkGroupFactory(team=world.team, name="Nog open")
    lead = world.user(Role.TEAM_LEAD)
    lessons = selectors.work_group_lessons(user=lead, reflection=world.planned)
    assert lessons == [since]
    body = login_client(lead).get(reverse("reflections:detail", args=[world.planned.pk]))
    text = body.content.decode()
    assert "Les van Na de vorige sessie" in text
    assert "Les van Voor de vorige sessie" not in text
    assert "Ander team" not in text


def test_record_keeps_the_lessons(world: Any, login_client: Any) -> None:
    _closed(world.team, "Eenzaamheid", world.held.held_on + dt.timedelta(days=2))
    lead = world.user(Role.TEAM_LEAD)
    world.planned.planned_on = dt.date.today()
    world.planned.save()
    services.reflection_record(
        user=lead, reflection=world.planned, held_on=dt.date.today(), keep="De inloop."
    )
    world.planned.refresh_from_db()
    assert [row["name"] for row in world.planned.snapshot["lessons"]] == ["Eenzaamheid"]
    text = login_client(lead).get(reverse("reflections:detail", args=[world.planned.pk]))
    assert "Les van Eenzaamheid" in text.content.decode()


def test_a_session_without_closed_groups_says_so(world: Any, login_client: Any) -> None:
    text = login_client(world.user(Role.PROFESSIONAL)).get(
        reverse("reflections:detail", args=[world.planned.pk])
    )
    assert "No working groups closed since the previous session." in text.content.decode()
