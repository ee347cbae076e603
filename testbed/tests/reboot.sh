#!/bin/sh
# A guest reboot reboots: the guest counts its boots on a virtio-blk disk,
# reboots after the first and powers off after the second.
. /tb/tests/tap.sh
log=/tmp/reboot.log
disk=/tmp/count.img
dd if=/dev/zero of=$disk bs=4096 count=1 2>/dev/null
SMP=2 ACTION=reboot-once timeout 200 tb-guest \
    -drive file=$disk,format=raw,if=none,id=d0 \
    -device virtio-blk-device,drive=d0 </dev/null >$log 2>&1
rc=$?
unix_lines $log
check "first boot asks for a reboot" grep -q 'TB-GUEST rebooting' $log
check "the guest booted a second time" grep -q 'TB-GUEST boot=2' $log
check "the second boot powers off and QEMU exits 0 (got $rc)" test $rc = 0
[ $tap_failed = 0 ] || diag $log 40
tap_end
