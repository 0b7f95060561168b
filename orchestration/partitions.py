"""Periods as Dagster partitions: one partition per calendar year, from the first year the warehouse covers.

Every source dataset and the dbt models are partitioned by year (monthly sources too: a year partition requests its
twelve months, and the Bank's and the Ministry's revisions reach back a year at a time, so a month would only split
what is revised together). A run covers a range of years in one go (`BackfillPolicy.single_run`): the full history
on a first build or a backfill from the UI, the last two years on the monthly refresh. dbt receives a partial range as
the vars `refresh_first_year` and `refresh_last_year`, and the incremental models rebuild only those years.
"""

from __future__ import annotations

import json
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


def dbt_args(years: range) -> list[str]:
    """What scopes a dbt build to the run's years: the vars the incremental models read (macros/refreshed_years.sql).
    None for a run of every year: the models are then rebuilt whole, faster than replacing every period one by one."""
    last_partition = YEARS.get_last_partition_key()
    if years[0] <= FIRST_YEAR and last_partition is not None and years[-1] >= int(last_partition):
        return []
    return ["--vars", json.dumps({"refresh_first_year": years[0], "refresh_last_year": years[-1]})]
