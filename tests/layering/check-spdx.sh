#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Every source, build and script file says its licence on its first line (the second after a
# shebang). Fixtures are data and are not checked. Prints each file without one; exits 1 then.
set -u
cd "${1:-$(dirname "$0")/../..}" || exit 2
missing=0
while read -r file; do
    if ! head -n 2 "$file" | grep -q 'SPDX-License-Identifier: BSD-3-Clause'; then
        echo "$file: no SPDX-License-Identifier line"
        missing=$((missing + 1))
    fi
done < <(git ls-files 2>/dev/null | grep -vE '^tests/fixtures/' \
         | grep -E '\.(h|cpp|mjs|cmake|sh|in)$|(^|/)(CMakeLists\.txt|Makefile)$|^\.ci/run$' \
         || find . -path ./build -prune -o -path ./tests/fixtures -prune -o -type f \
                 \( -name '*.h' -o -name '*.cpp' -o -name CMakeLists.txt \) -print)
if [[ $missing -gt 0 ]]; then
    echo "$missing file(s) without a licence line (see LICENSE)"
    exit 1
fi
echo "licence: every source file names BSD-3-Clause"
