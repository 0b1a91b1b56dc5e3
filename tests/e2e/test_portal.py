"""Mijn plan as a resident would use it: log in, land on the plan, give and withdraw
permission (by keyboard only), look at the scores and the download page; every page passes
axe (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from tests.e2e.conftest import UI
from tests.e2e.test_login import _tab_to
from wijkkompas.accounts.constants import Role

#: The submit button of the consent form, in Dutch (or English before translation).
GIVE = re.compile(r"^(Toestemming geven|Give permission)$")


def _resident_with_plan(person: Any) -> tuple[Any, Any, Any]:
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.portal.tests.factories import (
        AppointmentFactory,
        GoalFactory,
        PlanActionFactory,
        PlanFactory,
    )
    from wijkkompas.residents.tests.factories import (
        ConsentFactory,
        HouseholdFactory,
        ResidentFactory,
    )
    from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

    team = TeamFactory(name="Wijkteam Noord")
    organisation = OrganisationFactory(municipality=team.municipality, name="Welzijn Noord")
    MembershipFactory(team=team, organisation=organisation)
    user, device = person(role=Role.RESIDENT, municipality=team.municipality)
    resident = ResidentFactory(
        household=HouseholdFactory(team=team, label="Familie Jansen"), name="Piet Jansen", user=user
    )
    consent = ConsentFactory(resident=resident)
    plan = PlanFactory(household=resident.household, summary="Piet wil weer meedoen.")
    goal = GoalFactory(plan=plan, text="Elke week naar de buurtmaaltijd.")
    PlanActionFactory(plan=plan, goal=goal, owner_name="Sanne", owner_organisation=organisation)
    AppointmentFactory(plan=plan, starts_at=timezone.now() + dt.timedelta(days=2))
    return user, device, consent


def test_resident_uses_mijn_plan(ui: UI, person: Any) -> None:
    user, device, consent = _resident_with_plan(person)
    ui.login(user.username, device)
    ui.check()
    assert ui.path == "/mijn-plan/"
    main = ui.page.locator("main").inner_text()
    assert "Elke week naar de buurtmaaltijd." in main and "Welzijn Noord" in main

    # Give permission: first with a date in the past (error state), then right.
    ui.goto("/mijn-plan/toestemming/geven/")
    ui.check()
    ui.page.get_by_label("Welzijn Noord").check()
    ui.page.locator("input[name=valid_until]").fill("2001-01-01")
    ui.click_button(GIVE)
    ui.check()
    assert ui.page.locator(".wk-error-summary, [role=alert]").first.is_visible()
    ui.page.locator("input[name=valid_until]").fill("")
    ui.click_button(GIVE)
    ui.check()
    assert ui.path == "/mijn-plan/toestemming/"

    # Withdraw the first consent with the keyboard only.
    withdraw = f"/mijn-plan/toestemming/{consent.pk}/intrekken/"
    _tab_to(ui, f"el.tagName === 'A' && el.pathname === '{withdraw}'", limit=60)
    ui.press("Enter")
    ui.check()
    _tab_to(ui, "el.tagName === 'BUTTON' && el.type === 'submit' && el.closest('main')")
    ui.press("Enter")
    ui.check()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None

    for path in ("/mijn-plan/scores/", "/mijn-plan/mijn-gegevens/", "/mijn-plan/doel-toevoegen/"):
        ui.goto(path)
        ui.check()
