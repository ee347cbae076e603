#!/bin/bash
# Turn edits of base files in build/src back into a patch of the series.
#
# Usage: series/mkpatch.sh patches/NNNN-name.patch FILE...
#   FILE... are paths inside the QEMU tree (e.g. pc-bios/meson.build).
#   A new patch is appended to patches/series; an existing one is rewritten
#   with its header (description) kept.  Re-run ./configure afterwards.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { sed -n '2,8s/^# \{0,1\}//p' "$0" >&2; exit 2; }
base=$("$top/series/fetch-base.sh")
exec /usr/bin/python3 "$top/series/assemble.py" mkpatch "$base" \
    "$top/build/src" "$@"
