# TAP helpers for the test-bed tests; sourced.  The tests run inside the
# RISC-V host; $TB_QEMU names the QEMU under test (ours by default).
TB_QEMU=${TB_QEMU:-qemu-system-riscv64}
export TB_QEMU
tap_n=0
tap_failed=0
ok() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $*"
}
not_ok() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $*"
}
# check DESCRIPTION COMMAND...: one TAP line from a command's status
check() {
    local what=$1
    shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}
# must DESCRIPTION COMMAND...: as check, but stop the script when it fails
# (what follows depends on it)
must() {
    local what=$1
    shift
    if "$@"; then
        ok "$what"
        return 0
    fi
    not_ok "$what"
    echo "Bail out! $what"
    tap_end
    exit 1
}
# a serial console's log with its \r\n line ends made \n
unix_lines() {
    tr -d '\r' < "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}
# show a log as TAP comments
diag() {
    sed 's/^/# /' "$1" | tail -n "${2:-25}"
}
# The TAP of a guest program (tests/guest/riscv) in a log with unix line
# ends: its checks as "ok N - name" / "not ok N - name: why", its plan
# "1..N" once it ran to its end.
guest_plan() {
    sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$1" | tail -n 1
}
# plan_is PLAN N: PLAN is a plan of N checks, and N > 0
plan_is() {
    [ -n "$1" ] && [ "$1" = "$2" ] && [ "$2" -gt 0 ]
}
# guest_passed LOG [STATUS]: the program ran to its end, all its checks
# ran and passed (and QEMU's exit status, if given, is 0)
guest_passed() {
    [ "${2:-0}" = 0 ] &&
        plan_is "$(guest_plan "$1")" "$(grep -c '^ok ' "$1")" &&
        ! grep -q '^not ok ' "$1"
}
# tap_relay PREFIX FILE: the checks of the TAP in FILE (another
# program's) as TAP lines of this script, "PREFIX: description"
tap_relay() {
    local line
    while read -r line; do
        case $line in
        "ok "*) ok "$1: ${line#ok * - }" ;;
        "not ok "*) not_ok "$1: ${line#not ok * - }" ;;
        esac
    done < "$2"
}
# guest_tap PREFIX LOG [FEATURE]: a guest program's checks relayed, then
# one line for its plan.  A program that skipped (a "1..0 # SKIP why"
# plan) passes only when it needs FEATURE and this host kernel lacks it.
guest_tap() {
    local before=$tap_n plan n why
    if guest_skipped "$2"; then
        why=$(sed -n 's/^1\.\.0 # SKIP //p' "$2" | head -n 1)
        if [ -n "${3:-}" ] && ! host_offers "$3"; then
            ok "$1: skipped on Linux $(host_linux), which has no $3 # SKIP $why"
        else
            not_ok "$1: skipped ($why), but Linux $(host_linux) offers ${3:-what it needs}"
        fi
        return
    fi
    tap_relay "$1" "$2"
    n=$((tap_n - before))
    plan=$(guest_plan "$2")
    check "$1: ran to its end with all its checks ($n of ${plan:-no plan})" \
        plan_is "$plan" $n
}
# the first of some ISA extensions the host (so its KVM) does not offer
host_lacks() {
    local e isa
    isa=" $(tr -d '\r' < /proc/cpuinfo | sed -n 's/^isa[^:]*: *//p' | head -n 1 | tr '_' ' ') "
    for e in zkr zknd zksed zvbb zacas ztso; do
        case $isa in
        *" $e "*) ;;
        *) echo $e; return ;;
        esac
    done
}
tap_end() {
    echo "1..$tap_n"
    [ $tap_failed = 0 ]
}
# The host kernel's line in testbed/host-kernels/features: its version,
# major.minor
host_linux() {
    uname -r | sed 's/^\([0-9]*\.[0-9]*\).*/\1/'
}
# host_feature FEATURE: "yes" or "no" for this host kernel, from
# /tb/host-kernels/features (empty when the table has no such column)
host_feature() {
    awk -v f="$1" -v k="$(host_linux)" '
        /^# feature/ { for (i = 3; i <= NF; i++) if ($i == k) col = i - 1 }
        !/^#/ && $1 == f && col { print $col; exit }' \
        /tb/host-kernels/features
}
# host_offers FEATURE: a line of the features table, or isa-X: the host
# hart has the single-letter extension X
host_offers() {
    case $1 in
    isa-*) host_isa_letters | grep -q "${1#isa-}" ;;
    *) [ "$(host_feature "$1")" != no ] ;;
    esac
}
# the single-letter extensions of the host's first hart (after rv64)
host_isa_letters() {
    sed -n 's/^isa[^:]*: *rv64\([a-z]*\).*/\1/p' /proc/cpuinfo | head -n 1
}
# guest_skipped LOG: the guest program skipped, with a "1..0 # SKIP" plan
guest_skipped() {
    grep -q '^1\.\.0 # SKIP' "$1"
}
# the -M of a Linux guest whose interrupt controllers must travel in a
# snapshot or migration: the in-kernel AIA where this host kernel has one,
# else the PLIC (QEMU's own, in userspace)
guest_machine() {
    if host_offers kvm-aia; then
        echo virt,aia=aplic-imsic
    else
        echo virt
    fi
}
