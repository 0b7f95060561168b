"""A tiny-scale run of the benchmark, so it cannot rot: every stage runs and the summary has every figure."""

from __future__ import annotations

import json

from bench.run import run_scale


def test_benchmark_runs_end_to_end_at_tiny_scale(tmp_path):
    summary = run_scale(rows=3000, repeats=2, out=tmp_path, spark=True)
    assert summary["rows_generated"] > 2000 and summary["rows_next_year"] > 0
    for figure in (
        "transform_vs_floor",
        "full_pipeline_vs_floor",
        "incremental_year_vs_full_build",
        "incremental_dbt_build_vs_full",
        "validation_pandas_vs_duckdb",
        "dashboard_query_p95_ms_worst",
        "pipeline_peak_memory_mib",
        "spark_dbt_build_vs_duckdb",
    ):
        assert summary[figure] > 0, figure
    # the four targets, each judged in the same run
    assert set(summary["targets_met"]) == {
        "full_pipeline_vs_floor <= 1.5",
        "incremental_year_vs_full_build <= 0.10",
        "validation_pandas_vs_duckdb >= 10",
        "dashboard_query_p95_ms_worst <= 50",
    }
    assert len(summary["load_average_1m_start_end"]) == 2
    written = json.loads((tmp_path / "results_3000.json").read_text())
    assert {s["stage"] for s in written["stages"]} >= {
        "load",
        "validate_sql",
        "dbt_build",
        "publish",
        "queries",
        "floor",
        "validate_pandas",
        "dbt_build_spark",
        "dbt_build (one more year)",
    }
    (floor,) = (s for s in written["stages"] if s["stage"] == "floor")
    # the floor times the raw load and the transformations, each reported
    assert 0 < floor["detail"]["transform_seconds"] < floor["seconds"]
    validations = [s["detail"]["success"] for s in written["stages"] if "success" in s["detail"]]
    assert len(validations) == 3 and all(validations)  # generated rows pass the real suite
