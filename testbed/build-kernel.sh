#!/bin/bash
# Build one of the test bed's Linux Images: a line of
# testbed/host-kernels/list (default 6.12, the main host and the nested
# guests' kernel), its fragments merged onto its base configuration.
# Cached by the source's version, the line, its fragments and this script.
# Prints the Image's path.
#
# Usage: testbed/build-kernel.sh [NAME]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:-6.12}
host_kernel "$name"
linux_source "$hk_source"
src=$linux_src version=$linux_version
KEY_EXTRA="$version $name $hk_base" k=$(key "${hk_fragments[@]}" "$0")
out=$TB_CACHE/kernel-$k
if [ -f "$out/Image" ]; then
    echo "$out/Image"
    exit 0
fi

# one object directory per kernel: a changed fragment rebuilds
# incrementally
obj=$TB_CACHE/kernel.obj
[ "$name" = 6.12 ] || obj=$TB_CACHE/kernel-$name.obj
rm -rf "$out"
mkdir -p "$obj"
frag=$obj/fragment.config
cat "${hk_fragments[@]}" > "$frag"
kmake() {
    make -C "$src" O="$obj" ARCH=riscv CROSS_COMPILE=$CROSS "$@"
}
case $hk_base in
defconfig)
    kmake -s defconfig >/dev/null
    KCONFIG_CONFIG="$obj/.config" "$src/scripts/kconfig/merge_config.sh" -m \
        -O "$obj" "$obj/.config" "$frag" >/dev/null
    kmake -s olddefconfig >/dev/null
    ;;
allnoconfig)
    kmake -s KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null
    ;;
*) die "testbed/host-kernels/list: unknown base '$hk_base' for $name" ;;
esac
check_kconfig "$frag" "$obj/.config"
run_logged "kernel $name" "$obj/build.log" kmake -j"$JOBS" Image
mkdir -p "$out"
cp "$obj/arch/riscv/boot/Image" "$obj/.config" "$out/"
echo "$out/Image"
