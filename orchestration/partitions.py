"""Periods as Dagster partitions: one partition per calendar year, from the first year the warehouse covers.

Every source dataset and the dbt models are partitioned by year (monthly sources too: a year partition requests its
twelve months, and the Bank's and the Ministry's revisions reach back a year at a time, so a month would only split
what is revised together). A run covers a range of years in one go (`BackfillPolicy.single_run`): the full history
on a first build or a backfill from the UI, the last two years on the monthly refresh. dbt receives a partial range in
the environment (`JTDW_REFRESH_FIRST_YEAR`, `JTDW_REFRESH_LAST_YEAR`), and the incremental models rebuild only those
years; a run of every year rebuilds them whole.
"""

from __future__ import annotations

from datetime import date

import dagster as dg

FIRST_YEAR = 1996
# The current year is a partition from January 1st: its months arrive through the year.
YEARS = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start=str(FIRST_YEAR), fmt="%Y", end_offset=1, timezone="Asia/Tokyo"
)
SINGLE_RUN = dg.BackfillPolicy.single_run()
# The run tags Dagster reads a partition range from (documented for launching a range in one run).
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# How far back the monthly refresh reaches: the year before holds the months a release may still revise.
REFRESHED_YEARS = 2


def years_of(context: dg.AssetExecutionContext) -> range:
    """The calendar years of the run's partition range."""
    window = context.partition_key_range
    return range(int(window.start), int(window.end) + 1)


def range_tags(first_year: int, last_year: int) -> dict[str, str]:
    """The tags a run carries to cover a range of year partitions in one run."""
    return {
        RANGE_START_TAG: str(first_year),
        RANGE_END_TAG: str(last_year),
    }


def all_years_tags(today: date | None = None) -> dict[str, str]:
    """Every year from the first to the current one: a full build."""
    return range_tags(FIRST_YEAR, (today or date.today()).year)


def recent_years_tags(today: date | None = None) -> dict[str, str]:
    """The monthly refresh: the current year and the one before it."""
    year = (today or date.today()).year
    return range_tags(year - REFRESHED_YEARS + 1, year)


def every_year(years: range) -> bool:
    """Whether the run covers every year partition: a full build."""
    last_partition = YEARS.get_last_partition_key()
    return years[0] <= FIRST_YEAR and last_partition is not None and years[-1] >= int(last_partition)


def dbt_args(years: range, seeds_loaded: bool) -> list[str]:
    """A run of every year rebuilds the incremental models whole, faster than replacing every period one by one. A
    run of some years after a build with the same seeds leaves out the seeds (loaded already) and the unit tests (they
    test the code, not the years' rows); its data tests all run. After a change of the models, run every year: a run
    of some years rebuilds only theirs."""
    if every_year(years):
        return ["--full-refresh"]
    return ["--exclude-resource-type", "seed", "unit_test"] if seeds_loaded else []


def dbt_env(years: range) -> dict[str, str]:
    """The years a partial run refreshes, as the environment the dbt macros read (macros/refreshed_years.sql): read
    when dbt executes, not when it parses, so a run for other years keeps dbt's saved parse (--vars would not)."""
    if every_year(years):
        return {}
    return {"JTDW_REFRESH_FIRST_YEAR": str(years[0]), "JTDW_REFRESH_LAST_YEAR": str(years[-1])}
