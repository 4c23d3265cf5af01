#!/usr/bin/env bash
# Installs npm `jsonata` 2.x into bench/node_modules (gitignored) and measures
# records/s on benches/fixtures (the same record and mapping as `cargo bench --bench mapping`).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/jsonata ]; then
  npm install --no-save --no-audit --no-fund --prefix . jsonata@2 >/dev/null
fi
JSONATA_VERSION="$(node -p 'require("./node_modules/jsonata/package.json").version')" node jsonata-js.mjs
