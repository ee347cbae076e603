#!/bin/bash
# Fetch the pinned QEMU base (Debian's orig tarball), check its sha256 and
# unpack it into the cache.  Prints the unpacked directory.
#
# Order of sources: the cache, Debian's trixie source package through a
# private apt configuration, then $SERIES_BASE_FALLBACK (a directory
# holding the tarball, e.g. a shared copy on CI machines).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

fallback=${SERIES_BASE_FALLBACK:-$here/../../shared/base}
dl=$SERIES_CACHE/base
tarball=$dl/$BASE_TARBALL
unpacked=$dl/qemu-$BASE_SHA256

check_sum() {
    echo "$BASE_SHA256  $1" | sha256sum --quiet -c - 2>/dev/null
}

if [ -f "$unpacked/.complete" ]; then
    echo "$unpacked"
    exit 0
fi

mkdir -p "$dl"
if [ -f "$tarball" ] && ! check_sum "$tarball"; then
    msg "cached $tarball has the wrong sha256; fetching again"
    rm -f "$tarball"
fi

if [ ! -f "$tarball" ]; then
    msg "fetching QEMU $BASE_VERSION (Debian source package qemu $BASE_DEB_VERSION)"
    apt_setup
    tmp=$(mktemp -d "$dl/fetch.XXXXXX")
    if apt_private update -qq >/dev/null 2>&1 &&
       (cd "$tmp" && apt_private source --download-only -qq \
            "qemu=$BASE_DEB_VERSION" >/dev/null 2>&1) &&
       [ -f "$tmp/$BASE_TARBALL" ]; then
        mv "$tmp/$BASE_TARBALL" "$tarball.part"
    elif [ -f "$fallback/$BASE_TARBALL" ]; then
        msg "Debian no longer offers qemu $BASE_DEB_VERSION; using $fallback"
        cp "$fallback/$BASE_TARBALL" "$tarball.part"
    fi
    rm -rf "$tmp"
    if [ ! -f "$tarball.part" ]; then
        die "cannot get $BASE_TARBALL: it is neither in $dl nor offered by
Debian (trixie source package qemu $BASE_DEB_VERSION).  Download it from
https://snapshot.debian.org/package/qemu/$BASE_DEB_VERSION/ (or set
SERIES_BASE_FALLBACK to a directory holding it) and run again."
    fi
    if ! check_sum "$tarball.part"; then
        rm -f "$tarball.part"
        die "$BASE_TARBALL does not have sha256 $BASE_SHA256; refusing to use it"
    fi
    mv "$tarball.part" "$tarball"
fi

msg "unpacking $BASE_TARBALL"
rm -rf "$unpacked" "$unpacked.part"
mkdir -p "$unpacked.part"
tar -xJf "$tarball" -C "$unpacked.part" --strip-components=1
# the tree is read-only input: assembly copies from it
touch "$unpacked.part/.complete"
mv "$unpacked.part" "$unpacked"
echo "$unpacked"
