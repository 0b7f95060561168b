"""dbt models as Dagster assets (keys `<schema>/<model>`), dbt tests as their asset checks."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration import lake
from orchestration.dbt_project import DBT_PROJECT, dbt_environment, engine_of
from orchestration.settings import load_settings
from orchestration.warehouse import writer_lock


class LayeredTranslator(DagsterDbtTranslator):
    """Raw sources map onto the raw assets (`raw/<source>__<table>`); models are keyed and grouped by layer."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["identifier"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]


TRANSLATOR = LayeredTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, dagster_dbt_translator=TRANSLATOR)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    dbt_environment()
    settings = load_settings()
    with writer_lock(settings.build_db):
        if engine_of(dbt.target) == "spark":
            # The raw tables were loaded and validated in the DuckDB build file; Spark reads them as Parquet.
            context.log.info(f"exported raw tables for Spark: {lake.export_raw_tables(settings)}")
        yield from dbt.cli(["build"], context=context).stream()
