#!/bin/sh
# savevm and loadvm with a running Linux guest (2 vCPUs, in-kernel AIA, or
# the PLIC on a host kernel without it):
# the guest beats on its timer, vCPUs and virtio disk; after loadvm it
# goes back to the beat it was at when saved and beats on to the end.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
BEATS=30
disk=/tmp/snapshot.qcow2
cp /tb/empty.qcow2 $disk
log=/tmp/snapshot.log
rm -f $log
"$TB_QEMU" -accel kvm -M $(guest_machine) -cpu host -smp 2 -m 256M \
    -display none -kernel /tb/Image -initrd /tb/guest.cpio.gz \
    -append "console=ttyS0 quiet tb.action=beats tb.beats=$BEATS" \
    -drive file=$disk,format=qcow2,if=virtio -serial file:$log \
    -monitor tcp:127.0.0.1:4454,server=on,wait=off \
    </dev/null >/tmp/snapshot.err 2>&1 &
qemu=$!
check "the guest beats" wait_for $log 'beat=3 ' 120
hmp 4454 "savevm tb1" >/dev/null
check "savevm made snapshot tb1" hmp_until 4454 "info snapshots" tb1 30
saved=$(last_beat $log)
check "the guest beats on after savevm (saved at beat $saved)" \
    wait_for $log "beat=$((${saved:-0} + 4)) " 60
hmp 4454 "loadvm tb1" >/dev/null
check "the guest powers off by itself after loadvm" wait_exit $qemu 120
unix_lines $log
# the beat numbers go back once: loadvm returned to the saved moment
back=$(beats $log |
    awk 'NR > 1 && $1 < prev { print prev " -> " $1 } { prev = $1 }')
check "loadvm went back in the guest's life (${back:-no step back})" \
    test -n "$back"
check "the guest beat to the end after loadvm" \
    test "$(last_beat $log)" = $BEATS
check "every beat was whole (timer, vCPUs, disk)" no_bad_beats $log
check "the guest powered off" grep -q '^TB-GUEST poweroff' $log
if [ $tap_failed != 0 ]; then
    diag $log 15
    diag /tmp/snapshot.err 10
fi
tap_end
