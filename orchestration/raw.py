"""Raw layer: parsed payload rows, as the source sent them, plus provenance; one table per source dataset.

A payload is a vintage, identified by its checksum: loading the same bytes twice leaves one copy, different bytes
are a new vintage even on the same day (ordered by retrieval time). Every load is logged in `raw.load_log` with its
status: `pending` (loaded), `passed` (Great Expectations passed; staging reads only these), `quarantined` (a check
failed: the reason is in `validation_detail`; see orchestration/quarantine.py) or `dropped` (rows deleted by an
operator, the payload kept in the archive). `dbt_tested_at` is set once a dbt build passed with the vintage in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from orchestration.errors import SourceError
from orchestration.payloads import Payload
from orchestration.warehouse import checked_identifier, scalar

PROVENANCE_COLUMNS = {
    "source": "VARCHAR",
    "source_url": "VARCHAR",
    "retrieved_at": "TIMESTAMPTZ",
    "vintage": "DATE",
    "payload_sha256": "VARCHAR",
    "payload_path": "VARCHAR",
    "load_id": "VARCHAR",
}

LOAD_LOG_DDL = """
create table if not exists raw.load_log (
    load_id varchar, source varchar, dataset varchar, raw_table varchar, payload_sha256 varchar,
    payload_path varchar, source_url varchar, retrieved_at timestamptz, vintage date, row_count bigint,
    loaded_at timestamptz default current_timestamp, validation_status varchar default 'pending',
    validation_detail varchar, dbt_tested_at timestamptz, primary key (raw_table, payload_sha256)
)
"""
PASSED, QUARANTINED, DROPPED = "passed", "quarantined", "dropped"


@dataclass(frozen=True)
class LoadResult:
    payload_sha256: str
    rows: int
    newly_loaded: bool


def _duckdb_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(series):
        return "BIGINT"
    if pd.api.types.is_float_dtype(series):
        return "DOUBLE"
    return "VARCHAR"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute(LOAD_LOG_DDL)
    has_tested_column = scalar(
        con,
        "select count(*) from information_schema.columns"
        " where table_schema = 'raw' and table_name = 'load_log' and column_name = 'dbt_tested_at'",
    )
    if not has_tested_column:
        # A load log from before quarantine: its passed vintages were built and published, so they count as tested;
        # its failed ones are quarantined (re-validating them on every run is what used to wedge the schedule).
        con.execute("alter table raw.load_log add column dbt_tested_at timestamptz")
        con.execute("update raw.load_log set dbt_tested_at = loaded_at where validation_status = ?", [PASSED])
        con.execute("update raw.load_log set validation_status = ? where validation_status = 'failed'", [QUARANTINED])


def ensure_empty_table(con: duckdb.DuckDBPyConnection, raw_table: str, columns: dict[str, str]) -> None:
    """The raw table of a live-only dataset, created with no rows when no payload has been loaded yet."""
    ensure_schema(con)
    ddl = ", ".join(f"{checked_identifier(name)} {dtype}" for name, dtype in {**columns, **PROVENANCE_COLUMNS}.items())
    con.execute(f"create table if not exists raw.{checked_identifier(raw_table)} ({ddl})")


def load_payload_rows(
    con: duckdb.DuckDBPyConnection, raw_table: str, source: str, payload: Payload, frame: pd.DataFrame, load_id: str
) -> LoadResult:
    table = f"raw.{checked_identifier(raw_table)}"
    sha = payload.origin.sha256
    ensure_schema(con)
    already = con.execute(
        "select row_count from raw.load_log where raw_table = ? and payload_sha256 = ?", [raw_table, sha]
    ).fetchone()
    if already:
        return LoadResult(sha, already[0], newly_loaded=False)

    columns = {checked_identifier(c): _duckdb_type(frame[c]) for c in frame.columns}
    columns.update(PROVENANCE_COLUMNS)
    existing = con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = ? order by ordinal_position",
        [raw_table],
    ).fetchall()
    if existing and [c for c, _ in existing] != list(columns):
        raise SourceError(
            source,
            f"schema drift in {table}: table has {[c for c, _ in existing]}, payload gives {list(columns)}",
            payload.ref,
        )
    rows = frame.assign(
        source=source,
        source_url=payload.origin.url,
        retrieved_at=pd.Timestamp(payload.origin.retrieved_at),
        vintage=payload.origin.vintage,
        payload_sha256=sha,
        payload_path=str(payload.path) if payload.path else None,
        load_id=load_id,
    )
    con.execute("begin transaction")
    try:
        if not existing:
            ddl = ", ".join(f"{name} {dtype}" for name, dtype in columns.items())
            con.execute(f"create table {table} ({ddl})")
        con.register("incoming_rows", rows)
        con.execute(f"insert into {table} select {', '.join(columns)} from incoming_rows")
        con.unregister("incoming_rows")
        con.execute(
            "insert into raw.load_log (load_id, source, dataset, raw_table, payload_sha256, payload_path, source_url,"
            " retrieved_at, vintage, row_count) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                source,
                payload.origin.dataset,
                raw_table,
                sha,
                str(payload.path) if payload.path else None,
                payload.origin.url,
                payload.origin.retrieved_at,
                payload.origin.vintage,
                len(rows),
            ],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return LoadResult(sha, len(rows), newly_loaded=True)


def judged_out(con: duckdb.DuckDBPyConnection, raw_table: str, shas: list[str]) -> set[str]:
    """The payloads among `shas` already quarantined or dropped: a later run does not validate or use them again."""
    rows = con.execute(
        "select payload_sha256 from raw.load_log where raw_table = ? and list_contains(?, payload_sha256)"
        " and validation_status in (?, ?)",
        [raw_table, shas, QUARANTINED, DROPPED],
    ).fetchall()
    return {sha for (sha,) in rows}


def unjudged(con: duckdb.DuckDBPyConnection, raw_table: str, shas: list[str]) -> list[str]:
    """The payloads among `shas` no check has judged yet (loaded by this run, or by one that stopped before its
    validation), in order. Fetching a judged vintage again is a no-op: validating it again with a bad new payload would
    quarantine a good vintage the marts stand on, and every later run would fail for want of it."""
    pending = {
        sha
        for (sha,) in con.execute(
            "select payload_sha256 from raw.load_log where raw_table = ? and list_contains(?, payload_sha256)"
            " and validation_status = 'pending'",
            [raw_table, shas],
        ).fetchall()
    }
    return [sha for sha in dict.fromkeys(shas) if sha in pending]


def record_validation(
    con: duckdb.DuckDBPyConnection, raw_table: str, shas: list[str], passed: bool, detail: str
) -> None:
    """Great Expectations' verdict on this run's payloads: passed, or quarantined with the failed expectations."""
    con.execute(
        "update raw.load_log set validation_status = ?, validation_detail = ? where raw_table = ? and list_contains(?, payload_sha256)",
        [PASSED if passed else QUARANTINED, detail if passed else f"Great Expectations: {detail}", raw_table, shas],
    )


def quarantine_untested(con: duckdb.DuckDBPyConnection, raw_tables: list[str], reason: str) -> list[tuple[str, str]]:
    """Quarantine the passed vintages of `raw_tables` that no dbt build has passed with yet, where an older tested
    vintage exists to fall back to (on a first build a failing test is a build problem, not a bad vintage)."""
    return con.execute(
        "update raw.load_log as log set validation_status = ?, validation_detail = ?"
        " where list_contains(?, log.raw_table) and log.validation_status = ? and log.dbt_tested_at is null"
        " and exists (select 1 from raw.load_log as tested where tested.raw_table = log.raw_table"
        " and tested.validation_status = ? and tested.dbt_tested_at is not null)"
        " returning raw_table, payload_sha256",
        [QUARANTINED, reason, raw_tables, PASSED, PASSED],
    ).fetchall()


def mark_tested(con: duckdb.DuckDBPyConnection, raw_tables: list[str]) -> None:
    """A dbt build over `raw_tables` passed: their passed vintages are now known-good ones to fall back to."""
    con.execute(
        "update raw.load_log set dbt_tested_at = current_timestamp"
        " where list_contains(?, raw_table) and validation_status = ? and dbt_tested_at is null",
        [raw_tables, PASSED],
    )
