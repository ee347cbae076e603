#!/bin/sh
# In a host whose CPU has no H extension (testbed/run.py --host-cpu
# rv64,h=false) the kernel offers no KVM: -accel kvm fails with an error
# that names KVM and a non-zero exit status, and never hangs.
. /tb/tests/tap.sh
log=/tmp/no-h.log
check "the host has no /dev/kvm" test ! -e /dev/kvm
timeout 60 "$TB_QEMU" -accel kvm -M virt -cpu host -m 128M -nographic \
    -kernel /tb/Image </dev/null >$log 2>&1
rc=$?
check "QEMU exits with a non-zero status (got $rc)" test $rc != 0 -a $rc != 124
check "the error names KVM" grep -qi 'kvm' $log
diag $log 5
tap_end
