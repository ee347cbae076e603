# Monitor helpers for the test-bed tests; sourced after tap.sh.  A QEMU
# under test listens with -monitor tcp:127.0.0.1:PORT,server=on,wait=off.
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
# hmp PORT COMMAND: run one HMP command, print what it answers within a
# second (a longer command goes on in QEMU after the connection closes)
hmp() {
    { printf '%s\n' "$2"; sleep 1; } |
        timeout 3 nc 127.0.0.1 "$1" 2>/dev/null | tr -d '\r'
}
# hmp_until PORT COMMAND PATTERN [TRIES]: repeat an HMP command until its
# answer matches a grep -E pattern (about 3 s a try)
hmp_until() {
    local i=0
    while [ $i -lt "${4:-20}" ]; do
        hmp "$1" "$2" | grep -Eiq "$3" && return 0
        i=$((i + 1))
    done
    return 1
}
# within SECONDS COMMAND...: run COMMAND every half second until it
# succeeds; fail when it has not within SECONDS
within() {
    local n=$(($1 * 2))
    shift
    while [ $n -gt 0 ]; do
        "$@" && return 0
        sleep 0.5
        n=$((n - 1))
    done
    return 1
}
# wait_for FILE PATTERN SECONDS: wait until a grep -E pattern is in a file
wait_for() {
    local i=0
    while [ $i -lt $(($3 * 2)) ]; do
        grep -Eq "$2" "$1" 2>/dev/null && return 0
        sleep 0.5
        i=$((i + 1))
    done
    return 1
}
# wait_exit PID SECONDS: wait for a process to end; kill it when it does not
# (its exit status is left in $wait_status)
wait_exit() {
    local i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt $(($2 * 2)) ]; do
        sleep 0.5
        i=$((i + 1))
    done
    if kill -0 "$1" 2>/dev/null; then
        kill -9 "$1"
        wait "$1" 2>/dev/null
        return 1
    fi
    wait "$1" 2>/dev/null
    wait_status=$?
    return 0
}
# last beat number in a guest log (tb.action=beats)
last_beat() {
    tr -d '\r' < "$1" | sed -n 's/^TB-GUEST beat=\([0-9]*\).*/\1/p' | tail -n 1
}
