#!/bin/sh
# Registers move only when QEMU needs them: a guest that makes thousands
# of MMIO and SBI exits (tests/guest/riscv/mmio and dbcn) causes no more
# register syncs than one that makes a handful.  Counted with the
# kvm_riscv_reg_sync trace event.
. /tb/tests/tap.sh
syncs() {
    rm -f /tmp/reg-sync.trace
    timeout -s KILL 30 "$TB_QEMU" -accel kvm -M virt -cpu host -smp 1 \
        -m 128M -display none -serial file:/tmp/reg-sync.log \
        -trace kvm_riscv_reg_sync,file=/tmp/reg-sync.trace \
        -kernel /tb/guest-riscv/$1.elf </dev/null >/dev/null 2>&1
    # no trace file (no such event) counts as none
    n=$(grep -c kvm_riscv_reg_sync /tmp/reg-sync.trace 2>/dev/null)
    echo "${n:-0}"
}
few=$(syncs sbi-base)
many=$(syncs mmio)
echo "# register syncs: sbi-base (few exits) $few, mmio (over 2000 exits) $many"
check "the trace counts syncs (sbi-base: $few)" test "${few:-0}" -gt 0
check "MMIO exits sync no registers (mmio: $many, sbi-base: $few)" \
    test "${many:-0}" -le $((few + 4))
tap_end
