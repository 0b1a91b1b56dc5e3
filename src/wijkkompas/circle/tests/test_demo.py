"""The demo's knowledge circle: nine sharing municipalities with teams, both rounds
submitted, their choices in the history; a second load changes nothing."""

from __future__ import annotations

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.circle import selectors
from wijkkompas.circle.models import SharingChoice
from wijkkompas.circle.tests.conftest import _team
from wijkkompas.demo import circle_demo
from wijkkompas.demo import selfassessments_demo as assessments
from wijkkompas.selfassessments.models import SelfAssessment

pytestmark = pytest.mark.django_db


def test_demo_circle_shows_the_nine() -> None:
    for number, code in enumerate(assessments.APPENDIX):
        municipality = MunicipalityFactory(code=code, shares_aggregates=True)
        _team(municipality, f"Team {number}", [("amw", "core"), ("opbouwwerk", "core")])
    for code in circle_demo.NOT_SHARING:
        MunicipalityFactory(code=code)
    oldebroek = MunicipalityFactory(code=assessments.OLDEBROEK_CODE, name="Oldebroek")
    assessments.selfassessments_demo_load()
    assert circle_demo.circle_demo_load() == {"eenmeting": 3, "choices": 11}
    counts = (SelfAssessment.objects.count(), SharingChoice.objects.count())
    assert circle_demo.circle_demo_load() == {"eenmeting": 3, "choices": 0}
    assert (SelfAssessment.objects.count(), SharingChoice.objects.count()) == counts

    researcher = UserFactory(role=Role.RESEARCHER, municipality=oldebroek)
    view = selectors.circle_view(user=researcher)
    assert view.participation.municipalities == 9
    assert view.participation.municipalities_with_teams == 9
    assert [m.rounds for m in view.participation.listed] == [(True, True)] * 9
    assert view.comparison is not None and view.comparison.municipalities == 9
    assert [cell.count for cell in view.trend[0].cells] == [9, 9]
    amw = next(row for row in view.participation.disciplines if row.label.startswith("Algemeen"))
    assert (amw.teams, amw.municipalities) == (9, 9)
