#!/bin/sh
# query-cpu-model-expansion for "host" reports what KVM offers: every
# multi-letter ISA extension a -cpu host guest sees (its /proc/cpuinfo) is
# reported true, every one reported true is seen by the guest, and asking
# for one reported false is refused with an error that names it.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
log=/tmp/cpu-model-guest.log
SMP=1 ACTION=poweroff timeout 150 tb-guest </dev/null >$log 2>&1
unix_lines $log
isa=$(sed -n 's/^TB-GUEST isa=//p' $log)
check "a -cpu host guest reports its ISA (${isa:-none})" test -n "$isa"
exts=$(echo "$isa" | tr '_' '\n' | tail -n +2)

port=4461
"$TB_QEMU" -accel kvm -M virt -cpu host -display none -S \
    -qmp tcp:127.0.0.1:$port,server=on,wait=off </dev/null >/tmp/cpu-model.err 2>&1 &
qemu=$!
qmp() {
    { echo '{"execute":"qmp_capabilities"}'; echo "$1"; sleep 2; } |
        timeout 6 nc 127.0.0.1 $port 2>/dev/null | grep -v '"QMP"' | tail -n 1
}
i=0
until qmp '{"execute":"query-status"}' | grep -q running; do
    i=$((i + 1))
    [ $i -lt 20 ] || break
done
full=$(qmp '{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host"}}}')
true_exts=$(echo "$full" | grep -o '"[sz][a-z0-9]*": true' | sed 's/"\(.*\)": true/\1/')
false_exts=$(echo "$full" | grep -o '"z[a-z0-9]*": false' | sed 's/"\(.*\)": false/\1/')
check "the expansion reports extensions" test -n "$true_exts"
missing=
for e in $true_exts; do
    echo "$exts" | grep -qx "$e" || missing="$missing $e"
done
check "every extension reported true is in the guest's ISA${missing:+ (not:$missing)}" \
    test -z "$missing"
unreported=
for e in $exts; do
    case $full in
    *"\"$e\": false"*) unreported="$unreported $e" ;;
    esac
done
check "no extension in the guest's ISA is reported false${unreported:+ (false:$unreported)}" \
    test -z "$unreported"
lack=$(echo "$false_exts" | head -n 1)
if [ -n "$lack" ]; then
    err=$(qmp "{\"execute\":\"query-cpu-model-expansion\",\"arguments\":{\"type\":\"full\",\"model\":{\"name\":\"host\",\"props\":{\"$lack\":true}}}}")
    echo "# $lack=on: $err"
    check "asking for $lack (reported false) is refused, naming it" \
        sh -c "echo '$err' | grep -q '\"error\".*$lack'"
else
    ok "asking for an extension the host lacks # SKIP the host offers all"
fi
qmp '{"execute":"quit"}' >/dev/null
wait_exit $qemu 10
[ $tap_failed = 0 ] || { diag /tmp/cpu-model.err 5; echo "# $full" | cut -c1-600; }
tap_end
