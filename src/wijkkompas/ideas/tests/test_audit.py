"""Reads of personal data in the ideas app: every one is logged with its purpose.

Personal data here: the supporters of an idea (name, email, phone, message). They are read
on the idea page (ideas.selectors.idea_supporters) by the team of the idea only.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _reads() -> Any:
    return AccessLogEntry.objects.filter(event="read", object_type="ideas.IdeaSupporter")


def test_supporter_read_is_logged_with_purpose(world: Any, login_client: Any) -> None:
    user = world.user(Role.PROFESSIONAL)
    client = login_client(user)
    client.get(reverse("ideas:detail", args=[world.published.pk]))
    entry = _reads().get()
    assert entry.user == user
    assert entry.purpose == Purpose.SUPPORT
    assert entry.object_id == str(world.supporter.pk)
    assert entry.object_count == 1
    assert entry.path == reverse("ideas:detail", args=[world.published.pk])
    assert entry.operation == "ideas.selectors.idea_supporters"


def test_no_read_logged_for_who_sees_no_supporters(world: Any, login_client: Any) -> None:
    for user in (world.user(Role.POLICY_OFFICER), world.user("sibling_professional")):
        login_client(user).get(reverse("ideas:detail", args=[world.published.pk]))
    assert not _reads().exists()


def test_public_pages_read_no_personal_data(world: Any, client: Any) -> None:
    client.get(reverse("ideas:public", args=[world.neighbourhood.code]))
    client.get(reverse("ideas:join", args=[world.published.pk]))
    assert not _reads().exists()
