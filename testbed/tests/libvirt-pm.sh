#!/bin/sh
# libvirt and SBI system suspend, in the Debian host on a host kernel
# whose KVM has SBI SUSP (testbed/run.py --flavour debian --host-linux
# 7.2): a riscv64 domain's guest suspends itself to RAM (echo mem >
# /sys/power/state, tb.action=suspend); libvirt sees the QMP SUSPEND
# event (the domain is pmsuspended); virsh dompmwakeup wakes it, and the
# guest comes back with its timer, vCPUs and disk working (it beats).
. /tb/tests/tap.sh
. /tb/tests/mon.sh
. /tb/tests/lvdomain.sh
emu=$(command -v "$TB_QEMU")
echo "# QEMU under test: $emu, host Linux $(uname -r)"
if ! host_offers sbi-susp; then
    echo "1..0 # SKIP Linux $(host_linux)'s KVM has no SBI SUSP"
    exit 0
fi
lv_libvirtd
d=/tmp/lvpm
mkdir -p $d
qemu-img convert -q -f raw -O qcow2 /tb/guest-root.img $d/root.qcow2
log=$d/pm1.console
lv_domain pm1 256 "<os>
    <type arch='riscv64' machine='virt'>hvm</type>
    <kernel>/tb/Image</kernel>
    <cmdline>console=ttyS0 quiet root=/dev/vda rw init=/init rootwait tb.action=suspend tb.beats=5</cmdline>
  </os>" $d/root.qcow2 $log > $d/pm1.xml
# state_is NAME STATE: virsh domstate says so
state_is() {
    [ "$($V domstate "$1" 2>/dev/null | head -n 1)" = "$2" ]
}
check "virsh define" $V define $d/pm1.xml
check "virsh start" $V start pm1
check "the guest suspends to RAM" \
    wait_for $log '^TB-GUEST suspending: .*mem' 240
check "libvirt: the domain is pmsuspended" within 60 state_is pm1 pmsuspended
echo "# domstate: $($V domstate --reason pm1 2>&1 | head -n 1)"
check "virsh dompmwakeup" $V dompmwakeup pm1
check "libvirt: the domain runs again" within 60 state_is pm1 running
# a running domain is not suspended: dompmwakeup is refused, and says why
check "virsh dompmwakeup of a running domain is refused" \
    sh -c "! $V dompmwakeup pm1 2>$d/err"
diag $d/err 2
check "and the error says it is not suspended" grep -qi suspend $d/err
check "the guest resumed" wait_for $log '^TB-GUEST resumed' 60
check "the guest beat to the end" wait_for $log 'TB-GUEST beat=5 ' 90
tr -d '\r' < $log > $d/pm1.log
check "every beat was whole (timer, vCPUs, disk)" no_bad_beats $d/pm1.log
check "the guest powers off: the domain is shut off" \
    within 60 state_is pm1 "shut off"
check "virsh undefine" $V undefine pm1
[ $tap_failed = 0 ] || { diag $d/pm1.log 20; diag /var/log/libvirt/qemu/pm1.log 10; }
tap_end
