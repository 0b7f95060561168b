"""The load log (`raw.load_log`) in the asset graph: the table dbt's source `raw_meta.load_log` names.

Every raw asset writes its loads and Great Expectations' verdict on them there (orchestration/raw.py), and staging
reads only the vintages it lists as passed (the `validated_rows` macro), so the graph runs raw table -> load log ->
staging. Dagster does not materialize it: it is a declared external asset, kept by the raw assets' steps, dbt's
step (a passing build marks its vintages tested) and the quarantine command.
"""

import dagster as dg

from orchestration.assets.raw import DATASETS, raw_asset_key

LOAD_LOG_KEY = dg.AssetKey(["raw", "load_log"])  # how the dbt translator keys the source raw_meta.load_log

load_log = dg.AssetSpec(
    key=LOAD_LOG_KEY,
    deps=[raw_asset_key(dataset) for dataset in DATASETS],
    group_name="raw",
    kinds={"duckdb"},
    description="One row per payload loaded into a raw table: provenance, vintage and validation status (passed, "
    "quarantined, dropped). Written by the raw assets; staging reads the passed vintages only.",
)
