"""The Dagster code location: raw sources -> dbt models and checks -> published file -> dashboards."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.assets.load_log import load_log
from orchestration.assets.raw import RAW_ASSETS
from orchestration.assets.serving import evidence_site, published_warehouse
from orchestration.partitions import recent_years_tags
from orchestration.resources import resources_from_environment
from orchestration.runs import failed_run_summary

# Everything except the dashboards: what CI and a machine without Node need.
warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(evidence_site),
    description="Load every source, build and test the dbt models, publish the read-only warehouse file.",
)
everything_job = dg.define_asset_job(
    "build_everything", selection=dg.AssetSelection.all(), description="The warehouse and the Evidence dashboards."
)


# Live refresh once a month (BOJ and MOF publish the balance of payments around the 8th-10th) of the current year and
# the one before it, where releases revise. Off by default: turn it on in the UI, with JTDW_LIVE=1 in the daemon's
# environment. Older years are refreshed by a backfill of their partitions from the UI.
@dg.schedule(
    name="monthly_live_refresh",
    job=everything_job,
    cron_schedule="0 6 12 * *",
    execution_timezone="Asia/Tokyo",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
def monthly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return dg.RunRequest(tags=recent_years_tags(context.scheduled_execution_time.date()))


defs = dg.Definitions(
    assets=[*RAW_ASSETS, load_log, dbt_models, published_warehouse, evidence_site],
    jobs=[warehouse_job, everything_job],
    schedules=[monthly_refresh],
    sensors=[failed_run_summary],
    resources=resources_from_environment(),
    executor=dg.in_process_executor,
)
