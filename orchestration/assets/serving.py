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


def _checks_of_run(context: dg.AssetExecutionContext) -> tuple[dict[str, bool], list[str]]:
    """Every check of the run (passed or not) and the warnings among them: a failed warning-severity check (a grown
    period's row count, say) is reported, not a reason to withhold the release."""
    events = context.instance.all_logs(context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    checks, warnings = {}, []
    for event in events:
        evaluation = event.dagster_event.event_specific_data
        name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        warned = not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
        checks[name] = bool(evaluation.passed) or warned
        if warned:
            warnings.append(name)
    return checks, warnings


@dg.asset(
    key=PUBLISHED_KEY,
    group_name="serving",
    kinds={"duckdb"},
    deps=[key for key in dbt_models.keys if key.path[0] in PUBLIC_SCHEMAS],
    description="The read-only file BI tools open (data/published/warehouse.duckdb), swapped in only when every check of the run passed.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    checks, warnings = _checks_of_run(context)
    # The engine that built the marts says where they are: the DuckDB build file, or the lake a Spark build wrote.
    record = publish.publish(warehouse.paths, context.run_id, checks, engine=engine_of(dbt.target))
    return dg.MaterializeResult(
        metadata={
            "release": record["release"],
            "row_counts": dg.MetadataValue.json(record["row_counts"]),
            "source_vintages": dg.MetadataValue.json(record["source_vintages"]),
            "checks_passed": len(checks) - len(warnings),
            "warnings": dg.MetadataValue.json(warnings),
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
