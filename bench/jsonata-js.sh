#!/usr/bin/env bash
# Installs npm `jsonata` 2.x into bench/node_modules (gitignored) and runs it on the cases
# `cargo bench --bench mapping` dumped into DIR (PROCURA_BENCH_DUMP=DIR).
# Usage: bench/jsonata-js.sh DIR
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/jsonata ]; then
  npm install --no-save --no-audit --no-fund --prefix . jsonata@2.2.2 >/dev/null
fi
JSONATA_VERSION="$(node -p 'require("./node_modules/jsonata/package.json").version')" \
  node jsonata-js.mjs "$1"
