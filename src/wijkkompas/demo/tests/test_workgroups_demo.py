"""The demo's working groups in Wezep: loaded through the services, idempotent, the
single-craft warning on one, and the closed group's lesson on the next reflection session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.demo.reflections_demo import NEXT_TITLE
from wijkkompas.demo.workgroups_demo import workgroups_demo_load
from wijkkompas.reflections.models import Reflection
from wijkkompas.workgroups.models import WorkGroup

pytestmark = pytest.mark.django_db


def test_three_groups_load_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    assert WorkGroup.objects.count() == 3
    assert workgroups_demo_load(municipality=oldebroek) == 0
    assert WorkGroup.objects.count() == 3
    loneliness = WorkGroup.objects.get(name="Eenzaamheid ouderen Wezep")
    assert loneliness.members.count() == 5
    assert loneliness.opportunities.get().title == "Eenzaamheid onder ouderen in Wezep"
    assert loneliness.initiatives.get().name == "Buurtmaaltijd in het dorpshuis"
    assert loneliness.agenda.count() == 3 and loneliness.actions.count() == 3
    assert WorkGroup.objects.filter(closed_on__isnull=False).count() == 1


def test_the_team_lead_sees_the_warning_and_the_lesson(demo, login_client):
    client = login_client(User.objects.get(username="demo-team_lead"))
    garden = WorkGroup.objects.get(name="Buurtmoestuin voor iedereen")
    text = client.get(reverse("workgroups:detail", args=[garden.pk])).content.decode()
    assert 'id="mix-warning"' in text
    loneliness = WorkGroup.objects.get(name="Eenzaamheid ouderen Wezep")
    text = client.get(reverse("workgroups:detail", args=[loneliness.pk])).content.decode()
    assert 'id="mix-full"' in text
    upcoming = Reflection.objects.get(title=NEXT_TITLE)
    text = client.get(reverse("reflections:detail", args=[upcoming.pk])).content.decode()
    assert "Budgetcafé verkennen" in text
