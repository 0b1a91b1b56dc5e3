"""Smoke test of the benchmark harness (bench/ at the repository root) on a tiny dataset."""

import json

import pytest
from bench.pages import percentile
from bench.run import run_all, summary

pytestmark = pytest.mark.django_db


def test_percentile():
    assert percentile([1.0], 95) == 1.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert percentile([0.0, 10.0], 95) == pytest.approx(9.5)


def test_runner_writes_the_figures(tmp_path):
    output = tmp_path / "bench.json"
    results = run_all(requests=4, scale="small", output=output, say=lambda message: None)
    written = json.loads(output.read_text())
    assert written == results
    page = written["team_overview"]
    for figure in ("p50_ms", "p95_ms", "floor_p95_ms", "ratio_p95", "queries", "rows", "database"):
        assert figure in page
    assert page["teams"] == 5 and page["members"] == 100
    assert page["teams_small"] == 2
    assert page["ratio_p95"] == pytest.approx(page["p95_ms"] / page["floor_p95_ms"], rel=0.01)
    assert written["generate_small"]["rows"] > 0
    assert summary(results)
