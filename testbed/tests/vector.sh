#!/bin/sh
# A host with the V extension (the test bed's host CPU with v=true) that
# denies V to new processes by default: QEMU asks for V for itself
# (prctl PR_RISCV_V_SET_CONTROL), so -cpu host still offers V and a
# guest runs with it; a vlen other than the host's is refused by name.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
allow=/proc/sys/abi/riscv_v_default_allow
check "the host has V and the $allow switch" \
    sh -c "grep -q '^isa.*: rv64[a-z]*v' /proc/cpuinfo && test -w $allow"
echo 0 > $allow
check "new processes are denied V by default" test "$(cat $allow)" = 0
port=4490
"$TB_QEMU" -accel kvm -M virt -cpu host -display none -S \
    -qmp tcp:127.0.0.1:$port,server=on,wait=off </dev/null >/tmp/vector.err 2>&1 &
qemu=$!
qmp_wait $port
v=$(qmp $port '{"execute":"qom-get","arguments":{"path":"/machine/soc0/harts[0]","property":"v"}}')
echo "# qom-get harts[0] v: $v"
qmp $port '{"execute":"quit"}' >/dev/null
wait_exit $qemu 10
check "-cpu host has V all the same" \
    sh -c "echo '$v' | grep -q '\"return\": true'"
log=/tmp/vector.log
timeout -s KILL 60 "$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 128M \
    -display none -serial file:$log -kernel /tb/guest-riscv/sbi-base.elf \
    </dev/null >/tmp/vector-run.err 2>&1
rc=$?
unix_lines $log
check "a guest with V runs to its end (exit $rc)" \
    guest_passed $log $rc
# the test bed's host CPU has QEMU's default vlen, 128
out=$(start_cpu host,vlen=256)
echo "$out" | sed 's/^/# /'
check "vlen=256 on a host with vlen 128 is refused, naming vlen" \
    sh -c "echo \"\$1\" | grep -q \"host's vlen is 128\"" - "$out"
echo 1 > $allow
[ $tap_failed = 0 ] || diag /tmp/vector.err 5
tap_end
