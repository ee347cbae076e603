#!/bin/bash
# Build the test bed's Linux Image (host and guest kernel) from Debian's
# linux-source-6.12 with testbed/kernel.config merged onto defconfig.
# Cached by the source version, the fragment and this script.
# Prints the Image's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null) ||
    die "linux-source-6.12 is not installed; run series/deps.sh"
version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
KEY_EXTRA="$version" k=$(key "$testbed_dir/kernel.config" "$0")
out=$TB_CACHE/kernel-$k
if [ -f "$out/Image" ]; then
    echo "$out/Image"
    exit 0
fi

src=$TB_CACHE/src/linux-$version
if [ ! -f "$src/.complete" ]; then
    msg "unpacking linux-source-6.12 $version"
    rm -rf "$src" && mkdir -p "$src"
    tar -xJf "$tarball" -C "$src" --strip-components=1
    touch "$src/.complete"
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
# every line of the fragment must have taken effect
while read -r line; do
    case $line in
    CONFIG_*=*) grep -qx "$line" "$obj/.config" ||
        die "kernel.config: '$line' did not take effect (a dependency is missing)" ;;
    "# CONFIG_"*" is not set")
        opt=${line#\# }; opt=${opt%% *}
        ! grep -q "^$opt=" "$obj/.config" ||
            die "kernel.config: '$line' did not take effect (something selects it)" ;;
    esac
done < "$testbed_dir/kernel.config"
run_logged kernel "$obj/build.log" kmake -j"$JOBS" Image
mkdir -p "$out"
cp "$obj/arch/riscv/boot/Image" "$obj/.config" "$out/"
echo "$out/Image"
