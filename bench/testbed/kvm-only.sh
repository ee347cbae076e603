#!/bin/sh
# Runs inside the test-bed host (testbed/run.py --extra bench/testbed).
# Our QEMU built with TCG and KVM (qemu-system-riscv64) against the same
# series built KVM only (qemu-system-riscv64-kvm, --disable-tcg),
# interleaved, RUNS times each: QEMU's start and exit with a bare-metal
# guest that makes 1000 exits and powers off (exit-count1, 1 vCPU), and
# a nested Linux guest's boot to init and poweroff (1 vCPU).  Prints the
# binaries' sizes, then one line a run:
#   BENCH size qemu=tcg-kvm|kvm bytes=N
#   BENCH start qemu=tcg-kvm|kvm run=I seconds=S ok=0|1
#   BENCH boot smp=1 qemu=tcg-kvm|kvm run=I seconds=S ok=0|1
. /tb/tests/tap.sh     # guest_passed
. /extra/lib.sh
RUNS=${RUNS:-5}
order() {       # alternate which goes first, so neither always runs warm
    if [ $(($1 % 2)) = 1 ]; then echo "tcg-kvm kvm"; else echo "kvm tcg-kvm"; fi
}
binary() {
    if [ "$1" = kvm ]; then
        echo /tb/bin/qemu-system-riscv64-kvm
    else
        echo /tb/bin/qemu-system-riscv64
    fi
}
for q in tcg-kvm kvm; do
    echo "BENCH size qemu=$q bytes=$(wc -c < "$(binary $q)")"
done
i=1
while [ $i -le "$RUNS" ]; do
    for q in $(order $i); do
        time_start $q "$(binary $q)" $i
    done
    for q in $(order $i); do
        time_boot $q "$(binary $q)" $i 1
    done
    i=$((i + 1))
done
