#!/usr/bin/env bash
# Build the static Evidence site into dashboards/build/ from the published warehouse file.
#   JTDW_PUBLISHED_DB=/abs/path/warehouse.duckdb bash scripts/build.sh
# Default file: <repo>/data/published/warehouse.duckdb. Works offline once node_modules exists.
set -euo pipefail
cd "$(dirname "$0")/.."   # dashboards/

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build.sh: '$tool' not found; install Node.js 20 (with npm) to build the dashboards" >&2
    exit 3
  fi
done

db="${JTDW_PUBLISHED_DB:-../data/published/warehouse.duckdb}"
if [ ! -f "$db" ]; then
  echo "build.sh: published warehouse file not found: $db (build the warehouse first, or set JTDW_PUBLISHED_DB)" >&2
  exit 2
fi
# The duckdb plugin joins `filename` onto sources/warehouse/ (an absolute path would break),
# so pass the file as a path relative to that directory.
EVIDENCE_SOURCE__warehouse__filename="$(node -e 'const p=require("path");console.log(p.relative(p.resolve("sources/warehouse"),p.resolve(process.argv[1])))' "$db")"
export EVIDENCE_SOURCE__warehouse__filename
export SEND_ANONYMOUS_USAGE_STATS=no   # evidence.settings.json is what actually turns telemetry off

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
  touch node_modules
fi

# Evidence 39 writes no parquet for a query with 0 rows and leaves the previous run's file in place:
# clear the extracted data so an empty or shrunk warehouse never shows stale figures.
rm -rf .evidence/template/static/data
npm run sources
node scripts/fill-empty-tables.mjs
npm run build
# Which page reads which mart: dbt's docs with the pages as exposures, served with the site at /lineage/.
JTDW_PUBLISHED_DB="$(cd "$(dirname "$db")" && pwd)/$(basename "$db")" bash scripts/lineage.sh
echo "build.sh: site written to $(pwd)/build (serve it with scripts/serve.sh)"
