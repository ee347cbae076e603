#!/bin/sh
# Guest time does not jump across a monitor stop/cont: the time-gap guest
# program runs while the VM is stopped for three seconds.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
log=/tmp/stopcont.log
"$TB_QEMU" -accel kvm -M virt -cpu host -smp 1 -m 128M -display none \
    -serial file:$log -monitor tcp:127.0.0.1:4444,server=on,wait=off \
    -kernel /tb/guest-riscv/time-gap.elf </dev/null >/tmp/stopcont.err 2>&1 &
qemu=$!
t0=$(date +%s)
wait_for $log 'time-gap: running' 5
hmp 4444 stop >/dev/null
sleep 2
hmp 4444 cont >/dev/null
# the program needs 4 s of guest time; give it 30 s of host time
check "the guest finished after cont" wait_exit $qemu 30
# 4 s of guest time plus the 3 s stop: a shorter run did not stop
elapsed=$(( $(date +%s) - t0 ))
check "the VM was stopped for a while (ran ${elapsed}s)" test $elapsed -ge 6
unix_lines $log
check "guest time did not jump across stop/cont" grep -q '^ok [0-9][0-9]* - time-no-jump$' $log
[ $tap_failed = 0 ] || { diag $log 10; diag /tmp/stopcont.err 5; }
tap_end
