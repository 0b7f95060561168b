"""The same dbt project on Apache Spark (local mode, in process): Dagster runs every model and test on it by the dbt
resource's target, publishes from the Parquet the Spark build wrote, and the published file holds the same rows as
the DuckDB build's."""

from __future__ import annotations

import duckdb
import pytest

from orchestration import lake
from orchestration.assets.dbt import dbt_models
from orchestration.assets.serving import published_warehouse
from orchestration.dbt_project import engine_of
from orchestration.resources import dbt_resource, resources_from_environment
from orchestration.warehouse import scalar
from tests.conftest import copy_of, materialize, run_resources


@pytest.fixture(scope="module")
def spark_warehouse(built_warehouse, tmp_path_factory):
    """The DuckDB warehouse's raw layer, then dbt build and publish on the `spark` target, as Dagster runs them."""
    settings = copy_of(built_warehouse, tmp_path_factory.mktemp("spark") / "data")
    result = materialize([dbt_models, published_warehouse], {**run_resources(settings), "dbt": dbt_resource("spark")})
    return result, settings


def _rows_matched(con: duckdb.DuckDBPyConnection, left: str, right: str) -> int:
    """Rows of `left` with a row of `right` equal in every column, doubles within 1e-9 of their size.

    The engines sum doubles in different orders, and a difference of two large sums (a BOJ-IMF gap) keeps only
    about 11 significant digits of them; every other column must be equal. The non-double columns are the join key:
    where they are not unique, pairs multiply and the count exceeds the rows.
    """
    columns = con.execute(f"describe {left}").fetchall()
    conditions = [
        f'((l."{name}" is null and r."{name}" is null)'
        f' or abs(l."{name}" - r."{name}") <= 1e-9 * greatest(abs(l."{name}"), abs(r."{name}")))'
        if data_type == "DOUBLE"
        else f'l."{name}" is not distinct from r."{name}"'
        for name, data_type, *_ in columns
    ]
    return scalar(con, f"select count(*) from {left} as l join {right} as r on {' and '.join(conditions)}")


def test_every_model_and_test_builds_on_spark(spark_warehouse):
    result, settings = spark_warehouse
    failures = [event.message for event in result.all_events if event.is_failure]
    assert result.success, failures
    checks = result.get_asset_check_evaluations()
    assert len(checks) > 100 and all(check.passed for check in checks), [c.check_name for c in checks if not c.passed]
    assert (settings.lake_dir / "marts.db" / "bop_japan" / "period_label=2024").is_dir()  # partitioned by period
    log_record = (settings.published_dir / "publish_log.jsonl").read_text().splitlines()[-1]
    assert '"engine": "spark"' in log_record


def test_both_engines_publish_the_same_tables_columns_and_rows(built_warehouse, spark_warehouse):
    _, spark_settings = spark_warehouse
    con = duckdb.connect()
    con.execute(f"attach '{built_warehouse.published_db}' as from_duckdb (read_only)")
    con.execute(f"attach '{spark_settings.published_db}' as from_spark (read_only)")
    listing = (
        "select table_schema, table_name, column_name, data_type from information_schema.columns"
        " where table_catalog = ? and table_schema in ('marts', 'reference') order by all"
    )
    duckdb_columns = con.execute(listing, ["from_duckdb"]).fetchall()
    assert con.execute(listing, ["from_spark"]).fetchall() == duckdb_columns
    # Every mart of the dbt project, new ones included, is published by both engines and compared below.
    marts = {table for schema, table, *_ in duckdb_columns if schema == "marts"}
    assert marts == {key.path[1] for key in dbt_models.keys if key.path[0] == "marts"}
    for schema, table in sorted({(schema, table) for schema, table, *_ in duckdb_columns}):
        duckdb_table, spark_table = f"from_duckdb.{schema}.{table}", f"from_spark.{schema}.{table}"
        rows = scalar(con, f"select count(*) from {duckdb_table}")
        assert scalar(con, f"select count(*) from {spark_table}") == rows, f"{schema}.{table}"
        assert _rows_matched(con, duckdb_table, spark_table) == rows, (
            f"{schema}.{table}: rows differ between the engines"
        )


def test_the_duckdb_build_writes_the_same_partitioned_parquet_layout(warehouse_copy):
    written = lake.export_build_tables(warehouse_copy)
    assert (warehouse_copy.lake_dir / "marts.db" / "fdi_by_sector" / "year=2024").is_dir()
    con = duckdb.connect(str(warehouse_copy.build_db), read_only=True)
    for name, rows in written.items():
        schema, table = name.split(".")
        assert (
            scalar(con, f"select count(*) from ({lake.read_lake_table(warehouse_copy.lake_dir, schema, table, None)})")
            == rows
        )


def test_the_engine_follows_the_profile_target(tmp_path):
    assert engine_of(None) == "duckdb"
    assert engine_of("spark") == "spark"
    assert engine_of("spark_thrift") == "spark"
    assert resources_from_environment({"JTDW_DATA_DIR": str(tmp_path)})["dbt"].target is None
    assert (
        resources_from_environment({"JTDW_DATA_DIR": str(tmp_path), "JTDW_DBT_TARGET": "spark"})["dbt"].target
        == "spark"
    )
