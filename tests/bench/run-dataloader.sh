#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Runs the DataLoader reference beside bench_engine when Node and npm are there.
set -euo pipefail
dir="$(cd "$(dirname "$0")/dataloader" && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "  reference, DataLoader: skipped (node or npm not found)"
  exit 0
fi
if [ ! -d "$dir/node_modules/dataloader" ]; then
  npm install --silent --no-audit --no-fund --prefix "$dir" >/dev/null
fi
node "$dir/bench.mjs"
