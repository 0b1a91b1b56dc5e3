"""The test factories' area codes never clash with a code a test wrote by hand."""

from __future__ import annotations

import pytest

from wijkkompas.areas.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)

pytestmark = pytest.mark.django_db


def test_a_hand_written_code_is_skipped_when_the_sequence_reaches_it():
    gm = MunicipalityFactory(code="GM0269")
    district = DistrictFactory(municipality=gm, code="WK026901")
    NeighbourhoodFactory(district=district, code="BU02690101")
    DistrictFactory.reset_sequence(1)
    NeighbourhoodFactory.reset_sequence(1)
    other = DistrictFactory(municipality=gm)
    assert other.code == "WK026902"
    assert NeighbourhoodFactory(district=district).code == "BU02690102"
