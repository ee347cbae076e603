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
qmp_wait $port
full=$(qmp $port '{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host"}}}')
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
# an expansion's properties are its own: asking for X=false changes
# neither the next expansion nor the host's answer (X: the first of these
# the host has and KVM can turn off)
x= off=
for e in ssaia zicboz zicbom sstc zbb; do
    echo "$true_exts" | grep -qx $e || continue
    off=$(qmp $port "{\"execute\":\"query-cpu-model-expansion\",\"arguments\":{\"type\":\"full\",\"model\":{\"name\":\"host\",\"props\":{\"$e\":false}}}}")
    echo "# $e=false: $(echo "$off" | cut -c1-160)"
    case $off in
    *'"return"'*) x=$e; break ;;
    esac
done
again=$(qmp $port '{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"host"}}}')
check "an expansion with ${x:-an extension}=false reports it false" \
    sh -c "test -n '$x' && echo '$off' | grep -q '\"$x\": false'"
check "the next expansion reports ${x:-it} as the host has it (true)" \
    sh -c "test -n '$x' && echo '$again' | grep -q '\"$x\": true'"
lack=$(echo "$false_exts" | head -n 1)
if [ -n "$lack" ]; then
    err=$(qmp $port "{\"execute\":\"query-cpu-model-expansion\",\"arguments\":{\"type\":\"full\",\"model\":{\"name\":\"host\",\"props\":{\"$lack\":true}}}}")
    echo "# $lack=on: $err"
    check "asking for $lack (reported false) is refused, naming it" \
        sh -c "echo '$err' | grep -q '\"error\".*$lack'"
else
    ok "asking for an extension the host lacks # SKIP the host offers all"
fi
qmp $port '{"execute":"quit"}' >/dev/null
wait_exit $qemu 10
[ $tap_failed = 0 ] || { diag /tmp/cpu-model.err 5; echo "# $full" | cut -c1-600; }
tap_end
