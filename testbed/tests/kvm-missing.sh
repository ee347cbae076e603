#!/bin/sh
# -accel kvm where KVM cannot be used gives a clear error and a non-zero
# exit status: here the host's /dev/kvm is taken away for the run.
. /tb/tests/tap.sh
log=/tmp/nokvm.log
mv /dev/kvm /dev/kvm.away
timeout 60 "$TB_QEMU" -accel kvm -M virt -cpu host -m 128M -nographic \
    -kernel /tb/Image </dev/null >$log 2>&1
rc=$?
mv /dev/kvm.away /dev/kvm
check "QEMU exits with a non-zero status (got $rc)" test $rc != 0 -a $rc != 124
check "the error names KVM" grep -qi 'kvm' $log
diag $log 5
tap_end
