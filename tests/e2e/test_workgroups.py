"""A team lead forms a working group (issue 8, "Done when"): adds only welzijn members and
sees the single-craft warning, adds a zorg member and the warning becomes a softer note,
closes the group with its lesson, opens the team's next reflection session and finds the
lesson on the table.

Written as a new user would click: from the menu, by the link texts (Dutch, or English
while the new texts are not yet translated), some steps with the keyboard only. axe-core,
the CSP and the page's assets are checked on every page visited (``ui.check()``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import UI
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def _either(dutch: str, english: str) -> re.Pattern[str]:
    return re.compile(rf"^({re.escape(dutch)}|{re.escape(english)})")


MENU = _either("Werkgroepen", "Working groups")
FORM = _either("Werkgroep vormen", "Form a working group")
SAVE = _either("Opslaan", "Save")
PEOPLE = _either("Mensen toevoegen of weghalen", "Add or remove people")
ADD_MEMBER = _either("Teamlid toevoegen", "Add team member")
BACK = _either("Terug naar de werkgroep", "Back to the working group")
CLOSE = _either("Werkgroep afsluiten met de les", "Close the group with its lesson")
REFLECTIONS = re.compile(r"^Reflectiesessies")
LESSON = "Bewoners koken liever zelf dan dat wij het organiseren."


@pytest.fixture
def workgroup_world(person: Any) -> dict[str, Any]:
    """A team with a lead (new to the platform), two welzijn members and one from zorg, a
    held reflection session two months ago and the next one planned."""
    from wijkkompas.organisations.constants import Craft
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.reflections.tests.factories import HeldReflectionFactory, ReflectionFactory
    from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

    team = TeamFactory(name="Wijkteam Krachtstroom")
    lead, device = person(
        role=Role.TEAM_LEAD,
        municipality=team.municipality,
        teams=[team],
        first_name="Lotte",
        last_name="Leiding",
    )
    welzijn = OrganisationFactory(
        municipality=team.municipality, name="Welzijn De Brink", craft=Craft.WELZIJN
    )
    zorg = OrganisationFactory(
        municipality=team.municipality, name="Wijkzorg IJssel", craft=Craft.ZORG
    )
    MembershipFactory(team=team, person_name="Wim Welzijn", organisation=welzijn)
    MembershipFactory(team=team, person_name="Wendy Welzijn", organisation=welzijn)
    MembershipFactory(team=team, person_name="Zeynep Zorg", organisation=zorg)
    HeldReflectionFactory(team=team, title="Terugblik voorjaar")
    ReflectionFactory(team=team, title="Kairosmoment najaar")
    return {"team": team, "lead": lead, "device": device}


def test_team_lead_forms_a_group_and_its_lesson_reaches_the_reflection(
    ui: UI, workgroup_world: dict[str, Any]
) -> None:
    team = workgroup_world["team"]
    ui.login(workgroup_world["lead"].username, workgroup_world["device"])

    # From the menu to the working groups: none yet.
    ui.click_link(MENU, within="header nav")
    ui.check()

    # Form a group with the keyboard: focus the link, press Enter.
    ui.page.locator("main").get_by_role("link", name=FORM).first.focus()
    ui.press("Enter")
    ui.check()
    page = ui.page
    page.locator("#id_name").fill("Samen eten in de buurt")
    page.locator("#id_focus_kind").select_option("theme")
    page.locator("#id_focus").fill("Eenzaamheid onder ouderen")
    page.get_by_label(re.compile(r"^Wim Welzijn")).check()
    page.get_by_label(re.compile(r"^Wendy Welzijn")).check()
    ui.click_button(SAVE)
    ui.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Samen eten in de buurt"
    assert page.locator("#mix-warning").is_visible()
    assert page.get_by_role("cell", name="Wim Welzijn").count() == 0  # names: row headers
    assert page.get_by_role("rowheader", name="Wim Welzijn").is_visible()

    # Add a member from zorg: the warning gives way to a note that hulp is missing.
    ui.click_link(PEOPLE, within="main")
    ui.check()
    zorg = page.locator("#id_membership option", has_text="Zeynep Zorg").get_attribute("value")
    page.locator("#id_membership").select_option(zorg)
    ui.click_button(ADD_MEMBER)
    ui.check()
    ui.click_link(BACK, within="main")
    ui.check()
    assert page.locator("#mix-warning").count() == 0
    assert page.locator("#mix-note").is_visible()

    # Close the group with its lesson; the submit button by keyboard.
    ui.click_link(CLOSE, within="main")
    ui.check()
    page.locator("#id_lesson").fill(LESSON)
    page.locator("#id_keep").fill("De maaltijd op donderdag.")
    page.locator("main form button[type=submit]").first.focus()
    ui.press("Enter")
    ui.check()
    assert page.get_by_text(LESSON).first.is_visible()

    # The next reflection session of the team has the lesson on the table.
    ui.click_link(REFLECTIONS, within="header nav")
    ui.check()
    ui.click_link(team.name, within="main")
    ui.check()
    ui.click_link("Kairosmoment najaar", within="main")
    ui.check()
    assert page.locator("#werkgroep-lessen").is_visible()
    assert page.get_by_text(LESSON).first.is_visible()
    assert page.get_by_role("link", name="Samen eten in de buurt").is_visible()
