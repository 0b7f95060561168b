"""dbt models as Dagster assets (keys `<schema>/<model>`), dbt tests as their asset checks.

A passing build marks every vintage in it as tested (good to fall back to); a failing one quarantines the untested
vintages upstream of each failed test, so the next run builds from the last good ones instead of failing again.
"""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration import lake, raw
from orchestration.dbt_project import DBT_PROJECT, dbt_environment, engine_of
from orchestration.partitions import SINGLE_RUN, YEARS, dbt_args, years_of
from orchestration.quarantine import quarantine_after_failed_build, raw_tables_built
from orchestration.resources import WarehouseResource
from orchestration.warehouse import connect, writer_lock


class LayeredTranslator(DagsterDbtTranslator):
    """Raw sources map onto the raw assets (`raw/<source>__<table>`); models are keyed and grouped by layer."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["identifier"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]


TRANSLATOR = LayeredTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    project=DBT_PROJECT,
    dagster_dbt_translator=TRANSLATOR,
    partitions_def=YEARS,
    backfill_policy=SINGLE_RUN,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    paths = warehouse.paths
    build_db = paths.build_db
    dbt_environment(paths)
    with writer_lock(build_db, paths.writer_lock_timeout_s):
        if engine_of(dbt.target) == "spark":
            # The raw tables were loaded and validated in the DuckDB build file; Spark reads them as Parquet.
            context.log.info(f"exported raw tables for Spark: {lake.export_raw_tables(paths)}")
        # The run's years: the incremental models rebuild those periods only (macros/refreshed_years.sql).
        invocation = dbt.cli(["build", *dbt_args(years_of(context))], context=context, raise_on_error=False)
        yield from invocation.stream()
        try:
            run_results, manifest = (
                invocation.get_artifact("run_results.json"),
                invocation.get_artifact("manifest.json"),
            )
        except FileNotFoundError:
            raise dg.Failure(f"dbt build failed before running any node: {invocation.get_error()}") from None
        con = connect(build_db)
        try:
            if invocation.is_successful():
                raw.mark_tested(con, raw_tables_built(run_results, manifest))
                return
            quarantined = quarantine_after_failed_build(con, run_results, manifest)
        finally:
            con.close()
    vintages = ", ".join(f"{table} {sha[:16]}" for table, sha in quarantined) or "none (no new vintage to blame)"
    failed = ", ".join(
        sorted(r["unique_id"].split(".")[2] for r in run_results["results"] if r["status"] in {"fail", "error"})
    )
    raise dg.Failure(
        f"dbt build failed ({failed}); quarantined vintages: {vintages}. The next run falls back to the last good vintages;"
        " see `python -m orchestration.quarantine list`.",
        metadata={
            "quarantined": dg.MetadataValue.json([{"raw_table": t, "payload_sha256": s} for t, s in quarantined])
        },
    )
