#!/usr/bin/env bash
# Serve the built static site (dashboards/build/) on http://127.0.0.1:${PORT:-3001}/
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d build ]; then
  echo "serve.sh: no build/ directory; run scripts/build.sh first" >&2
  exit 2
fi
exec python3 -m http.server "${PORT:-3001}" --bind 127.0.0.1 --directory build
