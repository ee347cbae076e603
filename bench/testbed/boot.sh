#!/bin/sh
# Runs inside the test-bed host (testbed/run.py --extra bench/testbed).
# Times the nested Linux guest from QEMU's start to its exit after the
# guest's poweroff, with ours and the anchor interleaved, RUNS times for
# each vCPU count in SMPS.  Prints one line a run:
#   BENCH boot smp=N qemu=ours|anchor run=I seconds=S ok=0|1
RUNS=${RUNS:-5}
SMPS=${SMPS:-"1 2 4 8"}
now() {
    cut -d' ' -f1 /proc/uptime
}
for smp in $SMPS; do
    i=1
    while [ $i -le "$RUNS" ]; do
        # alternate which goes first, so neither always runs warm
        if [ $((i % 2)) = 1 ]; then order="ours anchor"; else order="anchor ours"; fi
        for q in $order; do
            bin=qemu-system-riscv64
            [ $q = anchor ] && bin=qemu-system-riscv64-anchor
            t0=$(now)
            TB_QEMU=$bin SMP=$smp ACTION=poweroff timeout 300 tb-guest \
                </dev/null >/tmp/bench-boot.log 2>&1
            rc=$?
            t1=$(now)
            good=0
            if [ $rc = 0 ] && grep -q "TB-GUEST booted cpus=$smp" /tmp/bench-boot.log; then
                good=1
            fi
            echo "BENCH boot smp=$smp qemu=$q run=$i seconds=$(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}') ok=$good"
        done
        i=$((i + 1))
    done
done
