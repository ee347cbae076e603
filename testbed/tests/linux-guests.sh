#!/bin/sh
# Linux guests as users run them: the root filesystem on a virtio-blk
# disk and virtio-net up, with 1, 2, 4 and 8 vCPUs (the userspace PLIC and
# INTx for 1 and 2, the in-kernel AIA and MSIs for 4 and 8).  Then one
# QEMU reboots its guest 20 times, and QEMU's own memory (all but the
# guest's RAM) must stay flat.
. /tb/tests/tap.sh
echo "# QEMU under test: $TB_QEMU"
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
MEM_MB=256
for smp in ${TB_SMPS:-1 2 4 8}; do
    case $smp in 1|2) aia=none ;; *) aia=aplic-imsic ;; esac
    log=/tmp/linux-$smp.log
    root=/tmp/linux-root.img
    cp /tb/guest-root.img $root
    port=$((5600 + smp))
    SMP=$smp MEM=${MEM_MB}M ACTION=poweroff GUEST_INITRD=none \
        APPEND="root=/dev/vda rw" timeout 240 tb-guest -M aia=$aia \
        -drive file=$root,format=raw,if=none,id=root \
        -device virtio-blk-pci,drive=root \
        -netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=$port,remote.type=inet,remote.host=127.0.0.1,remote.port=$port \
        -device virtio-net-pci,netdev=n0,romfile= </dev/null >$log 2>&1
    rc=$?
    unix_lines $log
    what="$smp vCPUs, aia=$aia"
    check "$what: booted from the virtio-blk root" \
        grep -q "^TB-GUEST booted cpus=$smp\$" $log
    check "$what: the root filesystem is the ext4 disk" \
        grep -q '^TB-GUEST rootfs=ext4$' $log
    check "$what: user-mode time works on every vCPU" \
        grep -q '^TB-GUEST utime=ok$' $log
    net=$(sed -n 's/^TB-GUEST net=//p' $log)
    tx=$(echo "$net" | sed -n 's/.*tx=\([0-9]*\).*/\1/p')
    rx=$(echo "$net" | sed -n 's/.*rx=\([0-9]*\).*/\1/p')
    check "$what: virtio-net up, frames out and back (${net:-no net})" \
        test "${net%% *}" = up -a "${tx:-0}" -gt 0 -a "${rx:-0}" -gt 0
    check "$what: poweroff, QEMU exit status 0 (got $rc)" \
        test $rc = 0 -a -n "$(grep '^TB-GUEST poweroff' $log)"
    [ $tap_failed = 0 ] || diag $log 12
done

# 20 reboots in one QEMU; its memory outside guest RAM after boots 5 and 20
own_kb() {
    awk -v ram=$((MEM_MB * 1024)) '/^Size:/ { size = $2 }
        /^Rss:/ { if (size < ram) sum += $2 } END { print sum + 0 }' \
        /proc/$1/smaps
}
log=/tmp/linux-cycles.log
dd if=/dev/zero of=/tmp/cycles.img bs=1M count=1 2>/dev/null
SMP=2 MEM=${MEM_MB}M ACTION=cycles APPEND="tb.cycles=20" \
    tb-guest -M aia=aplic-imsic -drive file=/tmp/cycles.img,format=raw,if=virtio \
    </dev/null >$log 2>&1 &
qemu=$!
at5= at20=
# give up when no boot has come for 90 s
boots=0 still=0
while kill -0 $qemu 2>/dev/null && [ $still -lt 180 ]; do
    if [ -z "$at5" ] && grep -q 'TB-GUEST boot=5' $log; then
        at5=$(own_kb $qemu)
    fi
    if [ -z "$at20" ] && grep -q 'TB-GUEST boot=20' $log; then
        at20=$(own_kb $qemu)
    fi
    n=$(grep -c 'TB-GUEST boot=' $log)
    if [ "$n" != "$boots" ]; then
        boots=$n still=0
    fi
    sleep 0.5
    still=$((still + 1))
done
kill -0 $qemu 2>/dev/null && kill -9 $qemu
wait $qemu
rc=$?
unix_lines $log
check "20 boot cycles in one QEMU, then poweroff with status 0 ($boots boots, status $rc)" \
    test $rc = 0 -a -n "$(grep '^TB-GUEST boot=20' $log)"
echo "# QEMU's own memory: ${at5:-?} kB after boot 5, ${at20:-?} kB after boot 20"
check "QEMU's own memory stays flat over 15 reboots (${at5:-?} -> ${at20:-?} kB)" \
    test -n "$at5" -a -n "$at20" -a $((${at20:-0} - ${at5:-0})) -lt 2048
[ $tap_failed = 0 ] || diag $log 10
tap_end
