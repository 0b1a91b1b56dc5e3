"""The signals page per role: exact for team roles, suppressed for the others, 403 else."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.conversations.constants import Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.signals import services
from wijkkompas.signals.constants import RunStatus
from wijkkompas.signals.models import SignalRun

from .factories import area, conversations

pytestmark = pytest.mark.django_db

YEAR = dt.date.today().year - 1
DAY = dt.date(YEAR, 5, 12)
LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


@pytest.fixture
def world():
    a = area()
    conversations(a, 12, held_on=DAY, outcome=Outcome.OWN_NETWORK)
    conversations(a, 3, held_on=DAY, outcome=Outcome.WMO, question="Jan Smit wil een traplift.")
    services.digests_bulk_write(
        conversation_ids=list(Conversation.objects.values_list("pk", flat=True))
    )
    services.signals_recompute(municipality_id=a.gm.pk, year=YEAR)
    return a


def _url(a, **params):
    query = {
        "area": f"neighbourhood-{a.neighbourhood.pk}",
        "period": "year",
        "start": dt.date(YEAR, 1, 1).isoformat(),
    }
    query.update(params)
    return reverse("signals:overview") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def _user(a, role, **kwargs):
    teams = [a.team] if role in (Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD) else []
    return UserFactory(role=role, municipality=kwargs.pop("municipality", a.gm), teams=teams)


def test_team_role_sees_exact_counts_and_examples(world, login_client):
    client = login_client(_user(world, Role.PROFESSIONAL))
    response = client.get(_url(world))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.exact
    wmo = next(r for t in page.tables if t.id == "outcomes" for r in t.rows if r.code == "wmo")
    assert wmo.cell.display == "3"
    themes = {t["stem"]: t for t in page.themes}
    assert themes["eenzaam"]["example"]
    assert "Smit" not in response.content.decode()
    assert "<svg" in response.content.decode() and "<table" in response.content.decode()


def test_policy_officer_sees_suppressed_counts_without_examples(world, login_client):
    client = login_client(_user(world, Role.POLICY_OFFICER))
    response = client.get(_url(world))
    assert response.status_code == 200
    page = response.context["page"]
    assert not page.exact
    outcomes = next(t for t in page.tables if t.id == "outcomes")
    cells = {r.code: r.cell for r in outcomes.rows}
    assert cells["wmo"].display == "<10"
    assert cells["own_network"].display == "10"  # 12, rounded to 5
    # Four small cells (3 and three zeros) adding up to 3: the total does not pin them.
    assert outcomes.total is not None and outcomes.total.display == "15"
    assert all(not t["example"] for t in page.themes)
    content = response.content.decode()
    assert "trap" not in content.lower() or "traplift" not in content  # no example sentence
    # No shown figure below the threshold.
    for table in page.tables:
        for row in table.rows:
            assert row.cell.is_hidden or row.cell.value >= 10


@pytest.mark.parametrize("role", [Role.INITIATOR, Role.RESIDENT, Role.PRIVACY_OFFICER])
def test_other_roles_are_refused(world, login_client, role):
    client = login_client(_user(world, role))
    assert client.get(_url(world)).status_code == 403


def test_researcher_sees_only_shared_municipalities(world, login_client):
    other = area(code="GM0200", shares=False)
    researcher = _user(world, Role.RESEARCHER, municipality=other.gm)
    client = login_client(researcher)
    assert client.get(_url(world)).status_code == 404
    world.gm.shares_aggregates = True
    world.gm.save()
    response = client.get(_url(world))
    assert response.status_code == 200
    assert not response.context["page"].exact


def test_team_lead_starts_a_recomputation_and_follows_it(
    world, login_client, django_capture_on_commit_callbacks
):
    lead = _user(world, Role.TEAM_LEAD)
    client = login_client(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signals:recompute"), {"year": YEAR})
    assert response.status_code == 302
    run = SignalRun.objects.get()
    # The test settings run tasks at once: the run is done.
    assert run.status == RunStatus.DONE and run.done == run.total
    page = client.get(reverse("signals:run"))
    assert page.status_code == 200 and b"hx-get" not in page.content
    assert client.get(_url(world)).context["run"] == run


def test_professional_cannot_recompute(world, login_client):
    client = login_client(_user(world, Role.PROFESSIONAL))
    assert client.post(reverse("signals:recompute"), {"year": YEAR}).status_code == 403


def test_query_count_does_not_grow(world, login_client):
    client = login_client(_user(world, Role.POLICY_OFFICER))
    client.get(_url(world))
    with CaptureQueriesContext(connection) as small:
        client.get(_url(world))
    conversations(world, 20, held_on=DAY)
    services.digests_bulk_write(
        conversation_ids=list(Conversation.objects.values_list("pk", flat=True))
    )
    services.signals_recompute(municipality_id=world.gm.pk, year=YEAR)
    with CaptureQueriesContext(connection) as large:
        client.get(_url(world))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= LIMITS["signals:overview"]


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMIN])
def test_suppressed_roles_see_whole_years_only(world, login_client, role):
    """A hidden month could be worked out from its year minus the other months: roles that
    see suppressed counts get years only, whatever the address asks for."""
    client = login_client(_user(world, role))
    response = client.get(_url(world, period="month"))
    assert response.status_code == 200
    assert response.context["period"] == "year"
    offered = [value for value, _label in response.context["form"].fields["period"].choices]
    assert offered == ["year"]


def test_team_roles_pick_months_and_quarters(world, login_client):
    client = login_client(_user(world, Role.PROFESSIONAL))
    response = client.get(_url(world))
    offered = [value for value, _label in response.context["form"].fields["period"].choices]
    assert offered == ["month", "quarter", "year"]
