"""Logging in as a new user would: by mouse, by keyboard only, and switching language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import NAMES, PASSWORD, UI, totp_now
from wijkkompas.accounts.constants import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def test_home_page_for_a_visitor(ui: UI) -> None:
    ui.goto("/")
    ui.check()
    assert ui.page.locator("html").get_attribute("lang") == "nl"
    assert "Wijkkompas" in ui.page.get_by_role("heading", level=1).inner_text()
    # Every demo page says that the people are fictional.
    banner = ui.page.locator(".wk-demo-banner")
    assert banner.is_visible()
    assert re.search(r"verzonnen|fictie|fictief", banner.inner_text(), re.I)


def test_new_user_logs_in_with_password_and_code(ui: UI, person: Any) -> None:
    from wijkkompas.teams.tests.factories import TeamFactory

    team = TeamFactory(name="Wijkteam Noord")
    user, device = person(role=Role.PROFESSIONAL, municipality=team.municipality, teams=[team])
    ui.login(user.username, device)
    ui.check()
    from wijkkompas.web.views import landing_url

    assert ui.path == landing_url(user)  # a professional starts on the worklist
    assert user.get_full_name() in ui.page.locator("header").inner_text()
    # Logging out brings back the login link.
    ui.click_button(NAMES["logout"], within="header")
    ui.check()
    assert ui.page.locator("header").get_by_role("link", name=NAMES["login"]).is_visible()


def test_wrong_password_gives_a_message_and_no_session(ui: UI, person: Any) -> None:
    user, _device = person(role=Role.PROFESSIONAL)
    ui.goto("/accounts/inloggen/")
    ui.page.get_by_label(NAMES["username"]).fill(user.username)
    ui.page.get_by_label(NAMES["password"]).fill("niet-het-goede-wachtwoord")
    ui.click_button(NAMES["login"])
    ui.check()
    assert ui.path == "/accounts/inloggen/"
    error = ui.page.locator("main [role=alert], main .utrecht-form-field-error-message").first
    assert error.is_visible()
    assert ui.page.locator("header").get_by_role("link", name=NAMES["login"]).is_visible()


def _tab_to(ui: UI, predicate: str, limit: int = 25) -> None:
    """Press Tab until ``predicate`` (JavaScript about ``el``, the focused element) holds."""
    script = f"() => {{ const el = document.activeElement; return !!({predicate}); }}"
    for _ in range(limit):
        ui.page.keyboard.press("Tab")
        if ui.page.evaluate(script):
            return
    focused = ui.page.evaluate("() => document.activeElement.outerHTML")
    raise AssertionError(f"Tab did not reach {predicate}; the focus is on {focused[:200]}")


def test_keyboard_only_login(ui: UI, person: Any) -> None:
    user, device = person(role=Role.TEAM_LEAD)
    ui.goto("/")
    ui.check()
    # The first Tab reaches the skip link, visible when focused; Enter moves to the content.
    ui.page.keyboard.press("Tab")
    assert ui.page.evaluate("() => document.activeElement.getAttribute('href')") == "#main", (
        "the skip link is not the first thing Tab reaches"
    )
    box = ui.page.evaluate("() => document.activeElement.getBoundingClientRect().height")
    assert box > 0, "the focused skip link is not visible"
    ui.page.keyboard.press("Enter")
    ui.page.wait_for_function("() => document.activeElement.id === 'main'")
    # On to the login link, and through the form, all by keyboard.
    _tab_to(ui, "el.tagName === 'A' && el.pathname === '/accounts/inloggen/'")
    ui.press("Enter")
    ui.check()
    _tab_to(ui, "el.name === 'username'")
    ui.page.keyboard.type(user.username)
    _tab_to(ui, "el.name === 'password'")
    ui.page.keyboard.type(PASSWORD)
    ui.press("Enter")
    ui.check()
    _tab_to(ui, "el.tagName === 'INPUT' && el.type !== 'hidden' && el.closest('main')")
    ui.page.keyboard.type(totp_now(device))
    ui.press("Enter")
    ui.check()
    assert user.get_full_name() in ui.page.locator("header").inner_text()


def test_language_switch_to_english_and_back(ui: UI) -> None:
    ui.goto("/accounts/inloggen/")
    ui.check()
    dutch_heading = ui.page.get_by_role("heading", level=1).inner_text()
    ui.page.get_by_label(NAMES["language"]).select_option("en")
    ui.click_button(NAMES["switch"], within="header")
    ui.check()
    assert ui.path == "/accounts/inloggen/", "the switch should return to the same page"
    assert ui.page.locator("html").get_attribute("lang") == "en"
    assert ui.page.get_by_role("heading", level=1).inner_text() == "Log in"
    ui.page.get_by_label("Language").select_option("nl")
    ui.click_button("Switch", within="header")
    ui.check()
    assert ui.page.locator("html").get_attribute("lang") == "nl"
    assert ui.page.get_by_role("heading", level=1).inner_text() == dutch_heading != "Log in"
