#!/bin/bash
# Link the firmware named in series/firmware.map into the data directory
# that a QEMU binary run from the build tree searches (build/qemu-bundle).
#
# Usage: series/firmware.sh BUILD_DIR
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)

datadir=$(sed -n 's/^#define CONFIG_QEMU_DATADIR "\(.*\)"$/\1/p' \
    "$build/config-host.h")
[ -n "$datadir" ] || { echo "series: error: no CONFIG_QEMU_DATADIR in $build/config-host.h" >&2; exit 1; }
dest=$build/qemu-bundle$datadir
mkdir -p "$dest"

sed -e 's/#.*//' "$here/firmware.map" | while read -r name pattern; do
    [ -n "$name" ] || continue
    case "$pattern" in
    /*) ;;
    *) pattern=$build/$pattern ;;
    esac
    for f in $pattern; do
        # a source not there yet (an option ROM before the build) is skipped
        [ -e "$f" ] || continue
        n=$name
        [ "$n" = '*' ] && n=$(basename "$f")
        ln -sfn "$f" "$dest/$n"
    done
done
