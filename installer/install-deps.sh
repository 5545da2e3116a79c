#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs everything Batchlab needs to build, test and be looked at on Debian 12:
# the toolchain, Qt 6.4 (Core, Network, Widgets, Charts, HttpServer, Svg, Test,
# linguist tools), QtKeychain (the system's secret store; optional to the build), Xvfb for
# GUI smoke checks, Node for the interop servers, and what `make package` and its test use
# (dpkg-shlibdeps, lintian, desktop-file-validate, appstreamcli; groff and man read
# batchlab(1)). Idempotent: it installs only what is missing and says what that is. Works as
# root or through sudo.
set -euo pipefail

packages=(
  cmake ninja-build g++ make pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-httpserver-dev
  qt6-websockets-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-qpa-plugins libqt6opengl6-dev libgl-dev libxkbcommon-dev qtkeychain-qt6-dev
  fonts-dejavu-core xvfb xauth x11-apps imagemagick curl python3
  dpkg-dev file lintian desktop-file-utils appstream groff-base man-db
)
# Node runs the real batch servers of the interop tests (tests/interop/servers/) and the
# DataLoader benchmark. A Node already installed (20 or later is needed) is kept; without
# one, Debian's is installed, and the interop tests say why they skip if it is too old.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
