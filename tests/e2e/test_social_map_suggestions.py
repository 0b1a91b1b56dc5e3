"""Social map suggestions in the browser (issue 8, "Done when"), as a new professional of
the Krachtstroomteam Wezep:

1. records a conversation about loneliness (life domain "social network") for a household
   in Wezep-Noord; when the life domain is ticked, the form suggests the neighbourhood
   meal (an initiative) and the community centre (dorpshuis) before any individual
   provision, in the order of the Wmo;
2. chooses the neighbourhood meal with the keyboard and saves the conversation;
3. the choice is on the conversation's page.

Then the team lead opens the team's indicator dashboard: the conversation is counted in
the substitution indicator ("of which with a social map entry") and in the use of the
social map by Wmo step. ``ui.check()`` (axe-core, WCAG 2.1 AA) on every page and after the
suggestions were loaded.
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

MEAL = "Buurtmaaltijd Wezep"
CENTRE = "Dorpshuis De Mheen"
INDIVIDUAL = "Individuele begeleiding (Wmo)"
NETWORK = "Buren om een handje vragen"


@pytest.fixture
def wezep(person: Any) -> SimpleNamespace:
    """Oldebroek with the village Wezep, its team, a household with consent, and a social
    map: a meal (initiative), the community centre, a step of the own network and an
    individual provision, all answering loneliness; one entry for debts only."""
    from wijkkompas.areas.tests.factories import (
        DistrictFactory,
        MunicipalityFactory,
        NeighbourhoodFactory,
    )
    from wijkkompas.initiatives.tests.factories import InitiativeFactory
    from wijkkompas.residents.tests.factories import (
        ConsentFactory,
        HouseholdFactory,
        ResidentFactory,
    )
    from wijkkompas.socialmap.constants import WmoStep
    from wijkkompas.socialmap.models import Entry
    from wijkkompas.teams.tests.factories import TeamFactory

    gm = MunicipalityFactory(code="GM0269", name="Oldebroek")
    district = DistrictFactory(municipality=gm, code="WK026901", name="Wezep")
    noord = NeighbourhoodFactory(district=district, code="BU02690101", name="Wezep-Noord")
    zuid = NeighbourhoodFactory(district=district, code="BU02690102", name="Wezep-Zuid")
    team = TeamFactory(municipality=gm, name="Krachtstroomteam Wezep", neighbourhoods=[noord, zuid])
    household = HouseholdFactory(team=team, neighbourhood=noord, label="Familie Jansen")
    resident = ResidentFactory(household=household, name="Gerrit Jansen")
    ConsentFactory(resident=resident)
    meal = InitiativeFactory(team=team, name=MEAL, neighbourhoods=[noord, zuid])
    today = dt.date.today()

    def entry(name: str, step: str, kind: str, **more: Any) -> Any:
        areas = more.pop("neighbourhoods", [])
        made = Entry.objects.create(
            municipality=gm,
            name=name,
            kind=kind,
            step=step,
            description=f"{name}: samen, dichtbij.",
            life_domains=more.pop("life_domains", ["social_network"]),
            how_to_reach="Loop binnen of bel het dorpshuis",
            opening_hours="do 17.30-19.30",
            last_checked_on=more.pop("last_checked_on", today),
            **more,
        )
        made.neighbourhoods.set(areas)
        return made

    entry(INDIVIDUAL, WmoStep.INDIVIDUAL, "partner_service")
    entry(MEAL, WmoStep.COLLECTIVE, "initiative", initiative=meal, cost="contribution")
    entry(CENTRE, WmoStep.COLLECTIVE, "place", neighbourhoods=[noord])
    entry(NETWORK, WmoStep.OWN_NETWORK, "volunteer_organisation")
    entry(
        "Schuldhulp Oldebroek", WmoStep.COLLECTIVE, "general_provision", life_domains=["finances"]
    )

    def make(role: str, first: str, last: str) -> SimpleNamespace:
        user, device = person(
            role=role, municipality=gm, teams=[team], first_name=first, last_name=last
        )
        return SimpleNamespace(user=user, device=device)

    return SimpleNamespace(
        gm=gm,
        team=team,
        resident=resident,
        meal=meal,
        pro=make(Role.PROFESSIONAL, "Noor", "Bakker"),
        lead=make(Role.TEAM_LEAD, "Ria", "Smit"),
    )


def _names_in_order(ui: UI) -> list[str]:
    return ui.page.locator(
        "#social-map-suggestions [data-testid=suggestion] label"
    ).all_inner_texts()


def test_suggestions_in_the_wmo_order_recorded_and_counted(
    ui: UI, another_ui: Any, wezep: SimpleNamespace
) -> None:
    page = ui.page
    ui.login(wezep.pro.user.username, wezep.pro.device)
    ui.goto(f"/inwoners/{wezep.resident.pk}/")
    ui.check()
    ui.goto(f"/gesprekken/nieuw/{wezep.resident.pk}/")
    ui.check()
    # Before a life domain is ticked: no suggestions yet, a hint.
    assert page.locator("[data-testid=suggestions-hint]").is_visible()
    page.locator("textarea[name=question]").fill(
        "Voelt zich eenzaam sinds het overlijden van haar man"
    )

    # Tick "social network and loneliness" with the keyboard: the suggestions load.
    domain = page.locator("input[name=life_domains][value=social_network]")
    domain.focus()
    with page.expect_response(lambda r: "/sociale-kaart/suggesties/" in r.url):
        page.keyboard.press("Space")
    page.locator("#social-map-suggestions [data-testid=suggestion]").first.wait_for()
    names = _names_in_order(ui)
    assert MEAL in names and CENTRE in names and INDIVIDUAL in names, names
    assert "Schuldhulp Oldebroek" not in names
    # The Wmo order: own network, then the meal and the community centre, then individual.
    assert names.index(NETWORK) < names.index(CENTRE) < names.index(INDIVIDUAL)
    assert names.index(MEAL) < names.index(INDIVIDUAL)
    steps = page.locator("#social-map-suggestions [data-step]").evaluate_all(
        "els => els.map(e => e.dataset.step)"
    )
    assert steps == ["own_strength", "own_network", "collective", "individual"]
    ui.check()

    # Choose the meal (Space on its checkbox), the outcome, and save.
    meal_box = page.locator(
        "#social-map-suggestions [data-testid=suggestion]", has_text=MEAL
    ).locator("input[type=checkbox]")
    meal_box.focus()
    page.keyboard.press("Space")
    assert meal_box.is_checked()
    outcome = page.locator("input[name=outcome][value=collective]")
    outcome.focus()
    page.keyboard.press("Space")
    save = page.locator(".wk-submit-row button[type=submit]")
    save.focus()
    ui.press("Enter")
    assert ui.path.startswith("/gesprekken/"), ui.path
    ui.check()
    used = page.locator("[data-testid=social-map-uses]")
    assert MEAL in used.inner_text()

    from wijkkompas.initiatives.models import Referral
    from wijkkompas.socialmap.models import EntryUse

    use = EntryUse.objects.get()
    assert (use.entry.name, use.step, use.suggested) == (MEAL, "collective", True)
    assert Referral.objects.filter(initiative=wezep.meal).count() == 1

    # The team lead sees it counted on the team's indicator dashboard.
    lead = another_ui()
    lead.login(wezep.lead.user.username, wezep.lead.device)
    lead.goto(f"/indicatoren/team/{wezep.team.pk}/")
    lead.check()
    figure = lead.page.locator
    # Substitution: row "own network or collective", column "of which with a social map entry".
    assert figure('[data-figure="substitution:0:2"]').inner_text().strip() == "1"
    assert figure('[data-figure="substitution:total:2"]').inner_text().strip() == "1"
    # The use of the social map by Wmo step: the collective step.
    assert figure('[data-figure="social_map_use:2:0"]').inner_text().strip() == "1"
    assert figure('[data-figure="social_map_use:3:0"]').inner_text().strip() == "0"


def test_two_quick_ticks_show_the_suggestions_of_both(ui: UI, wezep: SimpleNamespace) -> None:
    """A second life domain ticked while the first one's suggestions are still on their way:
    the request under way is not cancelled (no failed request, no error in the console) and
    the suggestions end up as those of both domains."""
    page = ui.page
    ui.login(wezep.pro.user.username, wezep.pro.device)
    ui.goto(f"/gesprekken/nieuw/{wezep.resident.pk}/")
    ui.check()
    pattern = "**/sociale-kaart/suggesties/**"
    held: list[Any] = []
    released = [False]

    def hold(route: Any) -> None:  # the first request waits until released below
        if released[0]:
            route.continue_()
        else:
            held.append(route)

    page.route(pattern, hold)
    page.locator("input[name=life_domains][value=finances]").check()
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(20)
    assert len(held) == 1, "ticking a life domain asks for suggestions"
    page.locator("input[name=life_domains][value=social_network]").check()
    page.wait_for_timeout(200)
    assert len(held) == 1, "the second tick waits for the request under way"
    released[0] = True
    held[0].continue_()
    page.locator("#social-map-suggestions [data-testid=suggestion]", has_text=MEAL).wait_for()
    ui.settle()
    names = _names_in_order(ui)
    assert "Schuldhulp Oldebroek" in names and MEAL in names, names
    ui.check()
