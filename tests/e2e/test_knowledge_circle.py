"""The knowledge circle in the browser (issue 5, "Done when").

* A policy officer fills in the self-assessment of the open round (as it is and as we want
  it for every question, with a comment), submits it, sees the gap between reality and wish
  and then the comparison of the knowledge circle, their own scores next to the circle's.
* A researcher opens the knowledge circle: the participation table and the choice-question
  schema of the municipalities that share, follows the link to a municipality's factsheet
  and downloads its PDF.

Written as a new user would click, by the Dutch texts; axe-core, the CSP and the page's
assets are checked on every page visited (``ui.check()``).
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

CIRCLE = re.compile(r"^Kenniskring$")
SELF_ASSESSMENT = re.compile(r"^Zelfevaluatie$")
FILL_IN = re.compile(r"^Zelfevaluatie invullen$")
CONTINUE = re.compile(r"^Verder$")
SUBMIT = re.compile(r"^Indienen$")
ROUND = re.compile(r"^Ronde")


@pytest.fixture
def circle_world(person: Any) -> dict[str, Any]:
    """Two municipalities that share (with teams and submitted assessments in the first
    round), the policy officer's own municipality (does not share) and a researcher."""
    from wijkkompas.areas.tests.factories import MunicipalityFactory
    from wijkkompas.selfassessments.tests.factories import MeasurementRoundFactory, submitted
    from wijkkompas.teams.tests.factories import MembershipFactory, TeamFactory

    _questionnaire()
    own = MunicipalityFactory(code="GM0269", name="Oldebroek")
    haarlem = MunicipalityFactory(code="GM0392", name="Haarlem", shares_aggregates=True)
    zaanstad = MunicipalityFactory(code="GM0479", name="Zaanstad", shares_aggregates=True)
    for municipality in (haarlem, zaanstad, own):
        team = TeamFactory(municipality=municipality, name=f"Wijkteam {municipality.name}")
        MembershipFactory(team=team)
        MembershipFactory(team=team, ring="first_shell")
    nulmeting = MeasurementRoundFactory(
        name="Nulmeting", held_on=dt.date(2026, 3, 1), order=1, open=False
    )
    MeasurementRoundFactory(name="Eenmeting", held_on=dt.date(2027, 3, 1), order=2, open=True)
    for municipality, scores in ((haarlem, (2, 3)), (zaanstad, (4, 4))):
        submitted(measurement_round=nulmeting, municipality=municipality, scores=scores)
    officer, officer_device = person(role=Role.POLICY_OFFICER, municipality=own)
    researcher, researcher_device = person(role=Role.RESEARCHER, municipality=own)
    return {
        "own": own,
        "haarlem": haarlem,
        "officer": (officer, officer_device),
        "researcher": (researcher, researcher_device),
    }


def _questionnaire() -> None:
    """The eleven questions of the data migration (the flush of a transactional test
    removes them)."""
    import importlib

    from django.apps import apps

    from wijkkompas.selfassessments.models import Questionnaire

    if not Questionnaire.objects.exists():
        migration = importlib.import_module(
            "wijkkompas.selfassessments.migrations.0002_kenniskring_questionnaire"
        )
        migration.ship(apps, None)


def test_policy_officer_fills_in_the_round_and_compares(
    ui: UI, circle_world: dict[str, Any]
) -> None:
    from wijkkompas.selfassessments.models import Question

    officer, device = circle_world["officer"]
    ui.login(officer.username, device)

    ui.click_link(SELF_ASSESSMENT, within="header nav")
    ui.check()
    ui.click_link(FILL_IN, within="main")
    ui.check()
    ui.page.get_by_label(ROUND).select_option(label="Eenmeting")
    ui.click_button(CONTINUE)
    ui.check()

    questions = list(Question.objects.order_by("order"))
    assert len(questions) == 11
    for number, question in enumerate(questions):
        reality, wish = 2 + number % 2, 4
        ui.page.locator(f"input[name='{question.code}-reality'][value='{reality}']").check()
        ui.page.locator(f"input[name='{question.code}-wish'][value='{wish}']").check()
    ui.page.locator(f"textarea[name='{questions[0].code}-comment']").fill(
        "De gemeente bepaalt nog veel zelf; we willen de partners meer ruimte geven."
    )
    ui.click_button(SUBMIT)
    ui.check()

    # The results: reality and wish per question, and the gap (wish minus reality).
    main = ui.page.locator("main")
    assert main.locator("svg[role=img]").count() == 1
    text = main.inner_text()
    assert "Verschil" in text and "+2" in text and "+1" in text
    assert "we willen de partners meer ruimte geven" in text

    # The knowledge circle: the circle's figures next to the own municipality's.
    ui.click_link(CIRCLE, within="header nav")
    ui.check()
    text = ui.page.locator("main").inner_text()
    assert "3 gemeenten tellen mee" in text
    assert "Oldebroek" in text and "Haarlem" not in text and "Zaanstad" not in text
    assert "Je gemeente: zoals het is" in text
    assert "Eenmeting: 1 gemeente geteld." in text


def test_researcher_compares_and_downloads_a_factsheet_pdf(
    ui: UI, circle_world: dict[str, Any]
) -> None:
    researcher, device = circle_world["researcher"]
    ui.login(researcher.username, device)

    ui.click_link(CIRCLE, within="header nav")
    ui.check()
    main = ui.page.locator("main")
    text = main.inner_text()
    # The participation table: per discipline in how many of the teams it sits.
    assert "Deelnemers per discipline" in text
    assert "2 gemeenten tellen mee" in text and "Oldebroek" not in text
    assert main.get_by_role("row", name=re.compile(r"^Haarlem")).count() == 1
    # The choice-question schema of appendix 1, as a chart and as a table.
    ui.page.get_by_label(ROUND).select_option(label="Nulmeting")
    ui.click_button(re.compile(r"^Tonen$"))
    ui.check()
    assert "Nulmeting: 2 gemeenten geteld." in main.inner_text()
    assert main.locator("svg[role=img]").count() >= 1

    # The factsheet of a sharing municipality, and its PDF.
    ui.click_link(re.compile(r"Factsheet Haarlem"), within="main")
    ui.check()
    assert "Haarlem" in ui.page.get_by_role("heading", level=1).inner_text()
    ui.click_button(re.compile(r"PDF"), within="#pdf")
    ui.check()
    with ui.page.expect_download() as download:
        ui.page.locator("main").get_by_role("link", name=re.compile(r"PDF")).first.click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"
