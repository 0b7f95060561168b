"""Quarantined vintages: payloads a check refused, kept out of the marts until an operator releases or drops them.

A vintage is quarantined when Great Expectations fails on it at load, or when a dbt test fails after it was loaded
(the untested vintages of the raw tables upstream of the failed test, see `quarantine_after_failed_build`). The next
run skips it and the marts fall back to the last good vintage. The payload stays in the archive either way.

Usage: python -m orchestration.quarantine list
       python -m orchestration.quarantine release <raw table> <sha256 prefix>   # trust it: staging reads it again
       python -m orchestration.quarantine drop <raw table> <sha256 prefix>      # delete its rows for good
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import duckdb

from orchestration import raw
from orchestration.settings import load_settings
from orchestration.warehouse import checked_identifier, connect, writer_lock

# dbt statuses that fail a build; 'warn' (a warning-severity test, e.g. a grown period's row count) does not.
FAILED_STATUSES = {"fail", "error"}


def raw_tables_upstream(unique_id: str, manifest: Mapping[str, Any]) -> set[str]:
    """The raw tables (dbt sources' identifiers) a dbt node reads, directly or through other models."""
    parents, seen, tables = list(manifest["parent_map"].get(unique_id, [])), set(), set()
    while parents:
        node = parents.pop()
        if node in seen:
            continue
        seen.add(node)
        if node.startswith("source."):
            tables.add(manifest["sources"][node]["identifier"])
        else:
            parents.extend(manifest["parent_map"].get(node, []))
    return tables - {"load_log"}


def raw_tables_built(run_results: Mapping[str, Any], manifest: Mapping[str, Any]) -> list[str]:
    """The raw tables a dbt invocation read: all of them for a full build, fewer for a subset."""
    return sorted(set().union(*(raw_tables_upstream(r["unique_id"], manifest) for r in run_results["results"])))


def quarantine_after_failed_build(
    con: duckdb.DuckDBPyConnection, run_results: Mapping[str, Any], manifest: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Quarantine the untested vintages upstream of each failed dbt test or model, with the test as the reason."""
    quarantined = []
    for result in run_results["results"]:
        if result["status"] not in FAILED_STATUSES:
            continue
        node = result["unique_id"]
        reason = (
            f"dbt {node.split('.')[0]} {node.split('.')[2]} {result['status']}ed: {(result.get('message') or '')[:300]}"
        )
        tables = sorted(raw_tables_upstream(node, manifest))
        if tables:
            quarantined += raw.quarantine_untested(con, tables, reason)
    return quarantined


def _one_vintage(con: duckdb.DuckDBPyConnection, raw_table: str, sha_prefix: str, status: str) -> str:
    matches = con.execute(
        "select payload_sha256 from raw.load_log where raw_table = ? and starts_with(payload_sha256, ?) and validation_status = ?",
        [raw_table, sha_prefix.lower(), status],
    ).fetchall()
    if len(matches) != 1:
        raise SystemExit(
            f"{len(matches)} {status} vintages of {raw_table} start with {sha_prefix!r}: give one (see `list`)"
        )
    return matches[0][0]


def list_quarantined(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select raw_table, payload_sha256, retrieved_at, row_count, validation_detail from raw.load_log"
        " where validation_status = ? order by raw_table, retrieved_at",
        [raw.QUARANTINED],
    ).fetchall()


def release(con: duckdb.DuckDBPyConnection, raw_table: str, sha_prefix: str) -> str:
    """Trust a quarantined vintage: staging reads it again, and the next dbt build tests it like a new one."""
    sha = _one_vintage(con, raw_table, sha_prefix, raw.QUARANTINED)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    con.execute(
        "update raw.load_log set validation_status = ?, dbt_tested_at = null,"
        " validation_detail = 'released by an operator at ' || ? || ' (was: ' || validation_detail || ')'"
        " where raw_table = ? and payload_sha256 = ?",
        [raw.PASSED, stamp, raw_table, sha],
    )
    return sha


def drop(con: duckdb.DuckDBPyConnection, raw_table: str, sha_prefix: str) -> str:
    """Delete a quarantined vintage's rows; its load-log entry stays (status dropped), so it is never loaded again."""
    sha = _one_vintage(con, raw_table, sha_prefix, raw.QUARANTINED)
    con.execute("begin transaction")
    con.execute(f"delete from raw.{checked_identifier(raw_table)} where payload_sha256 = ?", [sha])
    con.execute(
        "update raw.load_log set validation_status = ?, validation_detail = 'dropped by an operator (was: ' || validation_detail || ')'"
        " where raw_table = ? and payload_sha256 = ?",
        [raw.DROPPED, raw_table, sha],
    )
    con.execute("commit")
    return sha


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m orchestration.quarantine", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="quarantined vintages, with the reason")
    for name, help_text in (("release", "let a quarantined vintage into the marts again"), ("drop", "delete its rows")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("raw_table", help="e.g. boj__bp01_monthly")
        command.add_argument("sha256_prefix", help="the first characters of the payload's checksum, as `list` shows")
    args = parser.parse_args(argv)
    settings = load_settings()
    with writer_lock(settings.build_db, settings.writer_lock_timeout_s):
        con = connect(settings.build_db)
        try:
            raw.ensure_schema(con)
            if args.command == "list":
                rows = list_quarantined(con)
                for raw_table, sha, retrieved_at, rows_count, reason in rows:
                    print(
                        f"{raw_table}  {sha[:16]}  retrieved {retrieved_at:%Y-%m-%d %H:%M:%S}  {rows_count} rows  {reason}"
                    )
                print(f"{len(rows)} quarantined vintage(s)" if rows else "No quarantined vintages.")
            else:
                sha = (release if args.command == "release" else drop)(
                    con, checked_identifier(args.raw_table), args.sha256_prefix
                )
                done = (
                    "released: the next run builds with it"
                    if args.command == "release"
                    else "dropped: its rows are deleted, the payload stays archived"
                )
                print(f"{args.raw_table} {sha[:16]} {done}")
        finally:
            con.close()


if __name__ == "__main__":
    main()
