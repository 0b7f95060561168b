"""Write-audit-publish: copy the validated marts into a new read-only file and swap it in atomically.

Readers (BI tools, notebooks, the dashboards) open `<data>/published/warehouse.duckdb`. A publish writes a complete
release file under `releases/`, then replaces `warehouse.duckdb` with one `rename`: a reader holding the old file
keeps reading it, a new reader gets the new one, nobody sees a half-written table. Every publish appends its record
(run id, row counts, source vintages: each passed its Great Expectations suite, and the dbt build tested it) to
`publish_log.jsonl`; `rollback` restores the previous release. Whether to publish is Dagster's call: the asset that
publishes runs only when no blocking check upstream of it failed (orchestration/assets/serving.py).
Published files are read-only on disk; releases beyond the newest `JTDW_RELEASES_KEEP` publishes are deleted.
Publish and rollback hold the writer lock, so they never interleave with each other or with a build.

The marts and reference tables come from the DuckDB build file, or, after a Spark build, from the Parquet lake the
Spark build wrote (orchestration/lake.py): the published file is the same either way.

Usage: python -m orchestration.publish {list,rollback}
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import lake
from orchestration.dbt_project import DBT_PROJECT
from orchestration.settings import (
    PUBLISH_MEMORY_LIMIT_ENV,
    RELEASES_KEEP_ENV,
    Settings,
    checked_memory_size,
    load_settings,
)
from orchestration.warehouse import checked_identifier, scalar, writer_lock

# Storage version DuckDB 1.1+ readers open (Evidence's Node bindings, most BI drivers); DuckDB 2.0 writes 2.0 by default.
PUBLISHED_STORAGE_VERSION = "v1.1.0"
PUBLISHED_SCHEMAS = ("marts", "reference")
LOG_NAME = "publish_log.jsonl"
READ_ONLY = 0o444


def _releases_dir(settings: Settings) -> Path:
    return settings.published_dir / "releases"


def _log_path(settings: Settings) -> Path:
    return settings.published_dir / LOG_NAME


def read_log(settings: Settings) -> list[dict]:
    path = _log_path(settings)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _swap_in(settings: Settings, release: Path) -> None:
    """Atomically make `release` the published file (copy beside it, read-only, then rename over it)."""
    staging = settings.published_db.with_suffix(".duckdb.incoming")
    staging.unlink(missing_ok=True)  # a read-only leftover of an interrupted swap
    shutil.copyfile(release, staging)
    staging.chmod(READ_ONLY)
    os.replace(staging, settings.published_db)


def prune_releases(settings: Settings) -> list[str]:
    """Delete the release files of all but the newest `settings.releases_kept` publishes; the published one stays.
    Called after a publish has been logged."""
    log = read_log(settings)
    publishes = [entry["release"] for entry in log if "rolled_back_from" not in entry]
    keep = {*publishes[-settings.releases_kept :], log[-1]["release"]}
    pruned = sorted(path.name for path in _releases_dir(settings).glob("*.duckdb") if path.name not in keep)
    for name in pruned:
        (_releases_dir(settings) / name).unlink()
    return pruned


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _build_tables(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, str]:
    """The schema's tables in the attached build file, as `name: select statement`."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_catalog = 'build'"
        " and table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [schema],
    ).fetchall()
    return {table: f"select * from build.{schema}.{checked_identifier(table)}" for (table,) in tables}


def _documented_columns() -> dict[tuple[str, str], list[tuple[str, str | None]]]:
    """Each model's and seed's columns as dbt documents them, (schema, name) -> [(column, declared type)]."""
    manifest = json.loads(DBT_PROJECT.manifest_path.read_text())
    return {
        (node["schema"], node["name"]): [(name, column.get("data_type")) for name, column in node["columns"].items()]
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed")
    }


def _lake_tables(con: duckdb.DuckDBPyConnection, lake_dir: Path, schema: str) -> dict[str, str]:
    """The schema's tables in the Parquet lake, as `name: select statement`, in the columns' documented order and
    declared types where dbt documents every column (a partition column comes back from a folder name; a table
    without rows may have no file to read its columns from)."""
    documented = _documented_columns()
    statements = {}
    for folder in sorted((lake_dir / f"{schema}.db").glob("*/")):
        table = checked_identifier(folder.name)
        declared = documented.get((schema, table), [])
        if not lake.has_files(lake_dir, schema, table):
            statements[table] = lake.read_lake_table(lake_dir, schema, table, declared)
            continue
        found = [row[0] for row in con.execute(lake.read_lake_table(lake_dir, schema, table, None)).description]
        columns = (
            declared if sorted(name for name, _ in declared) == sorted(found) else [(name, None) for name in found]
        )
        statements[table] = lake.read_lake_table(lake_dir, schema, table, columns)
    return statements


def publish(settings: Settings, run_id: str, *, engine: str = "duckdb") -> dict:
    """Copy the published schemas of the build (DuckDB's build file, or the lake a Spark build wrote) into a new
    release file and swap it in."""
    with writer_lock(settings.build_db, settings.writer_lock_timeout_s):
        return _publish(settings, run_id, engine)


def _publish(settings: Settings, run_id: str, engine: str) -> dict:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    releases = _releases_dir(settings)
    releases.mkdir(parents=True, exist_ok=True)
    release = releases / f"{stamp}_{re.sub(r'[^A-Za-z0-9-]', '', run_id)[:36] or 'manual'}.duckdb"
    partial = release.with_suffix(".partial")
    partial.unlink(missing_ok=True)

    con = _copying_connection(settings)
    try:
        con.execute(f"attach '{_quoted(settings.build_db)}' as build (read_only)")
        con.execute(f"attach '{_quoted(partial)}' as release (storage_version '{PUBLISHED_STORAGE_VERSION}')")
        row_counts = {}
        for schema in PUBLISHED_SCHEMAS:
            tables = _lake_tables(con, settings.lake_dir, schema) if engine == "spark" else _build_tables(con, schema)
            if tables:
                con.execute(f"create schema release.{checked_identifier(schema)}")
            for table, select in tables.items():
                name = f"{checked_identifier(schema)}.{checked_identifier(table)}"
                con.execute(f"create table release.{name} as {select}")
                row_counts[name] = scalar(con, f"select count(*) from release.{name}")
        vintages = con.execute(
            "select raw_table, max(vintage)::varchar, count(*), count(dbt_tested_at) from build.raw.load_log"
            " where validation_status = 'passed' group by raw_table order by raw_table"
        ).fetchall()
        record = {
            "published_at": datetime.now(UTC).isoformat(),
            "run_id": run_id,
            "release": release.name,
            "storage_version": PUBLISHED_STORAGE_VERSION,
            "engine": engine,
            "row_counts": row_counts,
            "source_vintages": {
                t: {"latest_vintage": v, "validated_payloads": n, "dbt_tested_payloads": tested}
                for t, v, n, tested in vintages
            },
        }
        con.execute("create schema release.meta")
        con.execute("create table release.meta.publish_record as select ?::json as record", [json.dumps(record)])
        con.execute(
            "create table release.meta.load_log as"
            " select * exclude (payload_path) from build.raw.load_log where validation_status = 'passed'"
        )
        con.execute("detach release")
    finally:
        con.close()
    partial.rename(release)
    release.chmod(READ_ONLY)
    _swap_in(settings, release)
    with _log_path(settings).open("a") as log:
        log.write(json.dumps(record) + "\n")
    record["pruned_releases"] = prune_releases(settings)
    return record


def _copying_connection(settings: Settings) -> duckdb.DuckDBPyConnection:
    """An in-memory connection for the copy, under `Settings.publish_memory_limit`: DuckDB's default (80% of the
    machine) let the copy of 300M rows take 14 GiB; limited, it spills to the build file's folder."""
    limit = checked_memory_size(settings.publish_memory_limit, PUBLISH_MEMORY_LIMIT_ENV)
    spill = settings.build_db.parent / "publish_spill"
    return duckdb.connect(config={"memory_limit": limit, "temp_directory": str(spill)})


def rollback(settings: Settings) -> dict:
    """Re-publish the release published before the current one (repeat to go further back).

    The rollback is logged as a publish of its own, marked `rolled_back_from`.
    """
    with writer_lock(settings.build_db, settings.writer_lock_timeout_s):
        return _rollback(settings)


def _rollback(settings: Settings) -> dict:
    log = read_log(settings)
    releases = [entry for entry in log if "rolled_back_from" not in entry]  # each publish made a new release
    names = [entry["release"] for entry in releases]
    current = log[-1]["release"] if log else None
    if current not in names or names.index(current) == 0:
        raise RuntimeError("nothing to roll back to: no release was published before the current one")
    previous = releases[names.index(current) - 1]
    if not (_releases_dir(settings) / previous["release"]).exists():
        raise RuntimeError(
            f"nothing to roll back to: the release before the current one ({previous['release']}) was pruned"
            f" ({RELEASES_KEEP_ENV}={settings.releases_kept})"
        )
    _swap_in(settings, _releases_dir(settings) / previous["release"])
    record = dict(previous, published_at=datetime.now(UTC).isoformat(), rolled_back_from=current)
    with _log_path(settings).open("a") as handle:
        handle.write(json.dumps(record) + "\n")
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m orchestration.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["list", "rollback"])
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.command == "list":
        for entry in read_log(settings):
            counts = ", ".join(f"{k}={v}" for k, v in entry["row_counts"].items())
            note = f" (rollback of {entry['rolled_back_from']})" if "rolled_back_from" in entry else ""
            print(f"{entry['published_at']}  {entry['release']}  run={entry['run_id']}  {counts}{note}")
    else:
        try:
            record = rollback(settings)
        except RuntimeError as exc:  # nothing to roll back to, or a run is writing: one line, not a traceback
            raise SystemExit(f"rollback: {exc}") from None
        print(f"published {record['release']} again (was {record['rolled_back_from']})")


if __name__ == "__main__":
    main()
