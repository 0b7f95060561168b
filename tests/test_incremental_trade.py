"""A run for some years (JTDW_REFRESH_FIRST_YEAR and JTDW_REFRESH_LAST_YEAR in dbt's environment, as Dagster's year
partitions pass them) leaves the trade marts exactly as a full build of the same payloads would: no row more, none less, none different.

Generated Comtrade rows (bench.generate) beside the snapshot's real customs figures, compared with EXCEPT ALL both
ways. The warehouse first lacks two years; a run fills in the one between two others (the year after's growth must
be recomputed), then a run adds one more year after the last (its growth reads the year before).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import duckdb
import pytest

from bench import stages
from bench.generate import write_rows
from orchestration import raw
from orchestration.partitions import dbt_args, dbt_env

YEARS = range(2020, 2025)
ROWS_PER_YEAR = 600
TRADE_MARTS = [
    "bilateral_trade",
    "trade_shares",
    "trade_by_partner",
    "trade_by_partner_group",
    "trade_partner_shares_in_group",
    "trade_commodity_shares",
    "bilateral_trade_mirror",
]


@pytest.fixture
def payloads(tmp_path) -> Path:
    """One generated Comtrade payload (Parquet file) per year."""
    target = tmp_path / "payloads"
    # write_rows spreads `rows` over the benchmark's 30 years; ask for enough that each year has ROWS_PER_YEAR.
    write_rows(target, ROWS_PER_YEAR * 30, seed=14, years=YEARS)
    return target


def build(db: Path, payloads: Path, years: list[int], *dbt_flags: str) -> None:
    """Load the payloads of `years` (marked validated: the suite is not what is tested here), then build the trade
    models and their tests as the benchmark does."""
    with contextlib.redirect_stdout(io.StringIO()):  # the stages report timings on stdout
        for year in years:
            stages.load(str(db), str(payloads / f"{year}.parquet"))
        con = duckdb.connect(str(db))
        raw.record_validation(con, stages.RAW_TABLE, stages._pending(con), True, "generated rows")
        con.close()
        stages.dbt_build(str(db), *dbt_flags)


# The full builds skip dbt's tests (the runs for one year run them); the comparison is what is tested here.
WITHOUT_TESTS = ["--exclude", "resource_type:test", "resource_type:unit_test"]


def comparable(con: duckdb.DuckDBPyConnection, catalog: str, mart: str) -> str:
    """The mart's rows with doubles in single precision (7 significant digits): two full builds of the same rows
    already differ in the last bits of a sum, whose order DuckDB's parallel aggregation does not fix."""
    columns = con.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_catalog = ? and table_schema = 'marts' and table_name = ? order by ordinal_position",
        [catalog, mart],
    ).fetchall()
    listed = ", ".join(f"{name}::real as {name}" if kind == "DOUBLE" else name for name, kind in columns)
    return f"select {listed} from {catalog}.marts.{mart}"


def differences(left: Path, right: Path) -> dict[str, tuple[int, int]]:
    """Per mart, the rows only in `left` and the rows only in `right` (EXCEPT ALL, so duplicates count)."""
    con = duckdb.connect()
    con.execute(f"attach '{left}' as lhs (read_only)")
    con.execute(f"attach '{right}' as rhs (read_only)")
    found = {}
    for mart in TRADE_MARTS:
        assert con.execute(f"select count(*) from lhs.marts.{mart}").fetchone()[0] > 0, f"{mart} is empty"
        lhs, rhs = comparable(con, "lhs", mart), comparable(con, "rhs", mart)
        only = tuple(
            con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0] for a, b in ((lhs, rhs), (rhs, lhs))
        )
        if any(only):
            found[mart] = only
    con.close()
    return found


def test_runs_for_one_year_leave_the_trade_marts_as_a_full_build_would(payloads, tmp_path, monkeypatch):
    full, incremental = tmp_path / "full.duckdb", tmp_path / "incremental.duckdb"
    filled_in, one_more = YEARS[2], YEARS[-1]
    build(full, payloads, list(YEARS), "--full-refresh", *WITHOUT_TESTS)
    build(incremental, payloads, [y for y in YEARS if y not in (filled_in, one_more)], "--full-refresh", *WITHOUT_TESTS)
    for year in (filled_in, one_more):
        with monkeypatch.context() as environment:  # as the dbt asset runs a year partition
            for name, value in dbt_env(range(year, year + 1)).items():
                environment.setenv(name, value)
            build(
                incremental, payloads, [year], *dbt_args(range(year, year + 1), seeds_loaded=True)
            )  # with the tests, scoped to the year
    assert differences(incremental, full) == {}


def quarantine_year(db: Path, year: int) -> None:
    """The state a failed build leaves: the year's only vintage quarantined, its rows already written to the marts."""
    con = duckdb.connect(str(db))
    ((sha,),) = con.execute(
        f"select distinct payload_sha256 from raw.{stages.RAW_TABLE} where period = ?", [str(year)]
    ).fetchall()
    con.execute("update raw.load_log set validation_status = ? where payload_sha256 = ?", [raw.QUARANTINED, sha])
    con.close()


def test_a_period_that_left_the_sources_leaves_the_marts_in_a_run_of_its_year_and_in_a_plain_build(
    payloads, tmp_path, monkeypatch
):
    built, expected = tmp_path / "built.duckdb", tmp_path / "expected.duckdb"
    build(built, payloads, list(YEARS), "--full-refresh", *WITHOUT_TESTS)

    quarantine_year(built, YEARS[-1])
    with monkeypatch.context() as environment:  # a Dagster run of that year
        for name, value in dbt_env(range(YEARS[-1], YEARS[-1] + 1)).items():
            environment.setenv(name, value)
        build(built, payloads, [], *dbt_args(range(YEARS[-1], YEARS[-1] + 1), seeds_loaded=True))
    build(expected, payloads, list(YEARS[:-1]), "--full-refresh", *WITHOUT_TESTS)
    assert differences(built, expected) == {}

    # `dbt build` by hand, no years, no --full-refresh: every period is rebuilt.
    quarantine_year(built, YEARS[0])
    build(built, payloads, [], *WITHOUT_TESTS)
    expected.unlink()
    build(expected, payloads, list(YEARS[1:-1]), "--full-refresh", *WITHOUT_TESTS)
    assert differences(built, expected) == {}
