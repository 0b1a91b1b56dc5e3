"""The demo's time for the collective in Wezep: twenty weeks of the Krachtstroom team's
split, collective work rising after the ambition; idempotent; shown to the team lead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.demo.timeuse_demo import TEAM, timeuse_demo_load, timeuse_overview
from wijkkompas.timeuse.models import TeamTimeAmbition, TimeSplit
from wijkkompas.timeuse.selectors import split_total

pytestmark = pytest.mark.django_db


def test_weeks_and_ambition_load_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    count = TimeSplit.objects.count()
    assert count >= 3 * 12
    assert timeuse_demo_load(municipality=oldebroek) == 0
    assert TimeSplit.objects.count() == count
    ambition = TeamTimeAmbition.objects.get(team__name=TEAM)
    assert ambition.collective_target == 30
    assert all(row.total == 100 for row in TimeSplit.objects.all())
    # Collective work rises after the ambition was set.
    team_id = ambition.team_id
    before = split_total(team_ids=[team_id], start=dt.date(2000, 1, 1), end=ambition.set_on)
    after = split_total(team_ids=[team_id], start=ambition.set_on, end=dt.date(2100, 1, 1))
    assert after.collective_share is not None and before.collective_share is not None
    assert after.collective_share > before.collective_share
    assert "recorded member-weeks, ambition 30%" in timeuse_overview(oldebroek)


def test_the_demo_team_lead_sees_the_split(demo, login_client):
    lead = User.objects.get(username="demo-team_lead")
    team = TeamTimeAmbition.objects.get(team__name=TEAM).team
    body = login_client(lead).get(reverse("timeuse:team", args=[team.pk])).content.decode()
    assert 'id="tijd-team-tabel"' in body
