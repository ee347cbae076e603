#!/bin/bash
# Make an initramfs (newc cpio, gzip) holding busybox and an init script.
# Usage: testbed/mkinitramfs.sh BUSYBOX INIT OUT
set -euo pipefail
busybox=$1 init=$2 out=$3
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/bin" "$d/dev"
# init's stdio before anything is mounted
mknod -m 600 "$d/dev/console" c 5 1
cp "$busybox" "$d/bin/busybox"
ln -s busybox "$d/bin/sh"
cp "$init" "$d/init"
chmod 755 "$d/init"
(cd "$d" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -9) > "$out.tmp"
mv "$out.tmp" "$out"
