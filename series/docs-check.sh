#!/bin/bash
# The documentation of the assembled tree (build/src/docs) builds with
# Sphinx as QEMU's --enable-docs build runs it, warnings fatal (-W): a
# page outside every toctree, a broken reference or bad markup fails.
# Incremental: build/docs keeps Sphinx's doctrees between runs.  Prints
# TAP.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/series/common.sh"
src=$top/build/src/docs
out=$top/build/docs
log=$out/sphinx.log

echo "1..1"
if ! command -v sphinx-build >/dev/null; then
    echo "not ok 1 - sphinx-build is missing (series/deps.sh installs it)"
    exit 1
fi
mkdir -p "$out"
if env CONFDIR=/etc/qemu sphinx-build -q -W -Dkerneldoc_werror=1 -j auto \
        -Dversion="$BASE_VERSION" -Drelease= -b html -d "$out/doctrees" \
        "$src" "$out/html" > "$log" 2>&1; then
    echo "ok 1 - the docs build with Sphinx -W ($(ls "$out"/html/*/ -d |
        wc -l) manuals, HTML in build/docs/html)"
else
    echo "not ok 1 - the docs do not build with Sphinx -W"
    sed 's/^/# /' "$log" | tail -n 20
    exit 1
fi
