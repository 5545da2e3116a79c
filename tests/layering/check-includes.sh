#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The include rules of docs/architecture.md, checked on the source tree:
#   - every project include names its folder from the target's root ("engine/requestqueue.h"),
#     except the few files that sit at a target's root;
#   - each folder of core/ includes only folders below it (types and containers at the ground,
#     then telemetry, wire, transport and resilience, engine, cache, client, runs);
#   - nothing outside core/engine/ includes engine/detail/ or engine/requestqueue_p.h;
#   - core/ includes no Qt Gui, Widgets, Charts or HTTP Server header, nor the sandbox.
# Prints each breach as file:line and exits 1 when there is one.
set -u
cd "${1:-$(dirname "$0")/../..}" || exit 2

rank() {
    case "$1" in
        types|containers) echo 0 ;;
        telemetry) echo 1 ;;
        wire) echo 2 ;;
        transport|resilience) echo 3 ;;
        engine) echo 4 ;;
        cache) echo 5 ;;
        client) echo 6 ;;
        runs) echo 7 ;;
        *) echo -1 ;;
    esac
}
generated='^(version\.h|[a-z_]+\.moc)$' # CMake's and moc's output
breaches=0
breach() { echo "$1: $2"; breaches=$((breaches + 1)); }

while IFS=: read -r file line text; do
    inc=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+"([^"]+)".*/\1/' <<<"$text")
    if [[ "$inc" != */* ]]; then
        # Files at a target's root (the main window, buildinfo, the translation helpers).
        [[ -f "core/$inc" || -f "ui/$inc" || -f "app/$inc" || "$inc" =~ $generated ]] \
            || breach "$file:$line" "\"$inc\" does not name its folder"
        continue
    fi
    if [[ ( "$inc" == engine/detail/* || "$inc" == engine/requestqueue_p.h ) \
          && "$file" != core/engine/* ]]; then
        breach "$file:$line" "\"$inc\" is private to core/engine/"
    fi
    [[ "$file" == core/*/* ]] || continue # below: core's folders (not its root's buildinfo)
    from=$(cut -d/ -f2 <<<"$file")
    to=${inc%%/*}
    [[ "$from" == "$to" ]] && continue
    if [[ $(rank "$to") -lt 0 ]]; then
        breach "$file:$line" "core/ includes \"$inc\", which is not part of core/"
    elif [[ $(rank "$from") -le $(rank "$to") ]]; then
        breach "$file:$line" "$from/ includes $to/, which is not below it"
    fi
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' core ui app sandbox \
             --include='*.h' --include='*.cpp')

# core/ links Qt Core and Network only: no header of the GUI modules or of Qt HTTP Server.
qt_headers=$(qtpaths6 --query QT_INSTALL_HEADERS 2>/dev/null || echo /usr/include/x86_64-linux-gnu/qt6)
gui_only=$(cd "$qt_headers" && ls QtGui QtWidgets QtCharts QtHttpServer 2>/dev/null | grep '^Q')
while IFS=: read -r file line text; do
    inc=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+<(Qt[A-Za-z]+\/)?([^>]+)>.*/\2/' <<<"$text")
    if grep -qxF "$inc" <<<"$gui_only" && [[ ! -e "$qt_headers/QtCore/$inc" && ! -e "$qt_headers/QtNetwork/$inc" ]]; then
        breach "$file:$line" "core/ links Qt Core and Network only, not <$inc>"
    fi
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]+<Q' core --include='*.h' --include='*.cpp')

if [[ $breaches -gt 0 ]]; then
    echo "$breaches include(s) break the layering of docs/architecture.md"
    exit 1
fi
echo "includes: every folder of core/ includes only folders below it"
