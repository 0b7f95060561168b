"""The benchmark: the trade pipeline at research scale against the plain-DuckDB floor, in one run.

    python -m bench.run --rows 1000000 [--rows 10000000] [--repeats 20] [--out bench/out] [--default-run] [--spark]
        [--skip-pandas] [--skip-floor]

For each scale: (a) load the generated raw rows, (c) validate them in DuckDB, (b) dbt build of the trade models,
(d) publish, (e) dashboard queries on the published file; then (f) the floor: the same raw load and transformations
as plain SQL in DuckDB, the same suite on a pandas DataFrame, and one more year loaded, validated and built with the
years a Dagster year partition passes dbt. With --spark, the same dbt build on the `spark` target
too (local mode), timed beside DuckDB's. Prints a table per scale and the targets' ratios, and writes
bench/out/results_<rows>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
from pathlib import Path

from bench.generate import FIRST_YEAR, YEARS, write_rows
from bench.measure import PROJECT_ROOT, StageResult, as_json, as_table, run_stage
from bench.stages import RAW_TABLE
from orchestration.partitions import dbt_args, dbt_env

SEED = 20261123


def machine() -> dict:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def run_scale(rows: int, repeats: int, out: Path, spark: bool = False, pandas: bool = True, floor: bool = True) -> dict:
    load_at_start = round(os.getloadavg()[0], 2)  # the machine is shared: say how busy it was
    work = out / f"rows_{rows}"
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data"
    db = data / "warehouse" / "build.duckdb"
    db.parent.mkdir(parents=True)
    generated = write_rows(work / "parquet" / "base", rows, SEED, range(FIRST_YEAR, FIRST_YEAR + YEARS))
    # The new year arrives in a later payload, as a real refresh would.
    next_year = write_rows(
        work / "parquet" / "next_year", rows, SEED, range(FIRST_YEAR + YEARS, FIRST_YEAR + YEARS + 1), "2026-02-01"
    )

    results: list[StageResult] = []
    results.append(run_stage("load", str(db), str(work / "parquet" / "base" / "*.parquet")))
    results.append(run_stage("validate_sql", str(db)))
    results.append(run_stage("dbt_build", str(db), "--full-refresh"))
    results.append(run_stage("publish", str(data)))
    results.append(run_stage("queries", str(data / "published" / "warehouse.duckdb"), str(repeats)))
    if floor:
        floor_db = work / "floor.duckdb"
        shutil.copyfile(db, floor_db)
        results.append(run_stage("floor", str(floor_db), str(work / "parquet" / "base" / "*.parquet")))
    if spark:
        results.append(run_stage("dbt_build_spark", str(db), str(data / "lake")))
    if pandas:
        results.append(run_stage("validate_pandas", str(db)))
    added = run_stage("load", str(db), str(work / "parquet" / "next_year" / "*.parquet"))
    added.stage = "load (one more year)"
    results.append(added)
    incremental_validation = run_stage("validate_sql", str(db))
    incremental_validation.stage = "validate_sql (one more year)"
    results.append(incremental_validation)
    # As Dagster runs a year partition: the trade marts replace that year's periods (and the growth of the year after);
    # the seeds are those the full build loaded.
    new_year = range(FIRST_YEAR + YEARS, FIRST_YEAR + YEARS + 1)
    incremental = run_stage("dbt_build", str(db), *dbt_args(new_year, seeds_loaded=True), env=dbt_env(new_year))
    incremental.stage = "dbt_build (one more year)"
    results.append(incremental)

    failed = [r.stage for r in results if r.detail.get("success") is False]
    if failed:
        raise RuntimeError(f"validation failed in {failed}: the marts would be empty and the timings meaningless")
    by_stage = {r.stage: r for r in results}
    pipeline = sum(by_stage[s].seconds for s in ("load", "validate_sql", "dbt_build", "publish"))
    # One more year against the full build, each counting its load, validation and dbt build; publish is left out
    # of both, as it copies every mart whichever years changed.
    full_build = sum(by_stage[s].seconds for s in ("load", "validate_sql", "dbt_build"))
    one_more_year = sum(r.seconds for r in results[-3:])
    summary = {
        "rows_generated": generated,
        "rows_next_year": next_year,
        "full_pipeline_seconds": round(pipeline, 2),
        "pipeline_peak_memory_mib": max(
            by_stage[s].peak_memory_mib for s in ("load", "validate_sql", "dbt_build", "publish")
        ),
        "incremental_year_vs_full_build": round(one_more_year / full_build, 3),
        "incremental_dbt_build_vs_full": round(
            by_stage["dbt_build (one more year)"].seconds / by_stage["dbt_build"].seconds, 3
        ),
        "dashboard_query_p95_ms_worst": by_stage["queries"].detail["p95_ms_worst"],
        "load_average_1m_start_end": [load_at_start, round(os.getloadavg()[0], 2)],
    }
    if floor:
        summary["full_pipeline_vs_floor"] = round(pipeline / by_stage["floor"].seconds, 2)
        summary["transform_vs_floor"] = round(
            by_stage["dbt_build"].seconds / by_stage["floor"].detail["transform_seconds"], 2
        )
    if pandas:
        summary["validation_pandas_vs_duckdb"] = round(
            by_stage["validate_pandas"].seconds / by_stage["validate_sql"].seconds, 1
        )
    summary["targets_met"] = {
        "full_pipeline_vs_floor <= 1.5": summary["full_pipeline_vs_floor"] <= 1.5 if floor else None,
        "incremental_year_vs_full_build <= 0.10": summary["incremental_year_vs_full_build"] <= 0.10,
        "validation_pandas_vs_duckdb >= 10": summary["validation_pandas_vs_duckdb"] >= 10 if pandas else None,
        "dashboard_query_p95_ms_worst <= 50": summary["dashboard_query_p95_ms_worst"] <= 50,
    }
    if spark:
        # Spark's build includes exporting the raw tables to Parquet: a Spark user pays for it on every build.
        summary["spark_dbt_build_vs_duckdb"] = round(
            by_stage["dbt_build_spark"].seconds / by_stage["dbt_build"].seconds, 2
        )
        if floor:
            summary["spark_dbt_build_vs_floor"] = round(
                by_stage["dbt_build_spark"].seconds / by_stage["floor"].detail["transform_seconds"], 2
            )
    print(f"\n== {generated:,} generated rows of {RAW_TABLE} (+{next_year:,} for the incremental year)")
    print(as_table(results))
    for name, value in summary.items():
        print(f"{name:>34}: {value}")
    (out / f"results_{rows}.json").write_text(as_json(results, {"summary": summary, "machine": machine()}))
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, action="append", help="rows of Japan x partner x HS6 x year x flow (repeatable)"
    )
    parser.add_argument("--repeats", type=int, default=20, help="runs of each dashboard query")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "out")
    parser.add_argument(
        "--default-run", action="store_true", help="also time the offline default run (make run after install)"
    )
    parser.add_argument("--spark", action="store_true", help="also time the dbt build on the spark target (local mode)")
    parser.add_argument(
        "--skip-pandas", action="store_true", help="leave out the pandas validation (it holds every row in memory)"
    )
    parser.add_argument(
        "--skip-floor", action="store_true", help="leave out the plain-DuckDB floor (it repeats the whole transform)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.default_run:
        shutil.rmtree(args.out / "default_run", ignore_errors=True)
        result = run_stage("default_run", str(args.out / "default_run" / "data"))
        print(
            f"offline default run (make run after install): {result.seconds:.0f} s for {result.rows:,} published mart rows"
            f" (target: under 180 s), peak {result.peak_memory_mib:.0f} MiB"
        )
    scales = args.rows or ([] if args.default_run else [1_000_000])
    summaries = {
        rows: run_scale(rows, args.repeats, args.out, args.spark, not args.skip_pandas, not args.skip_floor)
        for rows in scales
    }
    (args.out / "summary.json").write_text(json.dumps({"machine": machine(), "scales": summaries}, indent=2))


if __name__ == "__main__":
    main()
