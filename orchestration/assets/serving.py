"""What users read: the published read-only warehouse file, and the Evidence site built from it."""

import os
import shutil
import subprocess

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration import publish
from orchestration.assets.dbt import dbt_models
from orchestration.dbt_project import engine_of
from orchestration.resources import WarehouseResource
from orchestration.settings import DASHBOARDS_DIR

PUBLISHED_KEY = dg.AssetKey(["published", "warehouse"])
PUBLIC_SCHEMAS = ("marts", "reference")


@dg.asset(
    key=PUBLISHED_KEY,
    group_name="serving",
    kinds={"duckdb"},
    deps=[key for key in dbt_models.keys if key.path[0] in PUBLIC_SCHEMAS],
    description="The read-only file BI tools open (data/published/warehouse.duckdb). Every check that must withhold a"
    " release is blocking (the Great Expectations suites, the dbt tests of severity error): when one fails, Dagster"
    " does not run this asset and the published file stays as it was. A failed warning-severity dbt test is reported"
    " on its asset and does not withhold the release.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    # The engine that built the marts says where they are: the DuckDB build file, or the lake a Spark build wrote.
    record = publish.publish(warehouse.paths, context.run_id, engine=engine_of(dbt.target))
    return dg.MaterializeResult(
        metadata={
            "release": record["release"],
            "row_counts": dg.MetadataValue.json(record["row_counts"]),
            "source_vintages": dg.MetadataValue.json(record["source_vintages"]),
        }
    )


@dg.asset(
    key=dg.AssetKey(["dashboards", "evidence_site"]),
    group_name="serving",
    kinds={"evidence"},
    deps=[PUBLISHED_KEY],
    description="The Evidence dashboards (dashboards/), rebuilt offline from the published file into dashboards/build/.",
)
def evidence_site(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise dg.Failure(
            "Node.js and npm are needed to build the dashboards (install Node 20); the warehouse itself is built and published."
        )
    settings = warehouse.paths
    result = subprocess.run(
        ["bash", str(DASHBOARDS_DIR / "scripts" / "build.sh")],
        cwd=DASHBOARDS_DIR,
        env={**os.environ, "JTDW_PUBLISHED_DB": str(settings.published_db)},
        capture_output=True,
        text=True,
    )
    context.log.info(result.stdout[-4000:])
    if result.returncode != 0:
        raise dg.Failure(f"Evidence build failed (exit {result.returncode}): {result.stderr[-2000:]}")
    return dg.MaterializeResult(metadata={"site": str(DASHBOARDS_DIR / "build")})
