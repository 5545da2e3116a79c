#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# check-package.sh BUILD_DIR: packages BUILD_DIR with CPack (DEB and TGZ, into a scratch
# directory: the build tree is only read) and checks the .deb as a user and Debian would:
# lintian without errors, the desktop entry and AppStream metadata valid, and, unpacked with
# dpkg -x into a scratch root, a binary that runs (--version, serve --help, help --man) with
# its man page, bash completion, copyright, changelog and sample sets where Debian wants them.
# `make package` builds the same package from a release tree.
set -euo pipefail
build=$(cd "${1:?usage: check-package.sh BUILD_DIR}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli gzip tar; do
    command -v "$tool" >/dev/null || fail "$tool is missing (installer/install-deps.sh installs it)"
done

echo "== cpack (DEB, TGZ) of $build"
(cd "$build" && cpack -G "DEB;TGZ" -B "$scratch/out" >"$scratch/cpack.log" 2>&1) \
    || { cat "$scratch/cpack.log"; fail "cpack failed"; }
debs=("$scratch"/out/batchlab_*.deb)
[[ -f ${debs[0]} && ${#debs[@]} -eq 1 ]] || fail "no single batchlab_*.deb in $(ls "$scratch/out")"
deb=${debs[0]}
tgzs=("$scratch"/out/batchlab-*.tar.gz)
[[ -f ${tgzs[0]} ]] || fail "no batchlab-*.tar.gz in $(ls "$scratch/out")"
echo "   $(basename "$deb") $(stat -c %s "$deb") bytes, $(basename "${tgzs[0]}")"
tar -tzf "${tgzs[0]}" | grep -q '/bin/batchlab$' || fail "the .tar.gz has no bin/batchlab"

echo "== control"
dpkg-deb --field "$deb" Package Version Architecture Depends
depends=$(dpkg-deb --field "$deb" Depends)
# Qt's libraries as dpkg-shlibdeps found them, not a hand-written list.
grep -q 'libqt6core6' <<<"$depends" || fail "Depends does not name Qt Core: $depends"
grep -q 'libqt6widgets6' <<<"$depends" || fail "Depends does not name Qt Widgets: $depends"

echo "== lintian"
# Errors fail; warnings and info are shown.
lintian --tag-display-limit 0 --allow-root "$deb" >"$scratch/lintian.log" 2>&1 || true
cat "$scratch/lintian.log"
if grep -q '^E: ' "$scratch/lintian.log"; then fail "lintian reports errors"; fi

echo "== dpkg -x"
root=$scratch/root
dpkg -x "$deb" "$root"
for file in usr/bin/batchlab \
            usr/share/man/man1/batchlab.1.gz \
            usr/share/bash-completion/completions/batchlab \
            usr/share/doc/batchlab/copyright \
            usr/share/doc/batchlab/changelog.gz \
            usr/share/applications/batchlab.desktop \
            usr/share/metainfo/io.github.batchlab.Batchlab.metainfo.xml \
            usr/share/icons/hicolor/scalable/apps/batchlab.svg \
            usr/share/mime/packages/batchlab.xml; do
    [[ -f $root/$file ]] || fail "$file is not in the package"
done
sets=$(find "$root/usr/share/batchlab/sets" -name '*.batchlab.json' | wc -l)
[[ $sets -ge 5 ]] || fail "only $sets sample sets in usr/share/batchlab/sets"
grep -q 'BSD-3-Clause' "$root/usr/share/doc/batchlab/copyright" || fail "copyright does not say BSD-3-Clause"

echo "== desktop-file-validate, appstreamcli validate"
# Not even a hint from desktop-file-validate; appstreamcli fails on errors and warnings.
hints=$(desktop-file-validate "$root/usr/share/applications/batchlab.desktop" 2>&1) \
    || fail "desktop-file-validate: $hints"
[[ -z $hints ]] || fail "desktop-file-validate: $hints"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.batchlab.Batchlab.metainfo.xml"

echo "== the unpacked binary"
bin=$root/usr/bin/batchlab
env -u DISPLAY -u WAYLAND_DISPLAY "$bin" --version | tee "$scratch/version"
grep -q '^Batchlab [0-9]' "$scratch/version" || fail "--version says no version"
env -u DISPLAY -u WAYLAND_DISPLAY "$bin" serve --help >"$scratch/serve-help"
grep -q -- '--port' "$scratch/serve-help" || fail "serve --help lists no --port"
# A sample installed with the package, run against the built-in sandbox, one threshold checked.
env -u DISPLAY -u WAYLAND_DISPLAY "$bin" run "$root/usr/share/batchlab/sets/user-fanout.batchlab.json" \
    --iterations 2 --arrival all --threshold 'failures==0' --json >"$scratch/run.json" \
    || fail "batchlab run of the installed user-fanout sample failed"
grep -q '"calls": 48' "$scratch/run.json" || fail "the sample's run made no 48 calls: $(cat "$scratch/run.json")"
grep -q '"passed": true' "$scratch/run.json" || fail "the sample's run failed its threshold"
# The installed man page and completion are what the binary writes now.
cmp <(gzip -dc "$root/usr/share/man/man1/batchlab.1.gz" | sed 1,2d) <("$bin" help --man | sed 1,2d) \
    || fail "the installed man page is not the binary's"
cmp "$root/usr/share/bash-completion/completions/batchlab" <("$bin" completion bash) \
    || fail "the installed completion is not the binary's"
echo "package: ok"
