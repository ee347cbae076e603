#!/bin/sh
# The in-kernel AIA: the guest boots with -M virt,aia=aplic-imsic in each
# IMSIC mode (-accel kvm,riscv-aia=...), and an unknown mode is refused.
# The kvm-riscv-aia device configures KVM: its own mode property wins over
# the accelerator's, and a reset writes the state of a new device.
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
log=/tmp/aia-global.log
SMP=2 ACTION=poweroff ACCEL=kvm,riscv-aia=hwaccel timeout 150 \
    tb-guest -M virt,aia=aplic-imsic -global kvm-riscv-aia.mode=emul \
    -trace 'kvm_riscv_aia_*' </dev/null >$log 2>&1
rc=$?
check "-global kvm-riscv-aia.mode=emul: the guest boots (exit $rc)" \
    grep -q 'TB-GUEST booted cpus=2' $log
check "the device set KVM's AIA up in mode emul" \
    grep -q 'kvm_riscv_aia_realize in-kernel AIA: mode emul, 96 sources' $log
check "the system reset wrote the AIA state of a new device" \
    grep -q 'kvm_riscv_aia_state in-kernel AIA state: reset, 96 sources, 2 IMSICs' $log
log=/tmp/aia-bogus.log
ACCEL=kvm,riscv-aia=bogus timeout 60 tb-guest -M virt,aia=aplic-imsic \
    </dev/null >$log 2>&1
rc=$?
check "riscv-aia=bogus is refused (exit $rc)" test $rc != 0 -a $rc != 124
check "the error names riscv-aia" grep -q 'riscv-aia' $log
diag $log 3
log=/tmp/aia-bogus2.log
timeout 60 tb-guest -M virt,aia=aplic-imsic -global kvm-riscv-aia.mode=bogus \
    </dev/null >$log 2>&1
rc=$?
check "kvm-riscv-aia.mode=bogus is refused (exit $rc)" test $rc != 0 -a $rc != 124
check "the error names the mode and the choices" \
    grep -q "'bogus' is not a mode; use emul, hwaccel or auto" $log
# QEMU's own IMSICs cannot serve a KVM guest: aplic-imsic without the
# in-kernel AIA is refused, with what to use instead
log=/tmp/aia-noirqchip.log
ACCEL=kvm,kernel-irqchip=off timeout 60 tb-guest -M virt,aia=aplic-imsic \
    </dev/null >$log 2>&1
rc=$?
check "aia=aplic-imsic with kernel-irqchip=off is refused (exit $rc)" \
    test $rc = 1
check "the error says why and what to use" \
    sh -c "grep -q 'kernel-irqchip=off leaves it out' $log &&
           grep -q 'aia=none' $log"
diag $log 3
tap_end
