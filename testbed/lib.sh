# Shared settings of the test-bed scripts; sourced, not run.

testbed_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$testbed_dir/.." && pwd)
. "$top/series/common.sh"

TB_CACHE=$SERIES_CACHE/testbed
TB_OUT=$top/build/testbed           # what the runner uses: links into the cache
CROSS=riscv64-linux-gnu-
JOBS=${JOBS:-$(nproc)}

# key NAME FILE... : a short hash of the named files' contents and of the
# extra words in $KEY_EXTRA, for cache directories
key() {
    { printf '%s\n' "${KEY_EXTRA:-}"; cat "$@"; } | sha256sum | cut -c1-16
}

# step N TOTAL WHAT: announce a part of the build
step() {
    echo "[testbed $1/$2] $3" >&2
}

# run_logged LABEL LOG COMMAND...: run a long command, showing progress;
# on failure show the end of its log and stop
run_logged() {
    local label=$1 log=$2 rc
    shift 2
    set +e
    "$@" 2>&1 | "$testbed_dir/progress.py" "$label" "$log"
    rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" != 0 ]; then
        tail -n 30 "$log" >&2
        die "$label failed; the whole log is $log"
    fi
}

# host_kernel NAME: read NAME's line of testbed/host-kernels/list.  Sets
# hk_source, hk_base, hk_fragments (paths) and hk_aia.
host_kernel() {
    local line name frag
    line=$(grep -v '^#' "$testbed_dir/host-kernels/list" |
        awk -v n="$1" '$1 == n') ||
        true
    [ -n "$line" ] || die "no host kernel '$1' in testbed/host-kernels/list"
    read -r name hk_source hk_base frag hk_aia <<<"$line"
    hk_fragments=()
    for f in ${frag//,/ }; do
        hk_fragments+=("$testbed_dir/$f")
    done
}

# linux_source [SOURCE]: unpack a Linux source once into the cache (a tree
# nobody patches or builds in: builds use O=).  SOURCE is a source column
# of testbed/host-kernels/list; Debian's linux-source-6.12 by default.
# Sets linux_src to its path and linux_version to its version.
linux_source() {
    local spec=${1:-deb:linux-source-6.12} tarball src
    case $spec in
    deb:*)
        tarball=/usr/src/${spec#deb:}.tar.xz
        [ -f "$tarball" ] ||
            die "${spec#deb:} is not installed; run series/deps.sh"
        linux_version=$(dpkg-query -W -f='${Version}' "${spec#deb:}")
        ;;
    orig:*)
        tarball=$(linux_orig "${spec#orig:}")
        linux_version=$(basename "$tarball" .orig.tar.xz)
        linux_version=${linux_version#linux_}
        ;;
    *) die "unknown Linux source '$spec'" ;;
    esac
    src=$TB_CACHE/src/linux-$linux_version
    if [ ! -f "$src/.complete" ]; then
        msg "unpacking $(basename "$tarball") ($linux_version)"
        rm -rf "$src" && mkdir -p "$src"
        tar -xJf "$tarball" -C "$src" --strip-components=1
        touch "$src/.complete"
    fi
    linux_src=$src
}

# linux_orig FILE:SHA256: the path of Linux's orig tarball FILE, in the
# cache, else fetched from Debian's pool, else copied from ../shared/kernels
# ($SERIES_KERNELS_FALLBACK); its sha256 checked
linux_orig() {
    local file=${1%%:*} sum=${1#*:} dir=$TB_CACHE/src fallback
    local tarball=$dir/${1%%:*}
    fallback=${SERIES_KERNELS_FALLBACK:-$top/../shared/kernels}
    mkdir -p "$dir"
    if [ -f "$tarball" ] &&
       echo "$sum  $tarball" | sha256sum --quiet -c - 2>/dev/null; then
        echo "$tarball"
        return
    fi
    rm -f "$tarball.part"
    msg "fetching $file from Debian"
    if ! curl -fsS -o "$tarball.part" \
            "$(debian_mirror debian)/pool/main/l/linux/$file"; then
        rm -f "$tarball.part"
        [ -f "$fallback/$file" ] || die "cannot get $file: Debian no longer
offers it and $fallback does not hold it.  Put a copy with sha256 $sum
there (or set SERIES_KERNELS_FALLBACK to its directory) and run again."
        msg "Debian no longer offers $file; using $fallback"
        cp "$fallback/$file" "$tarball.part"
    fi
    echo "$sum  $tarball.part" | sha256sum --quiet -c - 2>/dev/null || {
        rm -f "$tarball.part"
        die "$file does not have sha256 $sum; refusing to use it"
    }
    mv "$tarball.part" "$tarball"
    echo "$tarball"
}

# check_kconfig FRAGMENT CONFIG: every line of the fragment took effect
check_kconfig() {
    local line opt
    while read -r line; do
        case $line in
        CONFIG_*=*) grep -qx "$line" "$2" ||
            die "$1: '$line' did not take effect (a dependency is missing)" ;;
        "# CONFIG_"*" is not set")
            opt=${line#\# }; opt=${opt%% *}
            ! grep -q "^$opt=" "$2" ||
                die "$1: '$line' did not take effect (something selects it)" ;;
        esac
    done < "$1"
}
