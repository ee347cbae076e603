#!/bin/bash
# Make a root filesystem holding busybox and an init script: an initramfs
# (newc cpio, gzip), or with --ext4 a 32 MiB ext4 disk image (the guest's
# root on virtio-blk: root=/dev/vda rw init=/init).  With --root, the
# tree DIR (the Debian host's, already unpacked) gets the init script and
# becomes an uncompressed cpio: a TCG host copies it faster than it
# inflates it.
# Usage: testbed/mkinitramfs.sh [--ext4] BUSYBOX INIT OUT
#        testbed/mkinitramfs.sh --root DIR INIT OUT
set -euo pipefail
ext4= tree=
case $1 in
--ext4) ext4=1; shift ;;
--root) tree=$2; shift 2 ;;
esac
if [ -n "$tree" ]; then
    init=$1 out=$2
    d=$tree
else
    busybox=$1 init=$2 out=$3
    d=$(mktemp -d)
    trap 'rm -rf "$d"' EXIT
    mkdir -p "$d/bin"
    cp "$busybox" "$d/bin/busybox"
    ln -s busybox "$d/bin/sh"
fi
mkdir -p "$d/dev" "$d/proc" "$d/sys" "$d/tmp"
# init's stdio before anything is mounted
rm -f "$d/dev/console"
mknod -m 600 "$d/dev/console" c 5 1
cp "$init" "$d/init"
chmod 755 "$d/init"
if [ -n "$ext4" ]; then
    rm -f "$out.tmp"
    /usr/sbin/mke2fs -q -t ext4 -L tb-root -d "$d" "$out.tmp" 32M
elif [ -n "$tree" ]; then
    (cd "$d" && find . | cpio -o -H newc -R 0:0 --quiet) > "$out.tmp"
else
    (cd "$d" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -9) > "$out.tmp"
fi
mv "$out.tmp" "$out"
