#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The HAR exports checked by har-validator: installs it into this folder's node_modules as
# pinned by package-lock.json (npm ci, once), has each test given (tst_harexporter: the sample
# sets and seeded random ones; tst_wirehar: runs' wire) write its exports into a temporary
# folder, and validates every one of them.
# Exits 77 (CTest skips) when node or npm are missing.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "har-validator: skipped: node not found"
  exit 77
fi

stamp="$dir/node_modules/.batchlab-install-stamp"
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for tst in "$@"; do
  BATCHLAB_HAR_OUT="$out" QT_QPA_PLATFORM=offscreen "$tst" writeExportsForValidator
done
node "$dir/validate.js" "$out"
