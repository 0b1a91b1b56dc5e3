"""Smoke test of the benchmark harness (bench/ at the repository root) on a tiny dataset."""

import json

import pytest
from bench.pages import percentile
from bench.run import BENCHMARKS, main, run_all, summary

from wijkkompas.demo.generator import CASE_SCALES

pytestmark = pytest.mark.django_db


def test_percentile():
    assert percentile([1.0], 95) == 1.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert percentile([0.0, 10.0], 95) == pytest.approx(9.5)


def test_runner_writes_the_figures(tmp_path):
    output = tmp_path / "bench.json"
    results = run_all(requests=4, warmup=1, scale="small", output=output, say=lambda m: None)
    written = json.loads(output.read_text())
    assert written == results
    assert set(BENCHMARKS) | {"generate_small"} == set(written)
    for name in ("team_overview", "worklist", "resident_page"):
        page = written[name]
        for figure in (
            "p50_ms",
            "p95_ms",
            "floor_p95_ms",
            "ratio_p95",
            "queries",
            "queries_small",
            "rows",
            "meets_target",
            "database",
        ):
            assert figure in page, (name, figure)
        assert page["ratio_p95"] == pytest.approx(page["p95_ms"] / page["floor_p95_ms"], rel=0.01)
    overview = written["team_overview"]
    assert overview["teams"] == 5 and overview["members"] == 100
    assert overview["teams_small"] == 2

    small = CASE_SCALES["small"]
    worklist = written["worklist"]
    assert worklist["conversations"] == small.conversations
    assert worklist["conversations_small"] == small.growth_from
    assert worklist["items"] > 0
    # Query counts do not depend on the data size.
    assert worklist["queries"] == worklist["queries_small"]
    assert not worklist["queries_grow"]
    resident = written["resident_page"]
    assert resident["queries_same_resident"] == resident["queries_small"]
    assert not resident["queries_grow"]
    assert resident["assessments_each"][0] >= 2
    growth = written["worklist_growth"]
    assert growth["growth_p95"] == pytest.approx(
        growth["p95_ms"] / growth["p95_small_ms"], rel=0.01
    )
    assert growth["conversations"] == small.conversations
    generated = written["generate_small"]
    assert generated["counts"]["conversations"] == small.conversations
    assert generated["rows"] == sum(generated["counts"].values())
    assert summary(results)


def test_only_one_benchmark_keeps_the_other_entries(tmp_path):
    output = tmp_path / "bench.json"
    output.write_text(json.dumps({"resident_page": {"kept": True}}))
    assert (
        main(
            [
                "--scale",
                "small",
                "--requests",
                "2",
                "--only",
                "team_overview",
                "--output",
                str(output),
            ]
        )
        == 0
    )
    written = json.loads(output.read_text())
    assert written["resident_page"] == {"kept": True}
    assert "team_overview" in written
    # Without a case benchmark no case data is generated (and no generate_ entry written).
    assert "generate_small" not in written
