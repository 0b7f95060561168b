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
        "validation_pandas_vs_duckdb",
        "dashboard_query_p95_ms_worst",
        "pipeline_peak_memory_mib",
        "spark_dbt_build_vs_duckdb",
    ):
        assert summary[figure] > 0, figure
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
    }
    assert all(s["success"] for s in written["stages"] if "success" in s)  # generated rows pass the real suite
