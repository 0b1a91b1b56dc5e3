"""Logging in as a new user would: by mouse, by keyboard only, and switching language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import PASSWORD, UI, totp_now
from wijkkompas.accounts.constants import Role

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LOGIN = re.compile(r"^(Inloggen|Aanmelden)$")
LOGOUT = re.compile(r"^(Uitloggen|Afmelden)$")


def test_home_page_for_a_visitor(ui: UI) -> None:
    ui.goto("/")
    ui.check()
    assert ui.page.locator("html").get_attribute("lang") == "nl"
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Wijkkompas"
    # Every demo page says that the people are fictional.
    banner = ui.page.locator(".wk-demo-banner")
    assert banner.is_visible()
    assert re.search(r"fictie|fictief|fictional", banner.inner_text(), re.I)


def test_new_user_logs_in_with_password_and_code(ui: UI, person: Any) -> None:
    from wijkkompas.teams.tests.factories import TeamFactory

    team = TeamFactory(name="Wijkteam Noord")
    user, device = person(role=Role.PROFESSIONAL, municipality=team.municipality, teams=[team])
    ui.login(user.username, device)
    ui.check()
    header = ui.page.locator("header").inner_text()
    assert user.get_full_name() in header
    assert ui.page.get_by_role("button", name=LOGOUT).is_visible()
    # Logging out brings back the login link.
    ui.page.get_by_role("button", name=LOGOUT).click()
    ui.page.wait_for_load_state("load")
    ui.check()
    assert ui.page.locator("header").get_by_role("link", name=LOGIN).is_visible()


def test_wrong_password_gives_a_dutch_message(ui: UI, person: Any) -> None:
    user, _device = person(role=Role.PROFESSIONAL)
    ui.goto("/accounts/inloggen/")
    ui.page.get_by_label("Gebruikersnaam").fill(user.username)
    ui.page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    ui.page.locator("main").get_by_role("button", name=LOGIN).click()
    ui.page.wait_for_load_state("load")
    ui.check()
    assert ui.path == "/accounts/inloggen/"
    assert re.search(r"gebruikersnaam|wachtwoord", ui.page.locator("main").inner_text(), re.I)


def _tab_to(ui: UI, predicate: str, limit: int = 25) -> None:
    """Press Tab until ``predicate`` (JS on ``el``, the focused element) holds."""
    for _ in range(limit):
        ui.page.keyboard.press("Tab")
        if ui.page.evaluate(
            f"(() => {{ const el = document.activeElement; return {predicate}; }})()"
        ):
            return
    focused = ui.page.evaluate("document.activeElement.outerHTML")
    raise AssertionError(f"Tab did not reach {predicate}; focus is on {focused[:200]}")


def test_keyboard_only_login(ui: UI, person: Any) -> None:
    user, device = person(role=Role.TEAM_LEAD)
    ui.goto("/")
    ui.check()
    # The first Tab reaches the skip link; Enter moves the focus to the main content.
    ui.page.keyboard.press("Tab")
    skip = ui.page.evaluate("document.activeElement.getAttribute('href')")
    assert skip == "#main", "the skip link is not the first thing Tab reaches"
    assert ui.page.evaluate("getComputedStyle(document.activeElement).visibility") == "visible"
    ui.page.keyboard.press("Enter")
    assert ui.page.evaluate("document.activeElement.id") == "main"
    # On to the login link and the form, all by keyboard.
    _tab_to(ui, "el.tagName === 'A' && el.getAttribute('href').startsWith('/accounts/inloggen')")
    ui.page.keyboard.press("Enter")
    ui.page.wait_for_load_state("load")
    ui.check()
    _tab_to(ui, "el.name === 'username'")
    ui.page.keyboard.type(user.username)
    _tab_to(ui, "el.name === 'password'")
    ui.page.keyboard.type(PASSWORD)
    ui.page.keyboard.press("Enter")
    ui.page.wait_for_load_state("load")
    ui.check()
    _tab_to(
        ui,
        "el.tagName === 'INPUT' && el.type !== 'hidden' && el.form && el.form.action.includes('/accounts/')",
    )
    ui.page.keyboard.type(totp_now(device))
    ui.page.keyboard.press("Enter")
    ui.page.wait_for_load_state("load")
    ui.check()
    assert user.username in ui.page.locator("header").inner_text() or user.get_full_name() in (
        ui.page.locator("header").inner_text()
    )


def test_language_switch_to_english_and_back(ui: UI) -> None:
    ui.goto("/accounts/inloggen/")
    ui.check()
    assert LOGIN.match(ui.page.get_by_role("heading", level=1).inner_text())
    ui.page.get_by_label("Taal").select_option("en")
    ui.page.get_by_role("button", name=re.compile(r"^(Wissel|Wisselen|Kies|Kiezen)")).click()
    ui.page.wait_for_load_state("load")
    ui.check()
    assert ui.path == "/accounts/inloggen/", "the switch should return to the same page"
    assert ui.page.locator("html").get_attribute("lang") == "en"
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Log in"
    ui.page.get_by_label("Language").select_option("nl")
    ui.page.get_by_role("button", name="Switch").click()
    ui.page.wait_for_load_state("load")
    ui.check()
    assert ui.page.locator("html").get_attribute("lang") == "nl"
    assert LOGIN.match(ui.page.get_by_role("heading", level=1).inner_text())
