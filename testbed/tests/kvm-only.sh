#!/bin/sh
# Our QEMU built KVM only (--disable-tcg; testbed/build.sh --kvm-only,
# /tb/bin/qemu-system-riscv64-kvm): it has KVM and no TCG, says so when
# asked for TCG, and runs a guest under KVM.  make check also runs
# guest-riscv.sh and boot.sh with it (series/meson.build).
. /tb/tests/tap.sh
q=/tb/bin/qemu-system-riscv64-kvm
check "the KVM-only binary is there" test -x $q
"$q" -accel help > /tmp/kvm-only.accel 2>&1
diag /tmp/kvm-only.accel 5
check "-accel help lists kvm" grep -qx kvm /tmp/kvm-only.accel
check "-accel help lists no tcg" sh -c "! grep -qx tcg /tmp/kvm-only.accel"
timeout 30 "$q" -accel tcg -M virt -display none -S -monitor none \
    </dev/null > /tmp/kvm-only.tcg 2>&1
rc=$?
diag /tmp/kvm-only.tcg 2
check "-accel tcg is refused (exit $rc), naming tcg" \
    sh -c "test $rc = 1 && grep -qi tcg /tmp/kvm-only.tcg"
# with no -accel, the machine falls back to what the binary has: KVM
log=/tmp/kvm-only.log
timeout 60 "$q" -M virt -cpu host -smp 1 -m 128M -display none \
    -serial file:$log -kernel /tb/guest-riscv/sbi-base.elf \
    </dev/null > /tmp/kvm-only.err 2>&1
rc=$?
unix_lines $log
diag /tmp/kvm-only.err 3
check "without -accel it runs a guest under KVM (exit $rc)" \
    guest_passed $log $rc
tap_end
