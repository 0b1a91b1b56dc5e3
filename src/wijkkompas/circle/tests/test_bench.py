"""Smoke test of ``bench/knowledge_circle.py`` on a tiny set of generated municipalities:
it counts 11 sharing municipalities, does not grow in queries and puts everything back."""

from __future__ import annotations

from typing import Any

import pytest
from bench import knowledge_circle

from wijkkompas.areas.models import Municipality
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.circle.tests.conftest import _team
from wijkkompas.selfassessments.models import MeasurementRound

pytestmark = pytest.mark.django_db


def test_bench_runs_over_eleven_and_restores(circle: Any) -> None:
    generated: list[Any] = [
        MunicipalityFactory(code=f"GM{8001 + i}", shares_aggregates=i % 2 == 0) for i in range(13)
    ]
    for i, municipality in enumerate(generated):
        _team(municipality, f"Team {i}", [("amw", "core"), ("mee", "outer")])
    before = set(Municipality.objects.filter(shares_aggregates=True).values_list("pk", flat=True))
    rounds = MeasurementRound.objects.count()
    result = knowledge_circle.run(
        large=generated[0], small=generated[1], requests=3, warmup=1, log=lambda m: None
    )
    assert result["municipalities"] == 11 and result["teams"] == 11
    assert result["queries"] == result["queries_small"] and not result["queries_grow"]
    assert result["queries_kept"] < result["queries"]
    assert "ratio_p95" in result and "computed" in result
    after = set(Municipality.objects.filter(shares_aggregates=True).values_list("pk", flat=True))
    assert after == before
    assert MeasurementRound.objects.count() == rounds
