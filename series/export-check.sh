#!/bin/bash
# Check the exported series the way a maintainer would: apply its
# patches one by one onto the pristine base (git am), and after each one
# build the tree incrementally and run checkpatch on the patch (with
# its Signed-off-by check).  Two builds follow the patches: QEMU as
# ./configure builds it (x86_64 and riscv64 system emulators, the unit
# tests) and the test bed's cross build of qemu-system-riscv64, the only
# one that compiles the RISC-V KVM accelerator.  Their build directories
# sit at the same depth as build/qemu's, so ccache serves what an
# earlier build compiled.
#
# Usage: series/export-check.sh     (after make export, which make runs)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/series/common.sh"

out=$top/build/export
work=$top/build/export-check
src=$work/src
log=$work/log
[ -d "$out" ] || die "no build/export: run make export first"

base=$("$top/series/fetch-base.sh")
sysroot=$("$top/testbed/build-userland.sh")
# a fresh source tree has the base's old timestamps: builds of an earlier
# run would look newer than it, so they start afresh (ccache has them)
rm -rf "$src" "$work/qemu" "$work/riscv64-host" "$log"
mkdir -p "$work" "$log"
cp -a "$base" "$src"
git -C "$src" init -q
git -C "$src" add -A -f .
git -C "$src" -c user.name=series -c user.email=series@localhost \
    commit -q -m base

x86_options=(
    --python=/usr/bin/python3
    "--cc=ccache cc"
    --target-list=riscv64-softmmu,x86_64-softmmu
    --without-default-features
    --enable-tcg --enable-kvm --enable-fdt=system
    --disable-docs --disable-install-blobs
)
cross_options=(
    --python=/usr/bin/python3
    --cross-prefix=riscv64-linux-gnu- --static
    "--cc=ccache riscv64-linux-gnu-gcc"
    --target-list=riscv64-softmmu
    --without-default-features
    --enable-tcg --enable-kvm --enable-fdt=system
    --disable-docs --disable-tools --disable-install-blobs
    --extra-cflags=--sysroot=$sysroot --extra-ldflags=--sysroot=$sysroot
)

configure_in() {    # DIR OPTIONS...
    local dir=$1
    shift
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && ../src/configure "$@") > "$dir.configure.log" 2>&1 ||
        { tail -n 30 "$dir.configure.log" >&2; return 1; }
}

# the unit tests only the cross build has, once a patch has brought them
cross_tests() {
    ninja -C "$work/riscv64-host" -t targets all 2>/dev/null |
        sed -n 's|^\(tests/unit/test-riscv-kvm-tables\): .*|\1|p'
}

build_step() {      # N NAME
    local n=$1 name=$2
    if ! ninja -C "$work/qemu" > "$log/$n-x86.log" 2>&1; then
        grep -E 'error|FAILED' "$log/$n-x86.log" | head -n 20 >&2
        return 1
    fi
    if ! PKG_CONFIG=pkg-config PKG_CONFIG_LIBDIR=$sysroot/usr/lib/pkgconfig \
         PKG_CONFIG_SYSROOT_DIR=$sysroot \
         ninja -C "$work/riscv64-host" qemu-system-riscv64 \
         $(cross_tests) > "$log/$n-riscv.log" 2>&1; then
        grep -E 'error|FAILED' "$log/$n-riscv.log" | head -n 20 >&2
        return 1
    fi
}

patches=("$out"/*.patch)
failed=0
export PKG_CONFIG=pkg-config
for p in "${patches[@]}"; do
    name=$(basename "$p")
    n=${name%%-*}
    if ! git -C "$src" am -q "$p" > "$log/$n-am.log" 2>&1; then
        cat "$log/$n-am.log" >&2
        die "$name does not apply"
    fi
    if [ ! -f "$work/qemu/build.ninja" ]; then
        msg "configuring the two builds (once)"
        configure_in "$work/qemu" "${x86_options[@]}"
        PKG_CONFIG_LIBDIR=$sysroot/usr/lib/pkgconfig \
            PKG_CONFIG_SYSROOT_DIR=$sysroot \
            configure_in "$work/riscv64-host" "${cross_options[@]}"
    fi
    start=$SECONDS
    result=builds
    if ! build_step "$n" "$name"; then
        result="DOES NOT BUILD (build/export-check/log/$n-*.log)"
        failed=$((failed + 1))
    fi
    cp=$("$src/scripts/checkpatch.pl" --no-tree "$p" 2>&1 | tail -n 40) || {
        echo "$cp" | grep -E '^(ERROR|WARNING)' -A3 >&2
        result="$result, checkpatch FAILS"
        failed=$((failed + 1))
    }
    warnings=$(echo "$cp" | grep -c '^WARNING' || true)
    printf '%-62s %s, checkpatch: %s warnings (%d s)\n' "$name" "$result" \
        "$warnings" $((SECONDS - start))
done
if [ $failed != 0 ]; then
    die "$failed of ${#patches[@]} steps failed"
fi
msg "every one of the ${#patches[@]} patches builds and passes checkpatch"
