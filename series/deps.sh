#!/bin/bash
# Install every Debian package this series needs, through a private apt
# configuration (bookworm + bookworm-backports + trixie sources); the
# system's apt sources stay untouched.  Idempotent and silent when all is
# already installed.
#
# Usage: series/deps.sh [--print-apt-opts] [--bench]
#   --bench: also what bench/ needs (python3-matplotlib for the plot)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

# name[/suite]: a package, from bookworm unless a suite is given
PACKAGES="
    build-essential pkg-config ninja-build ccache git rsync xz-utils patch
    lib32gcc-12-dev
    python3 python3-venv python3-setuptools
    python3-sphinx python3-sphinx-rtd-theme
    meson/bookworm-backports python3-pycotap/bookworm-backports
    libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev
    seabios ipxe-qemu opensbi/bookworm-backports
    gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
    linux-source-6.12 linux-source-6.1 bc flex bison cpio bzip2 libssl-dev
    libelf-dev e2fsprogs
    kmod dosfstools mtools fdisk
    qemu-system-misc/bookworm-backports qemu-utils/bookworm-backports dpkg-dev
"

case " $* " in
*" --bench "*) PACKAGES="$PACKAGES python3-matplotlib" ;;
esac

apt_setup

missing=""
for p in $PACKAGES; do
    name=${p%/*}
    if ! dpkg-query -W -f='${Status}\n' "$name" 2>/dev/null |
            grep -q '^install ok installed$'; then
        missing="$missing $p"
    fi
done
# a backports package older than wanted is also "missing"
if dpkg --compare-versions "$(dpkg-query -W -f='${Version}' meson 2>/dev/null || echo 0)" lt 1.5; then
    case "$missing" in *meson/*) ;; *) missing="$missing meson/bookworm-backports" ;; esac
fi
[ -z "$missing" ] && exit 0

echo "series: installing Debian packages:$missing"
apt_private update -qq
main="" bpo=""
for p in $missing; do
    case $p in
    */bookworm-backports) bpo="$bpo ${p%/*}" ;;
    *) main="$main $p" ;;
    esac
done
# backports packages take their dependencies from backports too
for set in "$main" "-t bookworm-backports $bpo"; do
    [ -n "${set#-t bookworm-backports }" ] || continue
    DEBIAN_FRONTEND=noninteractive apt_private install -y -qq \
        --no-install-recommends $set >/dev/null
done
