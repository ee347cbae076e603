#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the XO Linux guest into OUT: bzImage, an x86-64 kernel from
# Debian's linux-source-6.12 with x86-mm-xo.patch on x86-64 tinyconfig
# plus kernel.config (cached by a hash of those, the source version and
# this script), and initramfs.cpio, which holds xo-init as /init,
# xo-elf, and for bench/ xo-bench as /bench with the programs it runs.
# run-linux.py boots them.
# Usage: tests/guest/x86/linux/build.sh OUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../../testbed/lib.sh"

[ $# = 1 ] || die "usage: $0 OUT"
dest=$1
linux_source
KEY_EXTRA="$linux_version" k=$(key "$here/x86-mm-xo.patch" \
    "$here/kernel.config" "$0")
cache=$SERIES_CACHE/guest-x86
out=$cache/linux-$k
if [ ! -f "$out/bzImage" ]; then
    # the patched tree: hard links to the shared one, which patch's
    # rename of every file it changes leaves untouched
    src=$cache/src-$k
    if [ ! -f "$src/.complete" ]; then
        rm -rf "$src" && mkdir -p "$cache"
        cp -al "$linux_src" "$src"
        rm "$src/.complete"
        patch -s -p1 -d "$src" < "$here/x86-mm-xo.patch"
        touch "$src/.complete"
    fi
    obj=$cache/linux.obj
    mkdir -p "$obj"
    kmake() {
        make -C "$src" O="$obj" ARCH=x86_64 "$@"
    }
    msg "building the XO guest kernel (linux $linux_version, x86-mm-xo.patch)"
    kmake -s tinyconfig >/dev/null
    KCONFIG_CONFIG="$obj/.config" "$src/scripts/kconfig/merge_config.sh" \
        -m -O "$obj" "$obj/.config" "$here/kernel.config" >/dev/null
    kmake -s olddefconfig >/dev/null
    check_kconfig "$here/kernel.config" "$obj/.config"
    run_logged guest-kernel "$obj/build.log" kmake -j"$JOBS" bzImage
    mkdir -p "$out"
    cp "$obj/arch/x86/boot/bzImage" "$obj/.config" "$out/"
    # older patched trees are not needed any more
    for old in "$cache"/src-*; do
        [ "$old" = "$src" ] || rm -rf "$old"
    done
fi
mkdir -p "$dest"
ln -sfn "$out/bzImage" "$dest/bzImage"
# the kernel's scripts/checkpatch.pl, for run-linux.py's check of the patch
ln -sfn "$linux_src/scripts" "$dest/linux-scripts"

# the initramfs: a second or two, built each time
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/dev" "$root/proc"
mknod -m 600 "$root/dev/console" c 5 1
gcc -static -O2 -Wall -Wextra -Wno-unused-parameter -Werror \
    -o "$root/init" "$here/xo-init.c"
gcc -static -O2 -Wall -Wextra -Werror -o "$root/bench" "$here/xo-bench.c"
xo_link() {
    gcc -nostdlib -static -no-pie -Wl,-T,"$here/xo-elf.ld" \
        -Wl,-z,max-page-size=4096 -Wl,--build-id=none "$@"
}
xo_link -o "$root/xo-elf" "$here/xo-elf.S"
xo_link -o "$root/xo-true" "$here/xo-work.S"
xo_link -DSPIN -o "$root/xo-spin" "$here/xo-work.S"
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) \
    > "$dest/initramfs.cpio.new"
mv "$dest/initramfs.cpio.new" "$dest/initramfs.cpio"
