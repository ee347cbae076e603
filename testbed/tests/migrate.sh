#!/bin/sh
# Live migration between two QEMU processes in the host: a Linux guest
# with 2 vCPUs and the in-kernel AIA (so that the APLIC and IMSIC state
# must travel; the PLIC on a host kernel without it) beats on its timer, vCPUs and virtio disk while it moves;
# on the destination every beat must still be whole, to the last one.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
BEATS=30
disk=/tmp/migrate.img
dd if=/dev/zero of=$disk bs=1M count=4 2>/dev/null
set -- -accel kvm -M $(guest_machine) -cpu host -smp 2 -m 256M \
    -display none -kernel /tb/Image -initrd /tb/guest.cpio.gz \
    -append "console=ttyS0 quiet tb.action=beats tb.beats=$BEATS" \
    -drive file=$disk,format=raw,if=virtio
rm -f /tmp/mig-src.log /tmp/mig-dst.log
"$TB_QEMU" "$@" -serial file:/tmp/mig-src.log \
    -monitor tcp:127.0.0.1:4451,server=on,wait=off \
    </dev/null >/tmp/mig-src.err 2>&1 &
src=$!
"$TB_QEMU" "$@" -serial file:/tmp/mig-dst.log \
    -monitor tcp:127.0.0.1:4452,server=on,wait=off \
    -incoming tcp:127.0.0.1:4453 </dev/null >/tmp/mig-dst.err 2>&1 &
dst=$!
check "the source guest beats" wait_for /tmp/mig-src.log 'beat=3 ' 120
hmp 4451 "migrate -d tcp:127.0.0.1:4453" >/dev/null
status=
i=0
while [ $i -lt 60 ]; do
    status=$(hmp 4451 "info migrate" | sed -n 's/^.*[Ss]tatus:[[:space:]]*//p' | head -n 1)
    case $status in completed|failed|cancelled) break ;; esac
    i=$((i + 1))
done
check "migration completed (status: ${status:-none})" test "$status" = completed
at=$(last_beat /tmp/mig-src.log)
hmp 4451 quit >/dev/null
wait_exit $src 20
check "the destination powers off by itself" wait_exit $dst 120
unix_lines /tmp/mig-dst.log
first=$(beats /tmp/mig-dst.log | head -n 1)
last=$(last_beat /tmp/mig-dst.log)
check "the guest moved while beating (source at beat ${at:-none}, destination from ${first:-none})" \
    test -n "$first" -a -n "$at" -a "${first:-0}" -gt 1 -a "${first:-0}" -le $((${at:-0} + 1))
check "the destination beat to the end (last beat ${last:-none} of $BEATS)" \
    test "${last:-0}" = $BEATS
check "every beat on the destination was whole (timer, vCPUs, disk)" \
    no_bad_beats /tmp/mig-dst.log
check "the destination guest powered off" grep -q '^TB-GUEST poweroff' /tmp/mig-dst.log
if [ $tap_failed != 0 ]; then
    diag /tmp/mig-src.log 5
    diag /tmp/mig-src.err 5
    diag /tmp/mig-dst.log 10
    diag /tmp/mig-dst.err 10
fi
tap_end
