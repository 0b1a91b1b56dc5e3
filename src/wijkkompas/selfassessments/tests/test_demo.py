"""The demo's self-assessment rounds follow appendix 1 and load idempotently."""

from __future__ import annotations

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.demo import selfassessments_demo as demo
from wijkkompas.selfassessments import selectors
from wijkkompas.selfassessments.models import MeasurementRound, SelfAssessment, SelfAssessmentAnswer

pytestmark = pytest.mark.django_db


def test_demo_rounds_show_the_appendix_schema() -> None:
    for code in demo.APPENDIX:
        MunicipalityFactory(code=code, shares_aggregates=True)
    oldebroek = MunicipalityFactory(code=demo.OLDEBROEK_CODE, name="Oldebroek")
    first = demo.selfassessments_demo_load()
    assert first == {"nulmeting": 9, "eenmeting": 6}
    counts = (SelfAssessment.objects.count(), SelfAssessmentAnswer.objects.count())
    demo.selfassessments_demo_load()
    assert (SelfAssessment.objects.count(), SelfAssessmentAnswer.objects.count()) == counts

    researcher = UserFactory(role=Role.RESEARCHER, municipality=oldebroek)
    nulmeting = MeasurementRound.objects.get(name="Nulmeting 2014")
    result = selectors.comparison(user=researcher, measurement_round=nulmeting)
    assert result.municipalities == 9  # Oldebroek does not share
    for distribution in result.distributions:
        assert distribution.reality == demo.DISTRIBUTION[distribution.question.code]
    realities = demo._nulmeting_realities()
    for (code, question), point in demo.NAMED.items():
        assert realities[code][question] == point
    officer = UserFactory(role=Role.POLICY_OFFICER, municipality=oldebroek)
    own = selectors.comparison(user=officer, measurement_round=nulmeting)
    assert own.municipalities == 10 and own.own_included
    trend = selectors.trend(user=officer)
    assert [cell.count for cell in trend[0].cells] == [10, 6]  # Oldebroek's éénmeting: draft
