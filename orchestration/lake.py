"""The Parquet lake: how tables move between the DuckDB build file and Spark, and how either engine's marts reach the
published file.

Layout under `<data>/lake/` (Hive's, which Spark writes natively and DuckDB reads and writes):
- `raw/<table>/data.parquet`: the raw tables, exported from the build file after the Dagster raw assets loaded and
  validated them in DuckDB; a Spark build registers them as external tables (macro register_raw_tables).
- `<schema>.db/<table>/[<period column>=<value>/]*.parquet`: marts (partitioned by period) and reference tables, as a
  Spark build leaves them, or as `export_build_tables` writes them from a DuckDB build.

Usage: python -m orchestration.lake {export-raw,export-build}
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import duckdb

from orchestration.settings import Settings, load_settings
from orchestration.warehouse import checked_identifier, scalar

PUBLIC_SCHEMAS = ("marts", "reference")
# A mart is partitioned by the first of these it has: the label of its month or year, or the year of an annual table.
PERIOD_COLUMNS = ("period_label", "year")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'"
        " order by table_name",
        [schema],
    ).fetchall()
    return [checked_identifier(name) for (name,) in rows]


def period_column(columns: list[str]) -> str | None:
    return next((name for name in PERIOD_COLUMNS if name in columns), None)


def table_dir(lake: Path, schema: str, table: str) -> Path:
    return lake / f"{checked_identifier(schema)}.db" / checked_identifier(table)


def export_raw_tables(settings: Settings) -> list[str]:
    """Write every raw table of the build file to `<lake>/raw/<table>/data.parquet`, replacing the previous export."""
    raw_dir = settings.lake_dir / "raw"
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        tables = _tables(con, "raw")
        for table in tables:
            target = raw_dir / table
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            con.execute(f"copy raw.{table} to '{_quoted(target / 'data.parquet')}' (format parquet)")
    finally:
        con.close()
    return tables


def export_build_tables(settings: Settings) -> dict[str, int]:
    """Write the DuckDB build's marts (partitioned by period) and reference tables into the lake, as Spark does."""
    con = duckdb.connect(str(settings.build_db), read_only=True)
    written = {}
    try:
        for schema in PUBLIC_SCHEMAS:
            for table in _tables(con, schema):
                columns = [row[0] for row in con.execute(f"describe {schema}.{table}").fetchall()]
                rows = scalar(con, f"select count(*) from {schema}.{table}")
                # An empty table partitioned would be no file at all; one file keeps its columns and types.
                partition = period_column(columns) if schema == "marts" and rows else None
                target = table_dir(settings.lake_dir, schema, table)
                shutil.rmtree(target, ignore_errors=True)
                target.parent.mkdir(parents=True, exist_ok=True)
                options = f", partition_by ({partition})" if partition else ""
                if partition is None:
                    target.mkdir(parents=True)
                    destination = target / "data.parquet"
                else:
                    destination = target
                con.execute(f"copy {schema}.{table} to '{_quoted(destination)}' (format parquet{options})")
                written[f"{schema}.{table}"] = rows
    finally:
        con.close()
    return written


def has_files(lake: Path, schema: str, table: str) -> bool:
    """Whether the table has a Parquet file. Spark writes none for a partitioned table without rows (an offline run's
    live-only marts), so such a table's columns are known only from its declaration."""
    return any(table_dir(lake, schema, table).rglob("*.parquet"))


def read_lake_table(lake: Path, schema: str, table: str, columns: list[tuple[str, str | None]] | None) -> str:
    """DuckDB SQL selecting a lake table: every column, or the given (name, type) columns in that order, cast to the
    type where one is given.

    Partition values come back from folder names as text (hive_types_autocast off), then take the declared type, so
    a table reads the same whichever engine wrote it. A table without files is empty, with the given columns, which
    must all have a type.
    """
    if not has_files(lake, schema, table):
        if not columns or any(data_type is None for _, data_type in columns):
            raise FileNotFoundError(
                f"{schema}.{table}: no Parquet file in the lake, and no declared type of every column"
            )
        return (
            "select "
            + ", ".join(f'cast(null as {data_type}) as "{checked_identifier(name)}"' for name, data_type in columns)
            + " where false"
        )
    pattern = _quoted(table_dir(lake, schema, table) / "**" / "*.parquet")
    select_list = (
        ", ".join(
            f'cast("{checked_identifier(name)}" as {data_type}) as "{name}"'
            if data_type
            else f'"{checked_identifier(name)}"'
            for name, data_type in columns
        )
        if columns
        else "*"
    )
    return (
        f"select {select_list} from read_parquet('{pattern}', hive_partitioning = true,"
        " hive_types_autocast = false, union_by_name = true)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m orchestration.lake", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["export-raw", "export-build"])
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.command == "export-raw":
        print(f"exported {len(export_raw_tables(settings))} raw tables to {settings.lake_dir / 'raw'}")
    else:
        for name, rows in export_build_tables(settings).items():
            print(f"{name}: {rows} rows")


if __name__ == "__main__":
    main()
