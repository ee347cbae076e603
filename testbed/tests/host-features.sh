#!/bin/sh
# What this host kernel's KVM offers our QEMU and its guests, measured,
# against its column of testbed/host-kernels/features: each feature is
# one TAP line, which fails when the measure and the table disagree.
# Where a feature is missing, QEMU must still start, or refuse with a
# clear error, never abort.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
k=$(host_linux)
must "the features table has a column for Linux $k" \
    test -n "$(host_feature sbi-dbcn)"
elf=/tb/guest-riscv
# expect FEATURE MEASURED: MEASURED (yes/no) is what the table says
expect() {
    check "$1: $2 on Linux $k (table: $(host_feature "$1"))" \
        test "$2" = "$(host_feature "$1")"
}
yes_if() {
    if "$@"; then echo yes; else echo no; fi
}

# the register list, and the SBI extensions the guest probes
log=/tmp/features-sbi.log
rm -f $log /tmp/features.trace
timeout -s KILL 60 "$TB_QEMU" -accel kvm -M virt -cpu host -smp 1 -m 128M \
    -display none -serial file:$log \
    -trace kvm_riscv_reg_list,file=/tmp/features.trace \
    -trace kvm_riscv_reg_probe,file=/tmp/features.trace \
    -kernel $elf/sbi-base.elf </dev/null >/tmp/features-sbi.err 2>&1
rc=$?
unix_lines $log
check "sbi-base ran to its end (exit $rc)" guest_passed $log $rc
grep -h 'kvm_riscv_reg_' /tmp/features.trace 2>/dev/null | head -n 1 |
    sed 's/^/# /'
expect reg-list "$(yes_if sh -c "! grep -q kvm_riscv_reg_probe /tmp/features.trace")"
check "the registers were learnt one way or the other" \
    grep -q 'kvm_riscv_reg_list\|kvm_riscv_reg_probe' /tmp/features.trace
for ext in pmu dbcn sta susp fwft mpxy; do
    expect sbi-$ext "$(yes_if grep -qx "# sbi-ext $ext 1" $log)"
done

# SBI MPXY: QEMU serves no message channels, so turning it on is refused
# with the reason (or because the host lacks it), never half done
"$TB_QEMU" -accel kvm -M virt -cpu host,sbi-mpxy=on -display none \
    -kernel $elf/sbi-base.elf </dev/null >/tmp/features-mpxy.err 2>&1
rc=$?
diag /tmp/features-mpxy.err 1
check "sbi-mpxy=on is refused: exit 1, naming sbi-mpxy (exit $rc)" \
    sh -c "test $rc = 1 && grep -q sbi-mpxy /tmp/features-mpxy.err"
# where the host has MPXY, the reason is QEMU's, not the host's
if [ "$(host_feature sbi-mpxy-kernel)" = yes ]; then
    check "sbi-mpxy=on: refused because QEMU has no channels" \
        grep -q 'no SBI MPXY message channels' /tmp/features-mpxy.err
fi

# user mode's time on a hart the guest starts through SBI HSM: KVM sets
# that hart's scounteren (QEMU cannot); Linux 7.2 leaves it 0, and a
# guest kernel without the SBI PMU driver (which sets it) then has
# programs die of SIGILL on that hart
log=/tmp/features-hsm.log
rm -f $log
timeout -s KILL 60 "$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 128M \
    -display none -serial file:$log -kernel $elf/hsm-ipi.elf \
    </dev/null >/dev/null 2>&1
rc=$?
unix_lines $log
check "hsm-ipi ran to its end (exit $rc)" guest_passed $log $rc
v=$(sed -n 's/^# hsm-hart-scounteren //p' $log)
echo "# a hart started through HSM has scounteren ${v:-(not reported)}"
expect hsm-user-time "$(yes_if test -n "$v" -a $(((${v:-0} >> 1) & 1)) = 1)"

# the in-kernel AIA: the guest runs, or QEMU says the kernel lacks it
log=/tmp/features-aia.log
rm -f $log
timeout -s KILL 60 "$TB_QEMU" -accel kvm -M virt,aia=aplic-imsic -cpu host \
    -smp 2 -m 128M -display none -serial file:$log \
    -kernel $elf/sbi-base.elf </dev/null >/tmp/features-aia.err 2>&1
rc=$?
unix_lines $log
if [ $rc = 0 ]; then
    expect kvm-aia "$(yes_if guest_passed $log $rc)"
else
    diag /tmp/features-aia.err 3
    check "without an in-kernel AIA: exit 1 and a clear error (exit $rc)" \
        sh -c "test $rc = 1 &&
               grep -q 'this host kernel has none' /tmp/features-aia.err &&
               grep -q 'aia=none' /tmp/features-aia.err"
    expect kvm-aia no
fi

# the legacy console calls (putchar and getchar) reach QEMU
log=/tmp/features-legacy.log
printf 'hello from the host\n' > /tmp/features-legacy.in
rm -f $log
timeout -s KILL 60 "$TB_QEMU" -accel kvm,sbi-console=sbicon -M virt -cpu host \
    -smp 1 -m 128M -display none \
    -chardev file,id=sbicon,path=$log,input-path=/tmp/features-legacy.in \
    -kernel $elf/legacy-console.elf </dev/null >/dev/null 2>&1
rc=$?
unix_lines $log
expect sbi-legacy "$(yes_if sh -c "grep -qx '# legacy echo: hello from the host' $log")"

# a guest's illegal instruction (a CSR it lacks) traps in the guest; where
# KVM fails KVM_RUN instead, QEMU stops the VM and stays up
log=/tmp/features-csr.log
rm -f $log
"$TB_QEMU" -accel kvm -M virt -cpu host -smp 1 -m 128M -display none \
    -serial file:$log -monitor tcp:127.0.0.1:4461,server=on,wait=off \
    -kernel $elf/csr-trap.elf </dev/null >/tmp/features-csr.err 2>&1 &
qemu=$!
within 30 sh -c "! kill -0 $qemu 2>/dev/null ||
                 grep -q 'kvm run failed' /tmp/features-csr.err"
if ! kill -0 $qemu 2>/dev/null; then
    wait $qemu
    rc=$?
    unix_lines $log
    expect guest-illegal-insn "$(yes_if guest_passed $log $rc)"
else
    grep 'kvm run failed' /tmp/features-csr.err | sed 's/^/# /'
    check "KVM did not handle the guest's illegal instruction: QEMU says so" \
        grep -q 'kvm run failed' /tmp/features-csr.err
    check "... and keeps the VM paused in internal-error, answering HMP" \
        hmp_until 4461 "info status" "internal-error" 5
    hmp 4461 quit >/dev/null
    wait_exit $qemu 20
    expect guest-illegal-insn no
fi
tap_end
