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

# linux_source: unpack Debian's linux-source-6.12 once into the cache (a
# tree nobody patches or builds in: builds use O=).  Sets linux_src to
# its path and linux_version to the package's version.
linux_source() {
    local tarball src
    tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null) ||
        die "linux-source-6.12 is not installed; run series/deps.sh"
    linux_version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
    src=$TB_CACHE/src/linux-$linux_version
    if [ ! -f "$src/.complete" ]; then
        msg "unpacking linux-source-6.12 $linux_version"
        rm -rf "$src" && mkdir -p "$src"
        tar -xJf "$tarball" -C "$src" --strip-components=1
        touch "$src/.complete"
    fi
    linux_src=$src
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
