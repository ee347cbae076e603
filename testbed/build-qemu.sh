#!/bin/bash
# Cross-build a static qemu-system-riscv64 for the test bed's RISC-V host.
#
# Usage: testbed/build-qemu.sh ours|ours-kvm|anchor SYSROOT
#   ours    build/src (the series), in build/riscv64-host (or
#           $TB_OURS_BUILD): incremental, rebuilt when the series changes
#   ours-kvm  the same, KVM only (--disable-tcg), in build/riscv64-host-kvm
#   anchor  the base without the series (only the patch that lets the
#           +ds tarball configure at all), cached by the base's sha256
# Prints the binary's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

which=$1
sysroot=$2
tcg=--enable-tcg
[ "$which" = ours-kvm ] && tcg=--disable-tcg
options=(
    --python=/usr/bin/python3
    --cross-prefix=$CROSS --static "--cc=ccache ${CROSS}gcc"
    --target-list=riscv64-softmmu
    --without-default-features
    $tcg --enable-kvm --enable-fdt=system
    --disable-docs --disable-tools --disable-install-blobs
    # the Debian host's firmware and option ROMs (efi-virtio.rom for
    # virtio-net-pci), as a distribution's QEMU finds them
    --firmwarepath=/usr/share/qemu
    --extra-cflags=--sysroot=$sysroot --extra-ldflags=--sysroot=$sysroot
)
export PKG_CONFIG=pkg-config
export PKG_CONFIG_LIBDIR=$sysroot/usr/lib/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$sysroot

case $which in
ours|ours-kvm)
    src=$top/build/src
    [ -f "$src/VERSION" ] || die "build/src is not assembled; run ./configure"
    bld=${TB_OURS_BUILD:-$top/build/riscv64-host}
    [ $which = ours ] || bld=$top/build/riscv64-host-kvm
    ;;
anchor)
    base=$("$top/series/fetch-base.sh")
    # the +ds tarball lacks the EDK2 blobs its pc-bios/meson.build wants
    anchor_patch=$top/patches/0001-pc-bios-skip-missing-edk2-blobs.patch
    KEY_EXTRA="$BASE_SHA256 ${options[*]}" k=$(key "$0" "$anchor_patch")
    bld=$TB_CACHE/anchor-$k
    src=$bld.src
    if [ -x "$bld/qemu-system-riscv64" ]; then
        echo "$bld/qemu-system-riscv64"
        exit 0
    fi
    rm -rf "$bld" "$src"
    cp -a "$base" "$src"
    patch -s -p1 -d "$src" < "$anchor_patch"
    ;;
*)
    die "usage: $0 ours|ours-kvm|anchor SYSROOT"
    ;;
esac

want=$(printf '%s\n' "${options[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$bld/build.ninja" ] || [ "$(cat "$bld/.series-configured" 2>/dev/null)" != "$want" ]; then
    rm -rf "$bld"
    mkdir -p "$bld"
    (cd "$bld" && "$src/configure" "${options[@]}") > "$bld.configure.log" 2>&1 ||
        { tail -n 30 "$bld.configure.log" >&2; die "configure of the $which cross build failed"; }
    echo "$want" > "$bld/.series-configured"
fi
# ours: also the unit test of the accelerator's tables, which only a
# riscv64 build has (the test bed runs it: testbed/tests/unit.sh)
targets=(qemu-system-riscv64)
[ "$which" = ours ] && targets+=(tests/unit/test-riscv-kvm-tables)
run_logged "qemu ($which, riscv64)" "$bld/build-progress.log" \
    ninja -C "$bld" "${targets[@]}"
echo "$bld/qemu-system-riscv64"
