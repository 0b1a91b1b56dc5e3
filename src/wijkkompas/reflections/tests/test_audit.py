"""Reflection sessions hold no data of residents: sessions and actions are not personal,
and their reads are not logged. The names of the team members who took part are personal
data: every page that shows them logs the read (purpose: managing the team); a session out
of scope is logged as a refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.reflections.models import ActionReview, FollowUpAction, Reflection, ReflectionChange

pytestmark = pytest.mark.django_db


def test_no_personal_models() -> None:
    for model in (Reflection, ReflectionChange, FollowUpAction, ActionReview):
        assert not model.access_policy.personal


def test_pages_that_show_member_names_log_the_read(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    client.get(reverse("reflections:list", args=[world.team.pk]))
    client.get(reverse("reflections:actions", args=[world.team.pk]))
    assert not AccessLogEntry.objects.filter(event="read").exists()
    client.get(reverse("reflections:detail", args=[world.held.pk]))
    entry = AccessLogEntry.objects.get(event="read")
    assert entry.purpose == "team_management"
    lead = login_client(world.user(Role.TEAM_LEAD))
    lead.get(reverse("reflections:edit", args=[world.held.pk]))
    assert AccessLogEntry.objects.filter(event="read").count() >= 2


def test_out_of_scope_is_logged_as_refusal(world: Any, login_client: Any) -> None:
    response = login_client(world.user(Role.PROFESSIONAL)).get(
        reverse("reflections:detail", args=[world.foreign_session.pk])
    )
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(event="refused").exists()
