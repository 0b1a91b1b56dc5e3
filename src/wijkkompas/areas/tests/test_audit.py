"""The areas app holds no personal data: none of its models is personal, and its pages
write no personal-data read or write to the access log (only refusals)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.areas.models import District, Municipality, Neighbourhood
from wijkkompas.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_no_personal_models():
    for model in (Municipality, District, Neighbourhood):
        assert not model.access_policy.personal


def test_pages_log_no_personal_data_access(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    client.get(reverse("areas:list"))
    client.get(reverse("areas:detail", args=[world.gm.pk]))
    client.post(
        reverse("areas:district_add", args=[world.gm.pk]), {"code": "WK026907", "name": "Nieuw"}
    )
    assert not AccessLogEntry.objects.filter(
        event__in=["read", "create", "update", "delete"]
    ).exists()


def test_out_of_scope_is_logged_as_refusal(world, login_client):
    login_client(world.user(Role.ADMIN)).get(reverse("areas:detail", args=[world.other_gm.pk]))
    assert AccessLogEntry.objects.filter(event="refused").exists()
