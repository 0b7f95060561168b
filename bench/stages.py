"""Benchmark stages, each run in its own process by bench/run.py; each prints one JSON line: rows, seconds, peak memory.

python -m bench.stages <stage> <args...>
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from orchestration import lake, publish, raw, validation
from orchestration.payloads import checked_sha256, read_snapshot
from orchestration.settings import DBT_PROJECT_DIR, SNAPSHOT_DIR, Settings, load_settings
from orchestration.sources import all_datasets, worldbank
from orchestration.sources.estat import files as estat_files
from orchestration.warehouse import scalar

RAW_TABLE = "comtrade__goods"
# The trade models: everything the trade marts are built from, and the marts themselves. Two kinds of test are
# left out because they describe the real snapshot, not generated rows: the expected rows per period, and the HS code
# relationships to dim_product (generated codes are not real HS codes).
TRADE_SELECTOR = "+path:models/marts/trade"
EXCLUDED_TESTS = [
    "--exclude",
    "test_name:closed_periods_keep_their_rows",
    "test_name:closed_period_row_counts_unchanged",
    "test_name:relationships",
]
DBT = str(Path(sys.executable).parent / "dbt")


def peak_memory_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def report(rows: int, seconds: float, **detail) -> None:
    print(
        json.dumps(
            {"rows": rows, "seconds": round(seconds, 3), "peak_memory_mib": round(peak_memory_mib(), 1), **detail}
        )
    )


def raw_rows(con) -> int:
    return scalar(con, f"select count(*) from raw.{RAW_TABLE}")


def load(db: str, parquet_glob: str) -> None:
    """Load generated Parquet into the raw table with DuckDB's reader, and log each 'payload' as pending."""
    started = time.perf_counter()
    con = duckdb.connect(db)
    raw.ensure_schema(con)
    source = f"read_parquet('{parquet_glob}')"
    con.execute(f"create table if not exists raw.{RAW_TABLE} as select * from {source} limit 0")
    before = raw_rows(con)
    con.execute(f"insert into raw.{RAW_TABLE} by name select * from {source}")
    con.execute(
        f"""insert into raw.load_log (load_id, source, dataset, raw_table, payload_sha256, source_url, retrieved_at, vintage, row_count)
        select any_value(load_id), 'comtrade', 'goods', '{RAW_TABLE}', payload_sha256, any_value(source_url),
               any_value(retrieved_at), any_value(vintage), count(*)
        from {source} group by payload_sha256"""
    )
    loaded = raw_rows(con) - before
    seconds = time.perf_counter() - started
    _load_real_inputs(con)
    con.close()
    report(loaded, seconds)


def _load_real_inputs(con) -> None:
    """What the trade models read besides the generated Comtrade rows, not timed: the real snapshot's yen rates, US
    deflator and Japan's customs figures; the live-only tables, empty, as an offline run has them."""
    for dataset in all_datasets():
        if dataset.live_only_schema is not None:
            raw.ensure_empty_table(con, dataset.raw_table, dataset.live_only_schema)
        elif dataset in (worldbank.INDICATORS, estat_files.AREA_COMMODITY):
            for payload in read_snapshot(SNAPSHOT_DIR, dataset.source, dataset.dataset):
                result = raw.load_payload_rows(
                    con, dataset.raw_table, dataset.source, payload, dataset.parse(payload), "bench"
                )
                raw.record_validation(con, dataset.raw_table, [result.payload_sha256], True, "snapshot payload")


def _pending(con) -> list[str]:
    return [
        sha
        for (sha,) in con.execute(
            "select payload_sha256 from raw.load_log where raw_table = ? and validation_status = 'pending'", [RAW_TABLE]
        ).fetchall()
    ]


def validate_sql(db: str) -> None:
    """The suite the pipeline runs, pushed down into DuckDB; marks the pending loads with the outcome."""
    con = duckdb.connect(db)
    pending = _pending(con)
    in_list = ", ".join(f"'{checked_sha256(sha)}'" for sha in pending)
    query = f"select * from raw.{RAW_TABLE} where payload_sha256 in ({in_list})"
    rows = scalar(con, f"select count(*) from ({query})")
    con.close()
    started = time.perf_counter()
    outcome = validation.validate_query(
        RAW_TABLE, Path(db), query, memory_limit=load_settings().validation_memory_limit
    )
    seconds = time.perf_counter() - started
    con = duckdb.connect(db)
    raw.record_validation(con, RAW_TABLE, pending, outcome.success, outcome.summary())
    con.close()
    report(rows, seconds, success=outcome.success, summary=outcome.summary()[:300])


def validate_pandas(db: str) -> None:
    """The same suite on a pandas DataFrame of the same rows (the pull into pandas is part of that path)."""
    started = time.perf_counter()
    con = duckdb.connect(db, read_only=True)
    frame = con.execute(f"select * from raw.{RAW_TABLE}").df()
    con.close()
    outcome = validation.validate_dataframe(RAW_TABLE, frame)
    report(len(frame), time.perf_counter() - started, success=outcome.success)


def _build_trade_models(env: dict[str, str], *flags: str) -> None:
    """`dbt build` of the trade models and their tests (the benchmark's selection), quietly."""
    command = [DBT, "build", *flags, "--select", TRADE_SELECTOR, *EXCLUDED_TESTS, "--quiet"]
    command += ["--profiles-dir", str(DBT_PROJECT_DIR), "--project-dir", str(DBT_PROJECT_DIR)]
    subprocess.run(command, check=True, env=env)


def dbt_build(db: str, *flags: str) -> None:
    env = {**os.environ, "JTDW_BUILD_DB": db, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    started = time.perf_counter()
    _build_trade_models(env, *flags)
    seconds = time.perf_counter() - started
    con = duckdb.connect(db, read_only=True)
    rows = raw_rows(con)
    con.close()
    report(rows, seconds)


def dbt_build_spark(db: str, lake_dir: str) -> None:
    """The same dbt build on the `spark` target (local mode): the raw tables exported to Parquet, then dbt."""
    settings = Settings(data_dir=Path(db).parent.parent)
    env = {**os.environ, "JTDW_BUILD_DB": db, "JTDW_LAKE_DIR": lake_dir, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    started = time.perf_counter()
    lake.export_raw_tables(settings)
    exported = time.perf_counter() - started
    _build_trade_models(env, "--target", "spark", "--target-path", "target/spark")
    seconds = time.perf_counter() - started
    con = duckdb.connect(db, read_only=True)
    rows = raw_rows(con)
    con.close()
    report(rows, seconds, raw_export_seconds=round(exported, 3))


def floor(db: str, parquet_glob: str) -> None:
    """The same job as plain SQL straight in DuckDB: the raw Parquet read into the raw table, then dbt's compiled SQL
    of each trade model (staging and intermediate views, mart tables), in DAG order, with dbt's memory limit.

    Left out: validation, dbt's tests, contracts (declared types and not-null checks), the run's bookkeeping and the
    publish copy; the floor is what the transformations cost with no framework around them.
    """
    env = {**os.environ, "JTDW_BUILD_DB": db, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    project = ["--profiles-dir", str(DBT_PROJECT_DIR), "--project-dir", str(DBT_PROJECT_DIR)]
    listed = subprocess.run(
        [
            DBT,
            "ls",
            "--select",
            TRADE_SELECTOR,
            "--resource-type",
            "model",
            "--output",
            "json",
            "--output-keys",
            "unique_id",
            *project,
            "--quiet",
        ],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    selected = [json.loads(line)["unique_id"] for line in listed.stdout.splitlines() if line.startswith("{")]
    # --full-refresh: incremental models compile to their full build, as the plain-SQL floor runs them.
    subprocess.run(
        [DBT, "compile", "--select", TRADE_SELECTOR, "--full-refresh", *project, "--quiet"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    nodes = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())["nodes"]
    order = _topological(selected, nodes)
    con = duckdb.connect(db)
    con.execute(f"set memory_limit = '{os.environ.get('JTDW_DBT_MEMORY_LIMIT', '3GB')}'")  # as dbt's profile sets it
    started = time.perf_counter()
    con.execute(f"create or replace table raw.{RAW_TABLE} as select * from read_parquet('{parquet_glob}')")
    loaded = time.perf_counter() - started
    for uid in order:  # seeds are not selected: dbt loaded them already and the floor reuses them
        node = nodes[uid]
        relation = f'"{node["schema"]}"."{node["alias"]}"'
        kind = "view" if node["config"]["materialized"] == "view" else "table"
        con.execute(f'create schema if not exists "{node["schema"]}"')
        con.execute(f"create or replace {kind} {relation} as {node['compiled_code']}")
    seconds = time.perf_counter() - started
    rows = raw_rows(con)
    con.close()
    report(
        rows, seconds, models=len(order), load_seconds=round(loaded, 3), transform_seconds=round(seconds - loaded, 3)
    )


def _topological(selected: list[str], nodes: dict) -> list[str]:
    ordered, seen = [], set()

    def visit(uid: str) -> None:
        if uid in seen or uid not in nodes:
            return
        seen.add(uid)
        for parent in nodes[uid]["depends_on"]["nodes"]:
            if parent in selected:
                visit(parent)
        ordered.append(uid)

    for uid in selected:
        visit(uid)
    return ordered


def publish_stage(data_dir: str) -> None:
    settings = Settings(data_dir=Path(data_dir))
    started = time.perf_counter()
    record = publish.publish(settings, "bench")
    report(sum(record["row_counts"].values()), time.perf_counter() - started, release=record["release"])


def default_run(data_dir: str) -> None:
    """What `make run` does after the install: the whole offline pipeline, dashboards included, on a fresh data dir."""
    data = Path(data_dir)
    home = data / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text((DBT_PROJECT_DIR.parent / "orchestration" / "dagster.yaml").read_text())
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "orchestration.runs", "build_everything"],
        check=True,
        env={**os.environ, "JTDW_DATA_DIR": str(data), "DAGSTER_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    con = duckdb.connect(str(data / "published" / "warehouse.duckdb"), read_only=True)
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    ]
    rows = sum(scalar(con, f"select count(*) from marts.{t}") for t in tables)
    con.close()
    report(rows, seconds)


def queries(published_db: str, repeats: str) -> None:
    """Typical dashboard queries on the published file, each run `repeats` times on a fresh read-only connection."""
    from bench.dashboard_queries import QUERIES

    timings = {}
    rows = 0
    started = time.perf_counter()
    for name, sql in QUERIES.items():
        samples = []
        for _ in range(int(repeats)):
            con = duckdb.connect(published_db, read_only=True)
            begin = time.perf_counter()
            rows += len(con.execute(sql).fetchall())
            samples.append((time.perf_counter() - begin) * 1000)
            con.close()
        samples.sort()
        timings[name] = {
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 2),
        }
    report(
        rows, time.perf_counter() - started, queries=timings, p95_ms_worst=max(t["p95_ms"] for t in timings.values())
    )


STAGES: dict[str, Callable[..., None]] = {
    "load": load,
    "validate_sql": validate_sql,
    "validate_pandas": validate_pandas,
    "dbt_build": dbt_build,
    "dbt_build_spark": dbt_build_spark,
    "floor": floor,
    "publish": publish_stage,
    "queries": queries,
    "default_run": default_run,
}

if __name__ == "__main__":
    STAGES[sys.argv[1]](*sys.argv[2:])
