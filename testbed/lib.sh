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
