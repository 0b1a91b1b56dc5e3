"""A new team lead runs a reflection session (issue 5, "Done when"): plans it, sees the
team's indicators and an open risk on the table, records the answers, turns decisions into
follow-up actions, and at the next session sees those decisions again to review them.

Written as a new user would click: from the menu, by the Dutch link texts. axe-core, the
CSP and the page's assets are checked on every page visited (``ui.check()``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.e2e.conftest import UI
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

MENU = re.compile(r"^Reflectiesessies")
PLAN = re.compile(r"^Reflectiesessie plannen$")
SAVE = re.compile(r"^Opslaan$")
RECORD = re.compile(r"^Sessie vastleggen$")
DECIDE = re.compile(r"^Besluit vastleggen$")
REVIEW = re.compile(r"^Bespreken")
TODAY = dt.date.today()


@pytest.fixture
def reflection_world(person: Any) -> dict[str, Any]:
    """A team with a lead (new to the platform), a professional and an open risk."""
    from wijkkompas.risks.tests.factories import TeamRiskFactory
    from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

    team = TeamFactory(name="Wijkteam Krachtstroom")
    lead, device = person(
        role=Role.TEAM_LEAD,
        municipality=team.municipality,
        teams=[team],
        first_name="Lotte",
        last_name="Leiding",
    )
    professional, _device = person(
        role=Role.PROFESSIONAL,
        municipality=team.municipality,
        teams=[team],
        first_name="Piet",
        last_name="Prof",
    )
    MembershipFactory(team=team, person_name="Lotte Leiding", user=lead)
    MembershipFactory(team=team, person_name="Piet Prof", user=professional)
    TeamRiskFactory(team=team, title="Wachtlijst schuldhulp", likelihood=4, impact=4)
    return {"team": team, "lead": lead, "device": device}


def _plan(ui: UI, title: str, day: dt.date) -> None:
    ui.click_link(PLAN, within="main")
    ui.check()
    ui.page.get_by_label(re.compile(r"^Titel")).fill(title)
    ui.page.get_by_label(re.compile(r"^Geplande datum")).fill(day.isoformat())
    ui.page.get_by_label("Piet Prof").check()
    ui.click_button(SAVE)
    ui.check()
    assert ui.page.get_by_role("heading", level=1).inner_text() == title


def test_team_lead_runs_a_reflection_session(ui: UI, reflection_world: dict[str, Any]) -> None:
    team = reflection_world["team"]
    ui.login(reflection_world["lead"].username, reflection_world["device"])

    # From the menu to the team's sessions: nothing yet.
    ui.click_link(MENU, within="header nav")
    ui.check()
    ui.click_link(team.name, within="main")
    ui.check()
    main = ui.page.locator("main")
    assert "Nog geen sessie gehouden." in main.inner_text()

    # Plan the session; its page puts the indicators and the open risk on the table.
    _plan(ui, "Kairosmoment voorjaar", TODAY)
    table = ui.page.locator("main section[aria-labelledby='op-tafel']")
    assert table.locator(".wk-indicator").count() >= 1, "no indicator on the table"
    assert "Wachtlijst schuldhulp" in table.inner_text()

    # Record it: the two core questions and the five questions.
    ui.click_link(RECORD, within="main")
    ui.check()
    ui.page.get_by_label(re.compile(r"^Wat behouden we")).fill("Het inloopspreekuur.")
    ui.page.get_by_label(re.compile(r"^Doen we de goede dingen")).fill("Te weinig collectief.")
    ui.page.get_by_label(re.compile(r"^Waarmee beginnen we morgen")).fill("Moedergroep verkennen.")
    ui.click_button(RECORD)
    ui.check()
    assert "Het inloopspreekuur." in main.inner_text()
    assert (
        "Wachtlijst schuldhulp"
        in ui.page.locator("main section[aria-labelledby='op-tafel']").inner_text()
    )

    # A decision becomes a follow-up action with an owner and a due date.
    ui.click_link(DECIDE, within="main")
    ui.check()
    ui.page.get_by_label(re.compile(r"^Besluit")).fill("Moedergroep verkennen met twee bewoners")
    ui.page.get_by_label(re.compile(r"^Eigenaar")).select_option(label="Piet Prof")
    ui.page.get_by_label(re.compile(r"^Klaar op")).fill((TODAY + dt.timedelta(days=30)).isoformat())
    ui.click_button(SAVE)
    ui.check()
    decisions = ui.page.locator("main section[aria-labelledby='besluiten']")
    assert "Moedergroep verkennen met twee bewoners" in decisions.inner_text()
    assert "Piet Prof" in decisions.inner_text()

    # The next session shows the decision to review; the lead marks it "continued".
    ui.click_link(team.name, within="main dl")
    ui.check()
    _plan(ui, "Kairosmoment najaar", TODAY + dt.timedelta(days=60))
    earlier = ui.page.locator("main section[aria-labelledby='terugblik']")
    assert "Moedergroep verkennen met twee bewoners" in earlier.inner_text()
    ui.click_link(REVIEW, within="main section[aria-labelledby='terugblik']")
    ui.check()
    ui.page.get_by_label("Loopt door").check()
    ui.page.get_by_label(re.compile(r"^Notitie")).fill("Eerste bijeenkomst gepland.")
    ui.click_button(re.compile(r"^Terugblik vastleggen$"))
    ui.check()
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Kairosmoment najaar"
    earlier = ui.page.locator("main section[aria-labelledby='terugblik']")
    assert "Loopt door" in earlier.inner_text()
    assert "Eerste bijeenkomst gepland." in earlier.inner_text()
