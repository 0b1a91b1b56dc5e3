"""The demo's indicator dashboards and stories of Oldebroek (Wezep): loaded through the
services, idempotent, and the dashboards show figures and stories to the demo roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.demo.indicators_demo import STORIES, indicators_demo_load, indicators_overview
from wijkkompas.indicators.catalogue import Period, Scope
from wijkkompas.indicators.models import Story
from wijkkompas.indicators.selectors import indicator_results

pytestmark = pytest.mark.django_db


def test_the_stories_load_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    count = Story.objects.count()
    assert count == len(STORIES)
    assert indicators_demo_load(municipality=oldebroek) == 0
    assert Story.objects.count() == count
    assert f"{count}" in indicators_overview(oldebroek)


def test_the_demo_dashboards_have_figures_and_stories(demo, login_client):
    from django.utils import timezone

    oldebroek = Municipality.objects.get(code="GM0269")
    lead = User.objects.get(username="demo-team_lead")
    team = lead.teams.get(name="Krachtstroomteam Wezep")
    period = Period.containing("year", timezone.localdate())
    results = {
        r.code: r
        for r in indicator_results(user=lead, scope=Scope(oldebroek.pk, team.pk), period=period)
    }
    assert (results["conversations"].headline.value or 0) > 10
    assert results["substitution"].stories and results["zrm_change"].stories
    text = login_client(lead).get(reverse("indicators:team", args=[team.pk])).content.decode()
    assert "Eerst de buurtmaaltijd" in text and "No story with this figure yet." in text
    officer = User.objects.get(username="demo-policy_officer")
    page = login_client(officer).get(reverse("indicators:municipality", args=[oldebroek.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Wat de schatting niet zegt" in body
    assert "Financiën eerst" not in body  # the team's own story
