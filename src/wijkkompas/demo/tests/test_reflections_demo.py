"""The demo's reflection sessions in Wezep: loaded through the services, idempotent, and
shown to the demo team lead."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.demo.reflections_demo import (
    HELD_TITLE,
    NEXT_TITLE,
    reflections_demo_load,
    reflections_overview,
)
from wijkkompas.reflections.constants import ActionStatus, ReflectionStatus
from wijkkompas.reflections.models import FollowUpAction, Reflection

pytestmark = pytest.mark.django_db


def test_one_held_and_one_planned_session_load_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    counts = (Reflection.objects.count(), FollowUpAction.objects.count())
    assert reflections_demo_load(municipality=oldebroek) == 0
    assert counts == (Reflection.objects.count(), FollowUpAction.objects.count()) == (2, 3)
    held = Reflection.objects.get(title=HELD_TITLE)
    assert held.status == ReflectionStatus.HELD and held.participants.exists()
    assert held.snapshot["risks"] and held.snapshot["indicators"]
    statuses = sorted(held.actions.values_list("status", flat=True))
    assert statuses == [ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.OPEN]
    assert Reflection.objects.get(title=NEXT_TITLE).status == ReflectionStatus.PLANNED
    assert "1 held, 1 planned; 2 follow-up actions open" in reflections_overview(oldebroek)


def test_the_demo_team_lead_sees_the_next_session_with_actions_to_review(demo, login_client):
    lead = User.objects.get(username="demo-team_lead")
    upcoming = Reflection.objects.get(title=NEXT_TITLE)
    text = login_client(lead).get(reverse("reflections:detail", args=[upcoming.pk])).content
    text = text.decode()
    assert "Met twee bewoners een moedergroep verkennen" in text
    assert "Wachtlijst schuldhulpverlening" in text
    officer = login_client(User.objects.get(username="demo-policy_officer"))
    assert officer.get(reverse("reflections:detail", args=[upcoming.pk])).status_code == 403
