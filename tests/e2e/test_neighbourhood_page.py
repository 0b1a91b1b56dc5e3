"""The neighbourhood pages in the browser: a resident without an account finds their
neighbourhood on the public pages, and a policy officer opens the neighbourhood page.

axe-core (WCAG 2.1 A/AA), the CSP and the page's assets are checked on every page
(``ui.check()``); the charts come with tables that have captions.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import UI
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def nbh_world(person: Any) -> Any:
    from wijkkompas.neighbourhoods.tests.conftest import add_signals, build, fill

    world = build()
    fill(world)
    add_signals(world.neighbourhood)
    officer, device = person(role=Role.POLICY_OFFICER, municipality=world.gm)
    return world, officer, device


def test_a_resident_finds_the_public_page_and_an_officer_the_page(ui: UI, nbh_world: Any) -> None:
    world, officer, device = nbh_world
    ui.goto("/wijken/openbaar/")
    ui.check()
    ui.click_link("Oldebroek", within="main")
    ui.check()
    ui.click_link("Wezep-Centrum", within="main")
    ui.check()
    main = ui.page.locator("main")
    assert "Buurtmaaltijd 0" in main.inner_text()
    assert main.locator("table caption").count() >= 2

    ui.login(officer.username, device)
    ui.goto(f"/wijken/{world.neighbourhood.code}/")
    ui.check()
    text = ui.page.locator("main").inner_text()
    assert "<10" in text
    assert ui.page.locator("main svg[role=img]").count() >= 5
