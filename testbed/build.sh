#!/bin/bash
# Build every part of the test bed and lay it out in build/testbed.
# Parts are cached outside the repository by a hash of their inputs;
# our cross-built QEMU is rebuilt incrementally when the series changes.
#
# Usage: testbed/build.sh [--anchor] [--debian] [--hosts] [--kvm-only]
#   --anchor  also build the unmodified base (for side-by-side tests)
#   --kvm-only  also build our QEMU KVM only (--disable-tcg), as
#             /tb/bin/qemu-system-riscv64-kvm
#   --debian  also build the Debian host (testbed/build-debian.sh)
#   --hosts   also build the other host kernels of
#             testbed/host-kernels/list (testbed/run.py --host-linux)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

anchor= debian= hosts= kvm_only=
for a in "$@"; do
    case $a in
    --anchor) anchor=1 ;;
    --debian) debian=1 ;;
    --hosts) hosts=1 ;;
    --kvm-only) kvm_only=1 ;;
    *) die "usage: $0 [--anchor] [--debian] [--hosts] [--kvm-only]" ;;
    esac
done
n=4
[ -n "$anchor" ] && n=$((n + 1))
[ -n "$kvm_only" ] && n=$((n + 1))
[ -n "$debian" ] && n=$((n + 1))
[ -n "$hosts" ] && n=$((n + 1))

step 1 $n "kernel (Linux 6.12, testbed/kernel.config)"
image=$("$testbed_dir/build-kernel.sh")
step 2 $n "riscv64 userland (zlib, pcre2, libffi, glib, libfdt, busybox)"
sysroot=$("$testbed_dir/build-userland.sh")
step 3 $n "our qemu-system-riscv64 (build/src, cross, static)"
ours=$("$testbed_dir/build-qemu.sh" ours "$sysroot")
s=4
if [ -n "$kvm_only" ]; then
    step $s $n "our qemu-system-riscv64, KVM only (--disable-tcg)"
    ours_kvm=$("$testbed_dir/build-qemu.sh" ours-kvm "$sysroot")
    s=$((s + 1))
fi
if [ -n "$anchor" ]; then
    step $s $n "anchor qemu-system-riscv64 (the base without the series)"
    anchor_bin=$("$testbed_dir/build-qemu.sh" anchor "$sysroot")
fi

if [ -n "$hosts" ]; then
    others=$(awk '!/^#/ && NF && $1 != "6.12" { print $1 }' \
        "$testbed_dir/host-kernels/list")
    step $((n - 1 - ${debian:-0})) $n "other host kernels: $(echo $others)"
    for h in $others; do
        img=$("$testbed_dir/build-kernel.sh" "$h")
        mkdir -p "$TB_OUT/hosts/$h"
        rm -f "$TB_OUT/hosts/$h/Image"
        ln -s "$img" "$TB_OUT/hosts/$h/Image"
    done
fi

if [ -n "$debian" ]; then
    step $((n - 1)) $n "Debian host and UEFI guest (trixie riscv64 packages, testbed/debian)"
    deb_host=$("$testbed_dir/build-debian.sh")
    deb_guest=$("$testbed_dir/build-debian-guest.sh")
    # the assets of the functional tests, by sha256 (the host has no
    # network)
    "$testbed_dir/functional-assets.py" "$TB_CACHE/functional" \
        "$(debian_mirror debian)" "$TB_CACHE/debian-apt/archives" \
        "$top"/build/src/tests/functional/test_riscv64_kvm.py
    mkdir -p "$TB_OUT/debian"
    for f in Image host.cpio; do
        rm -f "$TB_OUT/debian/$f"
        ln -s "$deb_host/$f" "$TB_OUT/debian/$f"
    done
fi

step $n $n "initramfs and share"
share=$TB_OUT/share
mkdir -p "$share/bin" "$share/tests" "$share/bench-riscv"
# 9p shares cannot follow links out of the share: place real files
place() {
    rm -f "$2"
    ln "$1" "$2" 2>/dev/null || cp "$1" "$2"
}
place "$image" "$TB_OUT/Image"
place "$image" "$share/Image"
# stripped: the host reads them over 9p, under TCG
strip_to() {
    if [ ! -f "$2" ] || [ "$1" -nt "$2" ]; then
        ${CROSS}strip -o "$2.tmp" "$1" && mv "$2.tmp" "$2"
    fi
}
strip_to "$ours" "$share/bin/qemu-system-riscv64"
strip_to "$(dirname "$ours")/tests/unit/test-riscv-kvm-tables" \
    "$share/bin/test-riscv-kvm-tables"
if [ -n "$debian" ]; then
    place "$deb_guest" "$share/debian-guest.qcow2"
    # QEMU's functional tests of the series, with the base's qemu_test
    # and python/qemu, and their assets (testbed/tests/functional.sh)
    f=$share/functional
    rm -rf "$f"
    mkdir -p "$f/python" "$f/tests/functional" "$f/cache/download"
    cp -r "$top/build/src/python/qemu" "$f/python/"
    cp -r "$top/build/src/tests/functional/qemu_test" "$f/tests/functional/"
    cp "$top"/build/src/tests/functional/test_riscv64_kvm.py "$f/tests/functional/"
    for a in "$TB_CACHE"/functional/download/*; do
        [ -f "$a" ] || continue
        place "$a" "$f/cache/download/$(basename "$a")"
    done
fi
if [ -n "$anchor" ]; then
    strip_to "$anchor_bin" "$share/bin/qemu-system-riscv64-anchor"
fi
if [ -n "$kvm_only" ]; then
    strip_to "$ours_kvm" "$share/bin/qemu-system-riscv64-kvm"
fi
install -m 755 "$testbed_dir/tb-guest" "$testbed_dir/tb-libvirtd" "$share/bin/"
# the bare-metal guest test programs (tests/guest/riscv)
mkdir -p "$share/guest-riscv"
make -s -C "$top/tests/guest/riscv" O="$share/guest-riscv" CROSS=$CROSS
# their symbols ("program symbol address"), for the gdb test
for elf in "$share"/guest-riscv/*.elf; do
    ${CROSS}nm "$elf" | awk -v p="$(basename "$elf" .elf)" \
        '$2 ~ /^[Tt]$/ { print p, $3, $1 }'
done > "$share/guest-riscv/symbols"
# bench/'s bare-metal workloads (make bench in tests/guest/riscv)
make -s -C "$top/tests/guest/riscv" O="$share/bench-riscv" CROSS=$CROSS bench
# host-side tools of the tests (testbed/tools) and of bench/ (bench/tools)
for t in "$testbed_dir"/tools/*.c "$top"/bench/tools/*.c; do
    out="$share/bin/$(basename "$t" .c)"
    if [ ! -f "$out" ] || [ "$t" -nt "$out" ]; then
        ${CROSS}gcc -O2 -Wall -Werror -static -s -o "$out" "$t"
    fi
done
# an empty qcow2 disk for the snapshot tests (savevm needs one)
[ -f "$share/empty.qcow2" ] || qemu-img create -q -f qcow2 "$share/empty.qcow2" 16M
rm -f "$share"/tests/*
install -m 755 "$testbed_dir"/tests/*.sh "$share/tests/"
# what each host kernel offers (tests/tap.sh: host_feature)
mkdir -p "$share/host-kernels"
install -m 644 "$testbed_dir/host-kernels/features" "$share/host-kernels/"
"$testbed_dir/mkinitramfs.sh" "$sysroot/bin/busybox" "$testbed_dir/host-init" \
    "$TB_OUT/host.cpio.gz"
"$testbed_dir/mkinitramfs.sh" "$sysroot/bin/busybox" "$testbed_dir/guest-init" \
    "$share/guest.cpio.gz"
"$testbed_dir/mkinitramfs.sh" --ext4 "$sysroot/bin/busybox" \
    "$testbed_dir/guest-init" "$share/guest-root.img"
echo "testbed: ready in build/testbed"
