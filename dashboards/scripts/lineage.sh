#!/usr/bin/env bash
# Write dbt's documentation site, with the dashboard pages as exposures (dbt_project/models/exposures.yml), into
# dashboards/build/lineage/index.html: one self-contained page where a user sees which dashboard page reads which mart
# and what each mart is built from. scripts/build.sh runs it after the Evidence build; alone:
#   JTDW_PUBLISHED_DB=/abs/path/warehouse.duckdb bash dashboards/scripts/lineage.sh
# The catalog (column types) is read from a scratch copy of the published file, so the file readers use is never
# opened for writing.
set -euo pipefail
cd "$(dirname "$0")/.."   # dashboards/
repo="$(cd .. && pwd)"
dbt="${JTDW_DBT:-$repo/.venv/bin/dbt}"
if [ ! -x "$dbt" ]; then
  echo "lineage.sh: dbt not found at $dbt (run make setup, or set JTDW_DBT)" >&2
  exit 3
fi
db="${JTDW_PUBLISHED_DB:-$repo/data/published/warehouse.duckdb}"
if [ ! -f "$db" ]; then
  echo "lineage.sh: published warehouse file not found: $db (build the warehouse first, or set JTDW_PUBLISHED_DB)" >&2
  exit 2
fi
if [ ! -d build ]; then
  echo "lineage.sh: no build/ directory; run scripts/build.sh first" >&2
  exit 2
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$db" "$scratch/catalog.duckdb"
JTDW_BUILD_DB="$scratch/catalog.duckdb" "$dbt" docs generate --quiet --static \
  --project-dir "$repo/dbt_project" --profiles-dir "$repo/dbt_project" --target-path "$scratch/target"
mkdir -p build/lineage
cp "$scratch/target/static_index.html" build/lineage/index.html
echo "lineage.sh: dbt docs with the dashboard exposures written to $(pwd)/build/lineage/index.html"
