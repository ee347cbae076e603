#!/bin/sh
# Guest time does not jump across a monitor stop/cont: the time-gap guest
# program runs while the VM is stopped for three seconds.
. /tb/tests/tap.sh
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
log=/tmp/stopcont.log
mon="nc 127.0.0.1 4444"
"$TB_QEMU" -accel kvm -M virt -cpu host -smp 1 -m 128M -display none \
    -serial file:$log -monitor tcp:127.0.0.1:4444,server=on,wait=off \
    -kernel /tb/guest-riscv/time-gap.elf </dev/null >/tmp/stopcont.err 2>&1 &
qemu=$!
t0=$(date +%s)
for i in 1 2 3 4 5 6 7 8 9 10; do
    grep -q 'time-gap: running' $log 2>/dev/null && break
    sleep 0.5
done
echo stop | timeout 2 $mon >/dev/null 2>&1
sleep 3
echo cont | timeout 2 $mon >/dev/null 2>&1
# the program needs 4 s of guest time; give it 30 s of host time
i=0
while kill -0 $qemu 2>/dev/null && [ $i -lt 60 ]; do
    sleep 0.5
    i=$((i + 1))
done
if kill -0 $qemu 2>/dev/null; then
    kill -9 $qemu
    not_ok "the guest finished after cont"
else
    ok "the guest finished after cont"
fi
wait $qemu 2>/dev/null
# 4 s of guest time plus the 3 s stop: a shorter run did not stop
elapsed=$(( $(date +%s) - t0 ))
check "the VM was stopped for a while (ran ${elapsed}s)" test $elapsed -ge 6
unix_lines $log
check "guest time did not jump across stop/cont" grep -q '^PASS time-no-jump' $log
[ $tap_failed = 0 ] || { diag $log 10; diag /tmp/stopcont.err 5; }
tap_end
