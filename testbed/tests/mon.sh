# Monitor helpers for the test-bed tests; sourced after tap.sh.  A QEMU
# under test listens with -monitor tcp:127.0.0.1:PORT,server=on,wait=off.
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
# hmp PORT COMMAND: run one HMP command, print what it answers within a
# second (a longer command goes on in QEMU after the connection closes)
hmp() {
    { printf '%s\n' "$2"; sleep 1; } |
        timeout 3 nc 127.0.0.1 "$1" 2>/dev/null | tr -d '\r'
}
# qmp_all PORT JSON: run one QMP command (after the capabilities
# handshake), print every line QEMU sends within 2 s: answers and events
qmp_all() {
    { echo '{"execute":"qmp_capabilities"}'; echo "$2"; sleep 2; } |
        timeout 6 nc 127.0.0.1 "$1" 2>/dev/null | grep -v '"QMP"'
}
# qmp PORT JSON: the last line of that (the answer, when no event came)
qmp() {
    qmp_all "$@" | tail -n 1
}
# qmp_has PORT JSON PATTERN: what QMP sends after JSON matches PATTERN
qmp_has() {
    qmp_all "$1" "$2" | grep -q "$3"
}
# qmp_listen PORT FILE: keep a QMP session open in the background, QEMU's
# events (and answers) going to FILE, until qmp_unlisten; returns once
# the session is ready (the capabilities answered), and fails when it is
# not within 20 s.  nc reads its commands from a fifo the script holds
# open on fd 9, so no process of the session outlives qmp_unlisten (one
# that held the script's output would keep the test open).
qmp_listen() {
    rm -f "$2" "$2.in"
    mkfifo "$2.in"
    nc 127.0.0.1 "$1" <"$2.in" >"$2" 2>/dev/null &
    qmp_listener=$!
    exec 9>"$2.in"
    # in a subshell: were nc gone already, SIGPIPE ends only that
    (echo '{"execute":"qmp_capabilities"}' >&9) 2>/dev/null
    wait_for "$2" '"return"' 20
}
# qmp_unlisten: end the session of qmp_listen
qmp_unlisten() {
    exec 9>&-
    kill $qmp_listener 2>/dev/null
    wait $qmp_listener 2>/dev/null
}
# migrate_to_file QMP-PORT HMP-PORT PATH: migrate the VM to a file, and
# wait until that completed
migrate_to_file() {
    qmp_all "$1" '{"execute":"migrate","arguments":{"uri":"file:'"$3"'"}}' \
        >/dev/null
    hmp_until "$2" "info migrate" "Status: *completed" 20
}
# quit_vm HMP-PORT PID: quit that QEMU, and wait until it exited
quit_vm() {
    hmp "$1" quit >/dev/null
    wait_exit "$2" 30
}
# start_cpu CPU: start a paused VM with -cpu CPU for 5 s; print what QEMU
# said, and "started" when it was still running then (not refused)
start_cpu() {
    timeout -s KILL 5 "$TB_QEMU" -accel kvm -M virt -cpu "$1" \
        -display none -S -monitor none </dev/null 2>&1
    [ $? = 137 ] && echo started
}
# qmp_wait PORT: wait until QEMU answers on its QMP port (about 20 s)
qmp_wait() {
    local i=0
    until qmp "$1" '{"execute":"query-status"}' | grep -q status; do
        i=$((i + 1))
        [ $i -lt 10 ] || return 1
    done
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
# succeeds; fail when it has not within SECONDS (of the clock, however
# long each try takes)
within() {
    local end=$(($(date +%s) + $1))
    shift
    while :; do
        "$@" && return 0
        [ "$(date +%s)" -lt $end ] || return 1
        sleep 0.5
    done
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
        wait_status=killed
        return 1
    fi
    wait "$1" 2>/dev/null
    wait_status=$?
    return 0
}
# beats LOG [LINE]: the beat numbers in a guest log (tb.action=beats),
# from after line LINE on
beats() {
    tr -d '\r' < "$1" | tail -n +"$((${2:-0} + 1))" |
        sed -n 's/^TB-GUEST beat=\([0-9]*\).*/\1/p'
}
# last beat number in a guest log
last_beat() {
    beats "$1" | tail -n 1
}
# no_bad_beats LOG: every beat found the timer, vCPUs and disk whole
# (the first bad ones are printed as TAP comments)
no_bad_beats() {
    ! tr -d '\r' < "$1" | grep -a '^TB-GUEST beat=.* bad' | head -n 3 |
        sed 's/^/# /' | grep .
}
