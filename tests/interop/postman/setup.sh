#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs Postman's own tools (ajv with the v2.1 schema, the postman-collection SDK, newman)
# into this folder's node_modules, exactly as pinned by package-lock.json (npm ci). Runs once
# as a CTest fixture setup before tst_postmanexport checks the collections Batchlab writes.
# Exits 0 without doing anything when node or npm are missing: the check then skips.
# Re-runs npm ci only when package-lock.json changed since the last install.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "postman tools: skipped: node not found"
  exit 0
fi

stamp="$dir/node_modules/.batchlab-install-stamp"
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "postman tools: node_modules up to date"
  exit 0
fi

echo "postman tools: npm ci in $dir"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
echo "postman tools: installed"
