"""dbt models as Dagster assets (keys `<schema>/<model>`), dbt tests as their asset checks.

A passing build marks every vintage in it as tested (good to fall back to); a failing one quarantines the untested
vintages upstream of each failed test, so the next run builds from the last good ones instead of failing again.
"""

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration import lake, raw
from orchestration.dbt_project import DBT_PROJECT, dbt_environment, engine_of
from orchestration.partitions import SINGLE_RUN, YEARS, dbt_args, dbt_env, years_of
from orchestration.quarantine import quarantine_after_failed_build, raw_tables_built
from orchestration.resources import WarehouseResource
from orchestration.warehouse import connect, scalar, writer_lock


class LayeredTranslator(DagsterDbtTranslator):
    """Raw sources map onto the raw assets (`raw/<source>__<table>`); models are keyed and grouped by layer."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["identifier"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]


TRANSLATOR = LayeredTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@contextmanager
def environment_of_one_call(variables: Mapping[str, str]) -> Iterator[None]:
    """`variables` set for what starts inside the block (DbtCliResource.cli hands dbt this process's environment and
    takes no other), then restored: a run's build file and years never reach the next run in the same process."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name)
            else:
                os.environ[name] = value


def seed_checksums(manifest: Mapping[str, Any]) -> dict[str, str]:
    """Each seed's content checksum in a dbt manifest."""
    return {
        uid: node["checksum"]["checksum"] for uid, node in manifest["nodes"].items() if node["resource_type"] == "seed"
    }


def seeds_loaded(build_db: Path, record: Path, manifest: Mapping[str, Any]) -> bool:
    """Whether the build file holds the project's seeds as they are now: a passing build loaded these contents (its
    record) and their tables are in this file (it may be a new one)."""
    if not (build_db.exists() and record.exists()) or json.loads(record.read_text()) != seed_checksums(manifest):
        return False
    seeds = [node for node in manifest["nodes"].values() if node["resource_type"] == "seed"]
    con = connect(build_db, read_only=True)
    try:
        return all(
            scalar(
                con,
                "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
                [seed["schema"], seed["alias"]],
            )
            for seed in seeds
        )
    finally:
        con.close()


def target_path_of(build_db: Path) -> Path:
    """dbt's target folder for a build file, kept from run to run beside it: its saved parse (partial_parse.msgpack)
    was made with this file's profile, so the next run re-parses only what changed. (dagster-dbt's default, a new
    folder per run seeded with the parse `make` prepared for another build path, re-parses the whole project.)"""
    return build_db.parent / "dbt_target"


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
    on_duckdb = engine_of(dbt.target) == "duckdb"
    with writer_lock(build_db, paths.writer_lock_timeout_s):
        if not on_duckdb:
            # The raw tables were loaded and validated in the DuckDB build file; Spark reads them as Parquet.
            context.log.info(f"exported raw tables for Spark: {lake.export_raw_tables(paths)}")
        # The run's years: the incremental models rebuild those periods only (macros/refreshed_years.sql).
        years = years_of(context)
        target = target_path_of(build_db)
        seeds_record = target / "seeds_of_last_passing_build.json"
        # (On Spark the seeds live in the lake, not in the build file: always loaded.)
        seeds_kept = on_duckdb and seeds_loaded(
            build_db, seeds_record, json.loads(DBT_PROJECT.manifest_path.read_text())
        )
        args = ["build", *dbt_args(years, seeds_kept)]
        context.log.info(f"dbt {' '.join(args)} for {years[0]}-{years[-1]}: {dbt_env(years) or 'every year, whole'}")
        for artifact in ("run_results.json", "manifest.json"):  # the last run's: never mistaken for this one's
            (target / artifact).unlink(missing_ok=True)
        with environment_of_one_call({**dbt_environment(paths), **dbt_env(years)}):
            invocation = dbt.cli(args, context=context, raise_on_error=False, target_path=target)
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
                if on_duckdb:  # the seeds this build loaded into the file: a run of some years need not reload them
                    seeds_record.write_text(json.dumps(seed_checksums(manifest)))
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
