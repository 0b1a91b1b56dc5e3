"""The demo's team risk register in Wezep: loaded through the services, idempotent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.demo.risks_demo import risks_demo_load, risks_overview
from wijkkompas.risks.constants import ChangeKind, RiskStatus
from wijkkompas.risks.models import TeamRisk, TeamRiskChange
from wijkkompas.risks.selectors import open_team_risks, register_summary

pytestmark = pytest.mark.django_db


def test_the_risk_register_of_wezep_loads_once(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    risks_demo_load(municipality=oldebroek)  # the loader called it already
    counts = (TeamRisk.objects.count(), TeamRiskChange.objects.count())
    assert risks_demo_load(municipality=oldebroek) == 0
    assert counts == (TeamRisk.objects.count(), TeamRiskChange.objects.count())
    lead = User.objects.get(username="demo-team_lead")
    team = lead.teams.get(name="Krachtstroomteam Wezep")
    risks = list(open_team_risks(user=lead, team=team))
    assert [r.title for r in risks] == [
        "Wachtlijst schuldhulpverlening",
        "Zwakke verbinding tussen het team en het Wmo-loket",
        "Personeelsverloop in het kernteam",
        "Aanbesteding thuisbegeleiding",
    ]
    waiting = risks[0]
    assert (waiting.score, waiting.status) == (20, RiskStatus.HANDLING)
    assert [c.kind for c in waiting.changes.order_by("changed_at")] == [
        ChangeKind.CREATED,
        ChangeKind.REVIEWED,
    ]
    assert register_summary(user=lead, team=team).overdue == 1
    assert "4 registered" in risks_overview(oldebroek)


def test_the_demo_team_lead_sees_the_register(demo, login_client):
    lead = User.objects.get(username="demo-team_lead")
    team = lead.teams.get(name="Krachtstroomteam Wezep")
    client = login_client(lead)
    text = client.get(reverse("risks:list", args=[team.pk])).content.decode()
    assert "Wachtlijst schuldhulpverlening" in text and "Overdue" in text
    officer = login_client(User.objects.get(username="demo-policy_officer"))
    assert officer.get(reverse("risks:list", args=[team.pk])).status_code == 403
