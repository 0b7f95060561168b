"""Per-period row counts: a closed period that loses rows fails the build, one that gains rows warns, a new period is fine."""

from __future__ import annotations

import shutil

import duckdb

from tests.conftest import dbt_test_outcomes


def test_lost_rows_fail_gained_rows_warn_and_new_periods_pass(built_warehouse, tmp_path):
    build_db = tmp_path / "build.duckdb"
    shutil.copyfile(built_warehouse.build_db, build_db)
    con = duckdb.connect(str(build_db))
    con.execute(
        "delete from marts.bop_japan where period_label = '2024' and bop_item_code = 'G'"
    )  # a closed year shrinks
    con.execute(
        "insert into marts.bop_japan select * replace ('2099-01' as period_label) from marts.bop_japan where period_label = '2023-01'"
    )
    con.execute(
        "insert into marts.bop_japan select * replace ('X' as bop_item_code) from marts.bop_japan where period_label = '2023-02'"
    )
    con.close()

    outcomes = {
        name.split("_bop_japan")[0]: outcome
        for name, outcome in dbt_test_outcomes(
            build_db,
            tmp_path / "target",
            "bop_japan,test_name:closed_periods_keep_their_rows",
            "bop_japan,test_name:closed_period_row_counts_unchanged",
        ).items()
    }
    # 2024: a calendar-year row of goods per source is gone; 2023-02: one row more; 2099-01: a new period, not counted.
    assert outcomes == {
        "closed_periods_keep_their_rows": ("fail", 1),
        "closed_period_row_counts_unchanged": ("warn", 1),
    }
