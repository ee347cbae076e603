#!/bin/bash
# Build the test bed's Linux Image (host and guest kernel) from Debian's
# linux-source-6.12 with testbed/kernel.config merged onto defconfig.
# Cached by the source version, the fragment and this script.
# Prints the Image's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

linux_source
src=$linux_src version=$linux_version
KEY_EXTRA="$version" k=$(key "$testbed_dir/kernel.config" "$0")
out=$TB_CACHE/kernel-$k
if [ -f "$out/Image" ]; then
    echo "$out/Image"
    exit 0
fi

# one object directory for all configurations: a changed fragment
# rebuilds incrementally
obj=$TB_CACHE/kernel.obj
rm -rf "$out"
mkdir -p "$obj"
kmake() {
    make -C "$src" O="$obj" ARCH=riscv CROSS_COMPILE=$CROSS "$@"
}
kmake -s defconfig >/dev/null
KCONFIG_CONFIG="$obj/.config" "$src/scripts/kconfig/merge_config.sh" -m \
    -O "$obj" "$obj/.config" "$testbed_dir/kernel.config" >/dev/null
kmake -s olddefconfig >/dev/null
check_kconfig "$testbed_dir/kernel.config" "$obj/.config"
run_logged kernel "$obj/build.log" kmake -j"$JOBS" Image
mkdir -p "$out"
cp "$obj/arch/riscv/boot/Image" "$obj/.config" "$out/"
echo "$out/Image"
