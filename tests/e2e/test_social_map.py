"""The social map (sociale kaart) in the browser (issue 8).

* A resident without an account finds the buurtmaaltijd on the public social map by need
  (loneliness: the life domain "social network", in residents' words) and neighbourhood
  (Wezep-Centrum), before any individual provision, and prints it: the print version renders,
  and with the print media the page shows the entry without the site's header and menu.
* A team member sees the flag of an entry not checked for six months and marks it "still
  correct"; the flag is gone.

axe-core (WCAG 2.1 A/AA), the CSP and the page's assets are checked on every page
(``ui.check()``); the search is submitted with the keyboard.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from tests.e2e.conftest import UI
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

MEAL = "Buurtmaaltijd in het dorpshuis"
LOKET = "Wmo-loket gemeente Oldebroek"
DEBTS = "Schuldhulp spreekuur"
HELP = "Burenhulp Wezep"


@pytest.fixture
def map_world(person: Any) -> Any:
    from django.utils import timezone

    from wijkkompas.areas.tests.factories import (
        DistrictFactory,
        MunicipalityFactory,
        NeighbourhoodFactory,
    )
    from wijkkompas.initiatives.tests.factories import InitiativeFactory
    from wijkkompas.places.tests.factories import PlaceFactory
    from wijkkompas.socialmap.constants import STALE_AFTER, EntryKind, WmoStep
    from wijkkompas.socialmap.tests.factories import EntryFactory
    from wijkkompas.teams.tests.factories import TeamFactory

    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    district = DistrictFactory(municipality=gm, code="WK026901", name="Wezep")
    centrum = NeighbourhoodFactory(district=district, code="BU02690100", name="Wezep-Centrum")
    zuid = NeighbourhoodFactory(district=district, code="BU02690102", name="Wezep-Zuid")
    team = TeamFactory(municipality=gm, name="Krachtstroomteam Wezep", neighbourhoods=[centrum])
    initiative = InitiativeFactory(team=team, name=MEAL, neighbourhoods=[centrum])
    place = PlaceFactory(municipality=gm, neighbourhood=centrum, name="Dorpshuis De Klaproos")
    long_ago = timezone.localdate() - STALE_AFTER - dt.timedelta(days=30)
    EntryFactory(
        municipality=gm,
        name=MEAL,
        kind=EntryKind.INITIATIVE,
        step=WmoStep.COLLECTIVE,
        description="Elke donderdag samen eten in het dorpshuis.",
        life_domains=["social_network", "daytime"],
        initiative=initiative,
        place=place,
        address="Dorpsstraat 12, Wezep",
        opening_hours="Donderdag 17.30–19.30 uur",
        how_to_reach="Schuif aan; meld je bij de bar van het dorpshuis.",
        neighbourhoods=[centrum],
    )
    EntryFactory(
        municipality=gm,
        name=LOKET,
        kind=EntryKind.PARTNER_SERVICE,
        step=WmoStep.INDIVIDUAL,
        description="Voor een maatwerkvoorziening.",
        life_domains=["social_network", "self_care"],
        cost="income_dependent",
    )
    EntryFactory(
        municipality=gm,
        name=DEBTS,
        description="Zorgen over geld? Loop binnen.",
        life_domains=["finances"],
    )
    stale = EntryFactory(
        municipality=gm,
        name=HELP,
        kind=EntryKind.VOLUNTEER_ORGANISATION,
        step=WmoStep.OWN_NETWORK,
        description="Buren helpen buren.",
        life_domains=["social_network", "self_care"],
        neighbourhoods=[zuid],
        last_checked_on=long_ago,
    )
    professional, device = person(role=Role.PROFESSIONAL, municipality=gm, teams=[team])
    return SimpleNamespace(
        gm=gm, centrum=centrum, stale=stale, professional=professional, device=device
    )


def _names_in_order(ui: UI) -> list[str]:
    return [
        text.strip()
        for text in ui.page.locator("main .wk-map-card h3, main .wk-map-card h2").all_inner_texts()
    ]


def test_a_resident_finds_the_meal_by_need_and_neighbourhood_and_prints_it(
    ui: UI, map_world: Any
) -> None:
    # From the public page of the neighbourhood to the social map, for that neighbourhood.
    ui.goto("/wijken/openbaar/")
    ui.check()
    ui.click_link("Oldebroek", within="main")
    ui.check()
    ui.click_link("Wezep-Centrum", within="main")
    ui.check()
    with ui.page.expect_navigation():
        ui.page.locator("main a[href*='/sociale-kaart/openbaar/GM0269/']").first.click()
    ui.check()
    assert ui.path == "/sociale-kaart/openbaar/GM0269/"
    assert ui.page.locator("#id_buurt").input_value() == "BU02690100"
    # The need in residents' words, chosen with the keyboard; the search sent with Enter.
    need = ui.page.locator("#id_nodig")
    need.focus()
    need.select_option("social_network")
    assert "lonely" in need.locator("option:checked").inner_text().lower() or (
        "eenzaam" in need.locator("option:checked").inner_text().lower()
    )
    ui.page.locator("#id_zoek").focus()
    ui.press("Enter")
    ui.check()
    names = _names_in_order(ui)
    assert MEAL in names and LOKET in names
    assert DEBTS not in names and HELP not in names  # another need, another neighbourhood
    assert names.index(MEAL) < names.index(LOKET)  # what residents do together comes first
    card = ui.page.locator("main .wk-map-card", has_text=MEAL)
    assert "Donderdag 17.30" in card.inner_text() and "Dorpsstraat 12" in card.inner_text()

    # The print version of these results: it renders, and prints the entry without the
    # site's header and menu.
    with ui.page.expect_navigation():
        ui.page.locator("main a[href*='/afdrukken/']").first.click()
    ui.check()
    assert ui.path == "/sociale-kaart/openbaar/GM0269/afdrukken/"
    assert MEAL in _names_in_order(ui)
    ui.page.emulate_media(media="print")
    assert ui.page.locator("main .wk-map-card", has_text=MEAL).is_visible()
    assert not ui.page.locator("header.wk-header").is_visible()
    assert not ui.page.locator("[data-wk-print]").is_visible()
    ui.page.emulate_media(media="screen")

    # One entry on its own page, printable too.
    ui.goto("/sociale-kaart/openbaar/GM0269/?nodig=social_network&buurt=BU02690100")
    ui.check()
    ui.click_link(MEAL, within="main")
    ui.check()
    assert ui.page.locator("h1").inner_text().strip() == MEAL
    ui.page.emulate_media(media="print")
    assert ui.page.locator("main .wk-map-card", has_text=MEAL).is_visible()
    assert not ui.page.locator("header.wk-header").is_visible()
    ui.page.emulate_media(media="screen")


def test_a_team_member_marks_a_stale_entry_as_checked(ui: UI, map_world: Any) -> None:
    from django.utils import timezone

    ui.login(map_world.professional.username, map_world.device)
    ui.goto("/sociale-kaart/")
    ui.check()
    row = ui.page.locator(f"tr[data-entry='{map_world.stale.pk}']")
    assert row.locator(".wk-stale").count() == 1
    assert ui.page.locator("tr[data-entry] .wk-stale").count() == 1  # only the stale one
    ui.click_link(HELP, within="main")
    ui.check()
    assert ui.page.locator("main .wk-stale").count() == 1
    # "Still correct", with the keyboard.
    button = ui.page.locator("main form[action$='/gecontroleerd/'] button[type=submit]")
    button.focus()
    ui.press("Enter")
    ui.check()
    assert ui.path == f"/sociale-kaart/{map_world.stale.pk}/"
    assert ui.page.locator("main .wk-stale").count() == 0
    map_world.stale.refresh_from_db()
    assert map_world.stale.last_checked_on == timezone.localdate()
    assert map_world.stale.checked_by_id == map_world.professional.pk
    ui.goto("/sociale-kaart/?verouderd=on")
    ui.check()
    assert ui.page.locator("tr[data-entry]").count() == 0
