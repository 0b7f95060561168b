"""Year partitions end to end: a run of some years passes them to dbt, and the incremental models rebuild those years
without changing what a full build publishes."""

from __future__ import annotations

import dagster as dg
import duckdb

from orchestration.partitions import range_tags
from orchestration.settings import Settings
from tests.conftest import build_warehouse


def published_copy(warehouse: Settings, name: str):
    """A copy of the published file: the next run swaps in a new one."""
    copy = warehouse.data_dir.parent / f"{name}.duckdb"
    copy.write_bytes(warehouse.published_db.read_bytes())
    return copy


def differences(before, after) -> dict[str, str]:
    """Per mart, what differs: rows only one side has (matched on every column but the doubles), or doubles apart by
    more than a relative 1e-9 (a sum may come out in another order: the last bits move, nothing else may)."""
    con = duckdb.connect()
    con.execute(f"attach '{before}' as before (read_only)")
    con.execute(f"attach '{after}' as after (read_only)")
    found = {}
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'before' and schema_name = 'marts' order by 1"
        ).fetchall()
    ]
    for table in tables:
        columns = con.execute(
            "select column_name, data_type in ('DOUBLE', 'FLOAT') from duckdb_columns()"
            " where database_name = 'before' and schema_name = 'marts' and table_name = ?",
            [table],
        ).fetchall()
        keys = " and ".join(f'b."{c}" is not distinct from a."{c}"' for c, double in columns if not double)
        apart = (
            " or ".join(
                f'abs(b."{c}" - a."{c}") > 1e-9 * greatest(abs(b."{c}"), abs(a."{c}"))'
                f' or ((b."{c}" is null) <> (a."{c}" is null))'
                for c, double in columns
                if double
            )
            or "false"
        )
        counts = con.execute(
            f"select (select count(*) from before.marts.{table}), (select count(*) from after.marts.{table}),"
            f" count(*), count(*) filter (where {apart})"
            f" from before.marts.{table} as b inner join after.marts.{table} as a on {keys or 'true'}"
        ).fetchone()
        rows_before, rows_after, paired, moved = counts
        if not (rows_before == rows_after == paired) or moved:
            found[table] = f"{rows_before} rows before, {rows_after} after, {paired} paired, {moved} values moved"
    return found


def test_a_run_of_one_year_rebuilds_it_and_publishes_what_a_full_build_did(empty_warehouse):
    assert build_warehouse(empty_warehouse).success
    full = published_copy(empty_warehouse, "full")

    instance = dg.DagsterInstance.ephemeral()
    result = build_warehouse(empty_warehouse, tags=range_tags(2023, 2023), instance=instance)

    assert result.success
    messages = [record.user_message for record in instance.all_logs(result.run_id)]
    assert any(
        "for 2023-2023: {'JTDW_REFRESH_FIRST_YEAR': '2023', 'JTDW_REFRESH_LAST_YEAR': '2023'}" in m for m in messages
    )
    commands = [m for m in messages if m.startswith("Running dbt command: `") and " build" in m]
    assert commands and not any("--full-refresh" in c for c in commands)  # incremental: 2023's periods replaced
    # the seeds the full build loaded are kept; every data test still runs, scoped to 2023
    assert all("--exclude-resource-type seed unit_test" in c for c in commands)
    assert differences(full, published_copy(empty_warehouse, "one_year")) == {}
