#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs the interop servers' npm dependencies into this folder's
# node_modules, exactly as pinned by package-lock.json (npm ci). Meant to run
# once as a CTest fixture setup, before the interop tests start the servers
# with `node start-cap.js` / `node start-jsonrpc.js`.
#
# Exits 0 without doing anything when node or npm are missing, so a machine
# without Node skips the interop tests instead of failing the build.
# Re-runs npm ci only when package-lock.json or the Node ABI changed since the
# last install (better-sqlite3 is a native addon built for one ABI).
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "interop servers: skipped: node not found"
  exit 0
fi

# better-sqlite3 12 and jayson 5 need Node 20 or later (Debian 12's own nodejs is 18).
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "interop servers: skipped: Node $(node --version) is older than v20, which better-sqlite3 12 and jayson 5 need"
  exit 0
fi

stamp="$dir/node_modules/.batchlab-install-stamp"
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1) node-abi-$(node -p process.versions.modules)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "interop servers: node_modules up to date"
  exit 0
fi

# better-sqlite3 has no prebuilt binary reachable here (its download is from
# GitHub), so it compiles with node-gyp, which needs Node's headers. Point
# node-gyp at the installed ones instead of letting it download them.
nodedir="$(npm config get nodedir)"
if [ -z "$nodedir" ] || [ "$nodedir" = undefined ]; then
  prefix="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$prefix"
  fi
fi

echo "interop servers: npm ci in $dir (builds better-sqlite3, about a minute)"
start=$SECONDS
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
echo "interop servers: installed in $((SECONDS - start)) s"
