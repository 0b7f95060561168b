"""Every model's key is tested by dbt's own `unique` test on the key columns as one row value, `(a, b, c)`, which DuckDB
and Spark both read: a repeated key fails it, a key with an empty part is still a key, keys that differ pass."""

from __future__ import annotations

import duckdb

from tests.conftest import dbt_test_outcomes


def test_a_repeated_key_fails_the_unique_test_and_distinct_keys_pass(tmp_path):
    build_db = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build_db))
    con.execute("create schema marts")
    con.execute(
        """create table marts.bop_japan as select * from (values
            ('G', '2024-01', 'month', 'boj'), ('G', '2024-01', 'month', 'boj'),  -- repeated
            ('G', '2024-01', 'month', 'mof'),  -- all but the source alike: another key
            ('G', null, 'month', 'imf'), ('G', null, 'month', 'imf')  -- repeated, with an empty part
        ) rows (bop_item_code, period_label, frequency, source)"""
    )
    con.execute(
        """create table marts.bop_japan_reconciliation as select * from (values
            ('2024', 'G'), ('2024', 'S'), ('2023', 'G')
        ) rows (period_label, bop_item_code)"""
    )
    con.close()

    outcomes = dbt_test_outcomes(
        build_db,
        tmp_path / "target",
        "bop_japan,test_name:unique",
        "bop_japan_reconciliation,test_name:unique",
    )
    assert outcomes == {
        "unique_bop_japan__bop_item_code_period_label_frequency_source_": ("fail", 2),
        "unique_bop_japan_reconciliation__period_label_bop_item_code_": ("pass", 0),
    }
