"""A team lead clicks through the team pages: overview, team, ring view, edits.

Written as a new user would click: from the home page, by the Dutch link texts.
axe-core, the CSP and the
page's assets are checked on every page visited (``ui.check()``).
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

TEAMS = re.compile(r"^Teams$")
NETWORK = re.compile(r"^Netwerk")
EDIT_TEAM = re.compile(r"^Team (bewerken|wijzigen)$")
PERSPECTIVE = re.compile(r"^Stip aan de horizon (wijzigen|bewerken)")
PERSPECTIVE_FIELD = re.compile(r"stip aan de horizon", re.I)
ADD_MEMBER = re.compile(r"^Teamlid toevoegen$")
SAVE = re.compile(r"^(Opslaan|Toevoegen|Teamlid toevoegen)$")
HOURS = re.compile(r"^Uren per week")
NAME = re.compile(r"^Naam")
EMPLOYER = re.compile(r"^(Werkgever|Organisatie)")
DESCRIPTION = re.compile(r"^(Omschrijving|Beschrijving) \(")


@pytest.fixture
def team_world(person: Any) -> dict[str, Any]:
    """A municipality with the lead's team (with members and a partner) and another team."""
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory

    team = TeamFactory(name="Wijkteam Krachtstroom", description="Wij werken in Wezep.")
    other = TeamFactory(name="Wijkteam Elders", municipality=team.municipality)
    organisation = OrganisationFactory(municipality=team.municipality, name="Welzijn Wezep")
    MembershipFactory(team=team, organisation=organisation, person_name="Anna de Vries")
    MembershipFactory(
        team=team, organisation=organisation, person_name="Bram Jansen", ring="first_shell"
    )
    MembershipFactory(team=other, organisation=organisation, person_name="Carla Elders")
    PartnerFactory(team=team, name="Buurtkamer De Hoek")
    lead, device = person(role=Role.TEAM_LEAD, municipality=team.municipality, teams=[team])
    return {"team": team, "other": other, "lead": lead, "device": device, "org": organisation}


def test_team_lead_clicks_through_the_team_pages(ui: UI, team_world: dict[str, Any]) -> None:
    team = team_world["team"]
    ui.login(team_world["lead"].username, team_world["device"])

    # Overview: only the lead's own team.
    ui.click_link(TEAMS, within="header nav")
    ui.check()
    assert ui.path == "/teams/"
    main = ui.page.locator("main")
    assert main.get_by_role("link", name=team.name).is_visible()
    assert "Wijkteam Elders" not in main.inner_text()

    # The team.
    ui.click_link(team.name, within="main")
    ui.check()
    assert ui.page.get_by_role("heading", level=1).inner_text() == team.name
    assert "Anna de Vries" in main.inner_text()

    # The ring view: a picture with a text alternative, and the same as a table.
    ui.click_link(NETWORK, within="main")
    ui.check()
    svg = ui.page.locator("main svg[role=img]")
    assert svg.count() == 1, "the ring view is one SVG with role=img"
    labelled_by = svg.get_attribute("aria-labelledby") or ""
    assert labelled_by or svg.get_attribute("aria-label"), "the picture has no accessible name"
    for id_ in labelled_by.split():
        assert (ui.page.locator(f"[id='{id_}']").text_content() or "").strip(), f"#{id_} is empty"
    table = ui.page.locator("main table")
    assert table.count() >= 1, "no table alternative for the ring view"
    table_text = table.first.inner_text()
    for name in ("Anna de Vries", "Bram Jansen", "Buurtkamer De Hoek"):
        assert name in table_text
    # Every numbered item of the picture is in the table.
    numbers = ui.page.locator("main svg g text").all_text_contents()
    assert numbers and all(n.strip() in table_text for n in numbers)

    # Back to the team (breadcrumb) and edit it.
    ui.click_link(team.name, within="nav[aria-label]:has(a[href='/teams/'])")
    ui.check()
    ui.click_link(EDIT_TEAM, within="main")
    ui.check()
    description = ui.page.get_by_role("textbox", name=DESCRIPTION)
    description.fill("Wij werken in Wezep, met bewoners.")
    ui.click_button(SAVE)
    ui.check()
    assert ui.path == f"/teams/{team.pk}/"
    assert "met bewoners" in ui.page.locator("main").inner_text()
    assert ui.page.locator("main [role=status], main .utrecht-alert").first.is_visible()

    # Change the shared perspective and see it in the history.
    ui.click_link(PERSPECTIVE, within="main nav")
    ui.check()
    ui.page.get_by_label(PERSPECTIVE_FIELD).first.fill(
        "Iedereen in Wezep doet mee, op eigen kracht."
    )
    ui.page.get_by_label(re.compile(r"^Wat is er veranderd")).fill("Na de buurtavond")
    ui.click_button(SAVE)
    ui.check()
    assert "Iedereen in Wezep doet mee" in ui.page.locator("main").inner_text()
    ui.page.locator("main details summary").first.click()
    history = ui.page.locator("main details table")
    assert "Na de buurtavond" in history.inner_text()
    ui.check()


def test_team_lead_adds_a_member_after_a_mistake(ui: UI, team_world: dict[str, Any]) -> None:
    team = team_world["team"]
    ui.login(team_world["lead"].username, team_world["device"])
    ui.goto(f"/teams/{team.pk}/")
    ui.check()
    ui.click_link(ADD_MEMBER, within="main")
    ui.check()

    # Bad input: 60 hours a week.
    ui.page.get_by_label(NAME).fill("Dirk Bakker")
    ui.page.get_by_label(HOURS).fill("60")
    ui.page.get_by_label(EMPLOYER).select_option(label="Welzijn Wezep")
    ui.click_button(SAVE)
    ui.check()
    main = ui.page.locator("main")
    summary = main.locator("[role=alert]").first
    assert summary.is_visible(), "no error summary after bad input"
    assert ui.page.title().startswith("Fout"), "the page title does not say: error"
    # The message says what is wrong, next to the field, and the field says it is invalid.
    hours = ui.page.get_by_label(HOURS)
    assert hours.get_attribute("aria-invalid") == "true"
    described = hours.get_attribute("aria-describedby") or ""
    messages = " ".join(ui.page.locator(f"[id='{i}']").inner_text() for i in described.split())
    assert re.search(r"40", messages), f"the hours message does not give the limit: {messages!r}"
    # The error summary links to the field.
    summary.get_by_role("link").first.click()
    assert ui.page.evaluate("() => document.activeElement.name") == "hours_per_week"

    # Correct it.
    ui.page.get_by_label(HOURS).fill("12")
    ui.click_button(SAVE)
    ui.check()
    assert ui.path == f"/teams/{team.pk}/"
    assert "Dirk Bakker" in main.inner_text()

    # The same mistake twice: a duplicate member is refused with a message.
    ui.click_link(ADD_MEMBER, within="main")
    ui.page.get_by_label(NAME).fill("Dirk Bakker")
    ui.page.get_by_label(EMPLOYER).select_option(label="Welzijn Wezep")
    ui.page.get_by_label(HOURS).fill("8")
    ui.click_button(SAVE)
    ui.check()
    assert main.locator("[role=alert]").first.is_visible()
    from wijkkompas.teams.models import Membership

    assert Membership.objects.filter(team=team, person_name="Dirk Bakker").count() == 1


def test_policy_officer_sees_teams_but_no_names(
    ui: UI, team_world: dict[str, Any], person: Any
) -> None:
    team = team_world["team"]
    officer, device = person(role=Role.POLICY_OFFICER, municipality=team.municipality)
    ui.login(officer.username, device)
    ui.click_link(TEAMS, within="header nav")
    ui.check()
    assert "Wijkteam Elders" in ui.page.locator("main").inner_text()
    ui.click_link(team.name, within="main")
    ui.check()
    ui.click_link(NETWORK, within="main")
    ui.check()
    text = ui.page.locator("body").inner_text()
    for name in ("Anna de Vries", "Bram Jansen"):
        assert name not in text
    assert "Welzijn Wezep" in text
