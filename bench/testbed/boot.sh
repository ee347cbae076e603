#!/bin/sh
# Runs inside the test-bed host (testbed/run.py --extra bench/testbed).
# Times the nested Linux guest from QEMU's start to its exit after the
# guest's poweroff, with ours and the anchor interleaved, RUNS times for
# each vCPU count in SMPS; and, to show the VMM's own share, QEMU with
# a bare-metal guest that makes 1000 exits and powers off (exit-count1,
# 1 vCPU; the anchor stops at sbi-base's experimental SBI call).
# Prints one line a run:
#   BENCH boot smp=N qemu=ours|anchor run=I seconds=S ok=0|1
#   BENCH start qemu=ours|anchor run=I seconds=S ok=0|1
. /tb/tests/tap.sh     # guest_passed
. /extra/lib.sh
RUNS=${RUNS:-5}
SMPS=${SMPS:-"1 2 4 8"}
order() {       # alternate which goes first, so neither always runs warm
    if [ $(($1 % 2)) = 1 ]; then echo "ours anchor"; else echo "anchor ours"; fi
}
binary() {
    if [ "$1" = anchor ]; then echo qemu-system-riscv64-anchor; else echo qemu-system-riscv64; fi
}
i=1
while [ $i -le "$RUNS" ]; do
    for q in $(order $i); do
        time_start $q "$(binary $q)" $i
    done
    i=$((i + 1))
done
for smp in $SMPS; do
    i=1
    while [ $i -le "$RUNS" ]; do
        for q in $(order $i); do
            time_boot $q "$(binary $q)" $i $smp
        done
        i=$((i + 1))
    done
done
