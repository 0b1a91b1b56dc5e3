"""The time pages: the week form (sliders as number inputs without JavaScript), the team's
page with its export, the ambition form and the team dashboard; refusals per role and
tenant; bad input answers with a message and changes nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.timeuse.models import TeamTimeAmbition, TimeSplit
from wijkkompas.timeuse.weeks import this_week, week_key

from .conftest import World
from .factories import TeamTimeAmbitionFactory

WEEK = reverse("timeuse:week")


def _post(world: World, client: Any, **overrides: Any) -> Any:
    data = {
        "team": world.team.pk,
        "week": week_key(this_week()),
        "casework": 50,
        "collective": 25,
        "network": 15,
        "overhead": 10,
        "note": "",
        **overrides,
    }
    return client.post(WEEK, data)


def test_the_week_form_is_prefilled_with_last_week(world: World, login_client: Any) -> None:
    page = login_client(world.members[0]).get(WEEK)
    assert page.status_code == 200
    body = page.content.decode()
    # Last week: 70, 10, 10, 10; a slider and a number input for each share, labelled.
    assert 'name="casework" value="70"' in body.replace("\n", " ") or 'value="70"' in body
    assert body.count('type="range"') == 4
    assert body.count('type="number"') == 4
    assert 'aria-labelledby="slider-collective-label"' in body
    assert "Together:" in body


def test_a_member_records_a_week(world: World, login_client: Any) -> None:
    response = _post(world, login_client(world.members[0]), note="Buurtmaaltijd")
    assert response.status_code == 302
    row = TimeSplit.objects.get(user=world.members[0], week=this_week())
    assert (row.casework, row.collective, row.note) == (50, 25, "Buurtmaaltijd")
    assert week_key(this_week()) in response["Location"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"casework": 60}, "must add up to 100%"),
        ({"casework": "veel"}, "whole number from 0 to 100"),
        ({"casework": "-5", "collective": "80"}, "whole number from 0 to 100"),
        ({"casework": "150"}, "whole number from 0 to 100"),
        ({"casework": ""}, "Fill in a share"),
        ({"week": "2020-W01"}, "Choose one of the recent weeks"),
        ({"week": "nonsense"}, "Choose one of the recent weeks"),
        ({"team": "abc"}, "Choose one of your teams"),
        ({"note": "x" * 250}, "200 characters"),
    ],
)
def test_bad_input_answers_with_a_message(
    world: World, login_client: Any, overrides: dict[str, Any], message: str
) -> None:
    before = TimeSplit.objects.count()
    response = _post(world, login_client(world.members[0]), **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert TimeSplit.objects.count() == before


def test_a_member_cannot_record_in_another_team(world: World, login_client: Any) -> None:
    before = TimeSplit.objects.count()
    response = _post(world, login_client(world.members[0]), team=world.foreign_team.pk)
    assert response.status_code == 200
    assert "Choose one of your teams" in response.content.decode()
    assert TimeSplit.objects.count() == before


@pytest.mark.parametrize(
    "role",
    [
        Role.POLICY_OFFICER,
        Role.RESEARCHER,
        Role.ADMIN,
        Role.PRIVACY_OFFICER,
        Role.INITIATOR,
        Role.RESIDENT,
    ],
)
def test_roles_without_time_pages_are_refused(world: World, login_client: Any, role: str) -> None:
    client = login_client(world.user(role))
    assert client.get(WEEK).status_code == 403
    assert _post(world, client).status_code == 403
    assert client.get(reverse("timeuse:team", args=[world.team.pk])).status_code == 403
    assert client.get(reverse("timeuse:ambition", args=[world.team.pk])).status_code == 403
    assert not TimeSplit.objects.filter(week=this_week()).exists()


def test_anonymous_visitors_log_in(world: World, client: Any) -> None:
    response = client.get(WEEK)
    assert response.status_code == 302 and "inloggen" in response["Location"]


def test_the_team_page_shows_own_weeks_to_members_and_all_to_the_lead(
    world: World, login_client: Any
) -> None:
    url = reverse("timeuse:team", args=[world.team.pk])
    member = login_client(world.members[0]).get(url).content.decode()
    assert f"notitie {world.members[0].username}" in member
    assert f"notitie {world.members[1].username}" not in member
    assert "regie" not in member
    lead = login_client(world.lead).get(url).content.decode()
    assert f"notitie {world.members[1].username}" in lead and "regie" in lead
    assert 'id="tijd-team-tabel"' in lead


def test_other_teams_and_tenants_answer_404(world: World, login_client: Any) -> None:
    outsider = login_client(world.outsider)
    assert outsider.get(reverse("timeuse:team", args=[world.team.pk])).status_code == 404
    # A professional may not set any ambition: refused before the team is looked up.
    assert outsider.get(reverse("timeuse:ambition", args=[world.team.pk])).status_code == 403
    for user, team in (
        (world.foreign, world.team),
        (world.lead, world.foreign_team),
        (world.lead, world.other_team),
    ):
        client = login_client(user)
        assert client.get(reverse("timeuse:team", args=[team.pk])).status_code == 404
        assert client.get(reverse("timeuse:ambition", args=[team.pk])).status_code == 404
    assert login_client(world.lead).get(reverse("timeuse:team", args=[987654])).status_code == 404


def test_the_team_page_exports_the_split(world: World, login_client: Any) -> None:
    url = reverse("timeuse:team", args=[world.team.pk])
    client = login_client(world.lead)
    response = client.get(url, {"formaat": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "Time for the collective (%)" in rows[0]
    assert rows[-1][1] == "3"
    assert client.get(url, {"formaat": "xlsx"}).status_code == 200
    bad = client.get(url, {"formaat": "pdf"})
    assert bad.status_code == 302


def test_only_the_lead_sets_the_ambition(world: World, login_client: Any) -> None:
    url = reverse("timeuse:ambition", args=[world.team.pk])
    member = login_client(world.members[0])
    assert member.get(url).status_code == 403
    assert member.post(url, {"collective_target": 30}).status_code == 403
    lead = login_client(world.lead)
    bad = lead.post(url, {"collective_target": 130})
    assert bad.status_code == 200 and "whole number from 0 to 100" in bad.content.decode()
    assert not TeamTimeAmbition.objects.exists()
    assert lead.post(url, {"collective_target": 30, "note": "Minder overleg"}).status_code == 302
    assert TeamTimeAmbition.objects.get(team=world.team).collective_target == 30


def test_the_team_dashboard_shows_the_split_next_to_the_ambition(
    world: World, login_client: Any
) -> None:
    TeamTimeAmbitionFactory(team=world.team, collective_target=30, note="Minder overleg")
    url = reverse("indicators:team", args=[world.team.pk])
    body = login_client(world.lead).get(url).content.decode()
    assert 'id="tijd-voor-het-collectief"' in body
    assert "Minder overleg" in body and "30%" in body
    assert 'id="tijd-dashboard-tabel"' in body
    assert "Samen sterk" in body  # the team's stip aan de horizon


def test_the_team_dashboard_export_holds_the_split(world: World, login_client: Any) -> None:
    from openpyxl import load_workbook

    url = reverse("indicators:team", args=[world.team.pk])
    response = login_client(world.lead).get(url, {"formaat": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "Time split" in book.sheetnames
    sheet = book["Time split"]
    assert sheet.cell(row=1, column=1).value in ("Week", "Month")
    cells = [str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert any("Time for the collective" in cell for cell in cells), cells[:20]


def test_the_worklist_prompts_for_the_week(world: World, login_client: Any) -> None:
    body = login_client(world.members[0]).get(reverse("plans:worklist")).content.decode()
    assert "How did you split your time this week?" in body
    assert WEEK in body


def test_the_reflection_session_shows_the_split_and_the_question(
    world: World, login_client: Any
) -> None:
    from wijkkompas.reflections.tests.factories import ReflectionFactory

    session: Any = ReflectionFactory(team=world.team)
    body = login_client(world.lead).get(reverse("reflections:detail", args=[session.pk]))
    text = body.content.decode()
    assert body.status_code == 200
    assert "What did we stop, so that there is time for the collective?" in text
    assert 'id="tijd-reflectie-tabel"' in text


def test_the_kept_dashboard_shows_a_new_ambition_and_a_new_member_at_once(
    world: World,
    login_client: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The time split is kept with the dashboard (indicators.views.TeamDashboardView.
    time_split_html), even while case work settles; the ambition changes it at once, and a
    new member (the base of the response rate) is part of its key."""
    from django.core.cache import cache

    from wijkkompas.accounts.tests.factories import UserFactory

    settings.WIJKKOMPAS_AGGREGATE_SETTLE_SECONDS = 60
    cache.clear()
    lead = login_client(world.lead)
    url = reverse("indicators:team", args=[world.team.pk])
    assert "Minder overleg" not in lead.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        TeamTimeAmbitionFactory(team=world.team, collective_target=30, note="Minder overleg")
    import re

    def page() -> str:
        # Without the CSRF tokens, which are new on every request.
        html = lead.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    first = page()
    assert "Minder overleg" in first
    assert page() == first
    members = len(world.members)
    UserFactory(role=Role.PROFESSIONAL, municipality=world.team.municipality, teams=[world.team])
    assert page() != first, f"{members} members became {members + 1}: another response rate"
