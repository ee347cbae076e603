#!/bin/sh
# Incoming migration checks the guest timer's frequency: a stream whose
# cpu/kvm-vcpu subsection of the CPU says another timebase is refused with a
# message that names both; the same stream unaltered loads and the guest
# runs on.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
mig=/tmp/timebase.mig
elf=/tb/guest-riscv/sbi-base.elf
rm -f $mig
"$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 128M -display none -S \
    -kernel $elf -monitor tcp:127.0.0.1:4480,server=on,wait=off \
    </dev/null >/tmp/timebase-src.err 2>&1 &
src=$!
sleep 2
hmp 4480 "migrate file:$mig" >/dev/null
hmp_until 4480 "info migrate" 'status:[[:space:]]*completed'
hmp 4480 quit >/dev/null
wait_exit $src 10
check "the paused VM migrated to a file" test -s $mig
cp $mig $mig.orig
# the subsection's version id (4 bytes), then the timebase (vCPU 0's)
old=$(binpatch $mig cpu/kvm-vcpu 4 0000000000000001)
echo "# timebase in the stream: 0x$old"
check "the stream carries this host's timebase" \
    test -n "$old" -a "$old" != 0000000000000000
timeout -s KILL 30 "$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 128M \
    -display none -kernel $elf -incoming file:$mig </dev/null \
    >/tmp/timebase-dst.err 2>&1
rc=$?
check "a stream with a 1 Hz timebase is refused: exit 1 (got $rc)" test $rc = 1
check "the error names both frequencies" \
    grep -q 'timer runs at 1 Hz, this host.s at [0-9]* Hz' /tmp/timebase-dst.err
diag /tmp/timebase-dst.err 3
log=/tmp/timebase-ok.log
# the source never ran (-S), so the destination waits for cont too
"$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 128M -display none \
    -serial file:$log -kernel $elf -incoming file:$mig.orig \
    -monitor tcp:127.0.0.1:4481,server=on,wait=off \
    </dev/null >/tmp/timebase-ok.err 2>&1 &
dst=$!
hmp_until 4481 "info status" 'paused|prelaunch'
hmp 4481 cont >/dev/null
wait_exit $dst 60
unix_lines $log
check "the unaltered stream loads, and after cont the guest runs to its end" \
    guest_passed $log "$wait_status"
[ $tap_failed = 0 ] || { diag /tmp/timebase-ok.err 5; diag $log 5; }
tap_end
