"""Time for the collective (issue 8, "Done when"): a new professional records how their
week split with the sliders, using only the keyboard; the team lead sees the team's split
on the team dashboard next to its ambition, with its table, and downloads the export
that holds it.

Written as a new user would click, by roles, labels and ids (the new texts may be in
English until their translations are merged). axe-core, the CSP and the page's assets
are checked on every page visited (``ui.check()``).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from tests.e2e.conftest import UI
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

EXCEL = re.compile(r"^Downloaden als Excel")


@pytest.fixture
def time_world(person: Any) -> dict[str, Any]:
    """A team with its shared perspective and its ambition, a new professional and its
    team lead."""
    from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory
    from wijkkompas.timeuse.tests.factories import TeamTimeAmbitionFactory

    team = TeamFactory(
        name="Krachtstroomteam Wezep",
        perspective="Inwoners van Wezep helpen elkaar; wij sluiten aan.",
    )
    TeamTimeAmbitionFactory(team=team, collective_target=30, note="Minder dubbel registreren")
    professional, device = person(
        role=Role.PROFESSIONAL,
        municipality=team.municipality,
        teams=[team],
        first_name="Piet",
        last_name="Prof",
    )
    lead, lead_device = person(
        role=Role.TEAM_LEAD,
        municipality=team.municipality,
        teams=[team],
        first_name="Lotte",
        last_name="Leiding",
    )
    MembershipFactory(team=team, person_name="Piet Prof", user=professional)
    MembershipFactory(team=team, person_name="Lotte Leiding", user=lead)
    return {
        "team": team,
        "professional": professional,
        "device": device,
        "lead": lead,
        "lead_device": lead_device,
    }


def _shares(ui: UI) -> dict[str, int]:
    return {
        kind: int(ui.page.locator(f"#id_{kind}").input_value())
        for kind in ("casework", "collective", "network", "overhead")
    }


def test_a_professional_records_the_week_and_the_lead_sees_it(
    ui: UI, another_ui: Any, time_world: dict[str, Any]
) -> None:
    from wijkkompas.timeuse.models import TimeSplit

    team = time_world["team"]
    ui.login(time_world["professional"].username, time_world["device"])
    ui.check()

    # The worklist asks how the week went; its link leads to the sliders.
    prompt = ui.page.locator("main section[aria-labelledby='wk-time-prompt']")
    assert prompt.count() == 1
    with ui.page.expect_navigation():
        prompt.locator("a[href='/tijd/']").click()
    ui.check()

    # Four labelled sliders, each beside its number input; they start at a usable split.
    sliders = ui.page.locator("input[type='range']")
    assert sliders.count() == 4
    for index in range(4):
        assert sliders.nth(index).is_visible()
    assert sum(_shares(ui).values()) == 100

    # Keyboard only: more collective work moves the others, the total stays 100.
    ui.page.locator("#slider-collective").focus()
    for _step in range(15):
        ui.page.keyboard.press("ArrowRight")
    shares = _shares(ui)
    assert shares["collective"] == 25, shares
    assert sum(shares.values()) == 100
    assert ui.page.locator("#slider-collective").get_attribute("aria-valuetext") == "25%"
    assert "100%" in ui.page.locator("#wk-split-total").inner_text()
    ui.page.locator("#slider-network").focus()
    for _step in range(5):
        ui.page.keyboard.press("ArrowRight")
    shares = _shares(ui)
    assert sum(shares.values()) == 100

    # Tab on to the note and the button, and send the form with the keyboard.
    ui.page.locator("#id_note").focus()
    ui.page.keyboard.type("Buurtmaaltijd voorbereid")
    ui.page.locator("form[data-time-split] button[type='submit']").focus()
    ui.press("Enter")
    ui.check()
    row = TimeSplit.objects.get(user=time_world["professional"], team=team)
    assert (row.casework, row.collective, row.network, row.overhead) == (
        shares["casework"],
        shares["collective"],
        shares["network"],
        shares["overhead"],
    )
    assert row.note == "Buurtmaaltijd voorbereid"
    assert ui.page.locator("main table").last.inner_text().count("Buurtmaaltijd voorbereid") == 1

    # A wrong total, typed without the sliders: a Dutch error, nothing changed.
    ui.page.locator("#id_casework").fill("90")
    ui.page.locator("form[data-time-split] button[type='submit']").click()
    ui.page.wait_for_load_state("load")
    ui.check()
    assert ui.page.locator("[role='alert']").count() >= 1
    row.refresh_from_db()
    assert row.casework == shares["casework"]

    # The team lead: the team dashboard shows the split next to the ambition, with a table.
    lead = another_ui()
    lead.login(time_world["lead"].username, time_world["lead_device"])
    lead.goto(f"/indicatoren/team/{team.pk}/")
    lead.check()
    section = lead.page.locator("#tijd-voor-het-collectief")
    assert "Inwoners van Wezep helpen elkaar" in section.inner_text()
    assert "30%" in section.inner_text()
    table = lead.page.locator("#tijd-dashboard-tabel")
    collective = shares["collective"] + shares["network"]
    assert f"{collective}" in table.inner_text()
    assert lead.page.locator("#tijd-voor-het-collectief svg[role='img']").count() == 1

    # The export of the dashboard holds the time split.
    with lead.page.expect_download() as download:
        lead.page.get_by_role("link", name=EXCEL).first.click()
    from openpyxl import load_workbook

    path = download.value.path()
    book = load_workbook(io.BytesIO(open(path, "rb").read()))  # noqa: SIM115
    split_sheet = book.worksheets[-1]
    values = [cell for row in split_sheet.iter_rows(values_only=True) for cell in row]
    assert float(collective) in [v for v in values if isinstance(v, int | float)]
