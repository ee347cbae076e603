#!/bin/sh
# The in-kernel AIA: the guest boots with -M virt,aia=aplic-imsic in each
# IMSIC mode (-accel kvm,riscv-aia=...), and an unknown mode is refused.
. /tb/tests/tap.sh
for mode in auto emul hwaccel; do
    log=/tmp/aia-$mode.log
    SMP=2 ACTION=poweroff ACCEL=kvm,riscv-aia=$mode timeout 150 \
        tb-guest -M virt,aia=aplic-imsic </dev/null >$log 2>&1
    rc=$?
    unix_lines $log
    if grep -q 'TB-GUEST booted cpus=2$' $log && [ $rc = 0 ]; then
        ok "aia=aplic-imsic, riscv-aia=$mode: the guest boots and powers off"
    else
        not_ok "aia=aplic-imsic, riscv-aia=$mode: the guest boots and powers off (exit $rc)"
        diag $log
    fi
done
log=/tmp/aia-bogus.log
ACCEL=kvm,riscv-aia=bogus timeout 60 tb-guest -M virt,aia=aplic-imsic \
    </dev/null >$log 2>&1
rc=$?
check "riscv-aia=bogus is refused (exit $rc)" test $rc != 0 -a $rc != 124
check "the error names riscv-aia" grep -q 'riscv-aia' $log
diag $log 3
tap_end
