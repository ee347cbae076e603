#!/bin/bash
# Cross-build the test bed's riscv64 userland, statically, from Debian's
# bookworm sources: a sysroot with zlib, pcre2, libffi, glib and libfdt
# (what QEMU links), and busybox (the shell of host and guest).
# Cached by this script's content.  Prints the sysroot's path; busybox is
# its bin/busybox.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

k=$(key "$0")
out=$TB_CACHE/userland-$k
if [ -f "$out/.complete" ]; then
    echo "$out"
    exit 0
fi

work=$TB_CACHE/userland-work
rm -rf "$work" "$out"
mkdir -p "$work/src" "$out"
sysroot=$out

# --- sources, from Debian with their Debian patches applied
msg "fetching userland sources from Debian (bookworm)"
apt_setup
apt_private update -qq >/dev/null
for p in zlib pcre2 libffi glib2.0 busybox; do
    (cd "$work/src" && apt_private source --download-only -qq "$p/bookworm" \
        >/dev/null 2>&1) || die "cannot fetch the source of $p from Debian"
done
unpack() {
    local dsc
    dsc=$(ls "$work/src/$1"_*.dsc)
    (cd "$work" && dpkg-source --no-check -x "$dsc" "$1" >/dev/null 2>&1) ||
        die "cannot unpack $dsc"
    echo "$work/$1"
}

host=riscv64-linux-gnu
export CC=${CROSS}gcc AR=${CROSS}ar RANLIB=${CROSS}ranlib
export CFLAGS="-O2 --sysroot=$sysroot"
export LDFLAGS="--sysroot=$sysroot -L$sysroot/usr/lib"
export PKG_CONFIG_LIBDIR=$sysroot/usr/lib/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$sysroot

n=6
step 1 $n "zlib"
d=$(unpack zlib)
(cd "$d" && ./configure --prefix=/usr --static &&
    make -j"$JOBS" libz.a && make install DESTDIR="$sysroot") \
    > "$work/zlib.log" 2>&1 || { tail "$work/zlib.log"; die "zlib failed"; }

autotools() {
    local name=$1
    shift
    local d
    d=$(unpack "$name")
    (cd "$d" && ./configure --host=$host --prefix=/usr --disable-shared \
        --enable-static "$@" && make -j"$JOBS" &&
        make install DESTDIR="$sysroot") > "$work/$name.log" 2>&1 ||
        { tail -n 20 "$work/$name.log"; die "$name failed"; }
}
step 2 $n "pcre2"
autotools pcre2 --disable-pcre2-16 --disable-pcre2-32 --disable-pcre2grep-jit
step 3 $n "libffi"
autotools libffi --disable-docs

step 4 $n "glib"
d=$(unpack glib2.0)
cat > "$work/cross.ini" <<EOT
[binaries]
c = '${CROSS}gcc'
ar = '${CROSS}ar'
strip = '${CROSS}strip'
pkg-config = 'pkg-config'

[built-in options]
c_args = ['--sysroot=$sysroot']
c_link_args = ['--sysroot=$sysroot', '-L$sysroot/usr/lib']

[properties]
sys_root = '$sysroot'
pkg_config_libdir = '$sysroot/usr/lib/pkgconfig'

[host_machine]
system = 'linux'
cpu_family = 'riscv64'
cpu = 'riscv64'
endian = 'little'
EOT
(cd "$d" && CFLAGS= LDFLAGS= meson setup _build --cross-file "$work/cross.ini" \
    --prefix=/usr --libdir=lib --default-library=static --buildtype=release \
    -Dtests=false -Dlibmount=disabled -Dselinux=disabled -Dxattr=false \
    -Dnls=disabled -Dman=false -Dgtk_doc=false -Dlibelf=disabled \
    -Dglib_debug=disabled -Dsysprof=disabled) \
    > "$work/glib.log" 2>&1 || { tail -n 30 "$work/glib.log"; die "glib failed"; }
run_logged glib "$work/glib-build.log" ninja -C "$d/_build"
DESTDIR="$sysroot" meson install -C "$d/_build" --no-rebuild \
    >> "$work/glib.log" 2>&1 || { tail -n 30 "$work/glib.log"; die "glib failed"; }

step 5 $n "libfdt (from the kernel's scripts/dtc)"
ksrc=$(ls -d "$TB_CACHE"/src/linux-*/scripts/dtc/libfdt 2>/dev/null | head -n 1)
if [ -z "$ksrc" ]; then
    mkdir -p "$work/linux"
    tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$work/linux" \
        --strip-components=1 --wildcards '*/scripts/dtc/libfdt/*'
    ksrc=$work/linux/scripts/dtc/libfdt
fi
mkdir -p "$work/libfdt"
for c in "$ksrc"/*.c; do
    $CC $CFLAGS -I"$ksrc" -c "$c" -o "$work/libfdt/$(basename "$c" .c).o"
done
$AR rcs "$sysroot/usr/lib/libfdt.a" "$work"/libfdt/*.o
cp "$ksrc"/fdt.h "$ksrc"/libfdt.h "$ksrc"/libfdt_env.h "$sysroot/usr/include/"
cat > "$PKG_CONFIG_LIBDIR/libfdt.pc" <<EOT
prefix=/usr
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libfdt
Description: Flat device tree manipulation (from Linux scripts/dtc)
Version: 1.7.0
Libs: -L\${libdir} -lfdt
Cflags: -I\${includedir}
EOT

step 6 $n "busybox"
d=$(unpack busybox)
(cd "$d" && make defconfig >/dev/null &&
    sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
        -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' .config &&
    make oldconfig </dev/null >/dev/null &&
    # --sort-section,alignment scatters libc's objects over a static
    # binary larger than a jal's reach (setjmp -> __sigjmp_save no longer
    # links on riscv64): keep input order
    sed -i 's/^SORT_SECTION="-Wl,--sort-section,alignment"$/SORT_SECTION=""/' \
        scripts/trylink) ||
    die "busybox configuration failed"
run_logged busybox "$work/busybox.log" make -C "$d" -j"$JOBS" \
    CROSS_COMPILE=$CROSS CC="${CROSS}gcc" CFLAGS= LDFLAGS= busybox
mkdir -p "$sysroot/bin"
cp "$d/busybox" "$sysroot/bin/busybox"

rm -rf "$work"
touch "$out/.complete"
echo "$out"
