"""The organisations app holds no personal data: its pages and services write no
personal-data access to the log (the team-member counts are aggregates)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_no_personal_models():
    assert not Organisation.access_policy.personal


def test_pages_log_no_personal_data_access(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    client.get(reverse("organisations:list"))
    html = client.get(reverse("organisations:detail", args=[world.amw.pk])).content.decode()
    assert "Anna de Vries" not in html  # member names never appear here
    assert not AccessLogEntry.objects.filter(
        event__in=["read", "create", "update", "delete"]
    ).exists()
