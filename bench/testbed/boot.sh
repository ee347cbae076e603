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
RUNS=${RUNS:-5}
SMPS=${SMPS:-"1 2 4 8"}
now() {
    cut -d' ' -f1 /proc/uptime
}
since() {
    echo "$(now) $1" | awk '{printf "%.2f", $1 - $2}'
}
order() {       # alternate which goes first, so neither always runs warm
    if [ $(($1 % 2)) = 1 ]; then echo "ours anchor"; else echo "anchor ours"; fi
}
binary() {
    if [ "$1" = anchor ]; then echo qemu-system-riscv64-anchor; else echo qemu-system-riscv64; fi
}
i=1
while [ $i -le "$RUNS" ]; do
    for q in $(order $i); do
        t0=$(now)
        timeout 120 "$(binary $q)" -accel kvm -M virt -cpu host -smp 1 \
            -m 128M -nographic -kernel /tb/bench-riscv/exit-count1.elf \
            </dev/null >/tmp/bench-start.log 2>&1
        rc=$?
        t=$(since "$t0")
        good=0
        tr -d '\r\000' </tmp/bench-start.log >/tmp/bench-start.tap
        guest_passed /tmp/bench-start.tap $rc && good=1
        echo "BENCH start qemu=$q run=$i seconds=$t ok=$good"
    done
    i=$((i + 1))
done
for smp in $SMPS; do
    i=1
    while [ $i -le "$RUNS" ]; do
        for q in $(order $i); do
            t0=$(now)
            TB_QEMU=$(binary $q) SMP=$smp ACTION=poweroff timeout 300 tb-guest \
                </dev/null >/tmp/bench-boot.log 2>&1
            rc=$?
            t=$(since "$t0")
            good=0
            if [ $rc = 0 ] && grep -q "TB-GUEST booted cpus=$smp" /tmp/bench-boot.log; then
                good=1
            fi
            echo "BENCH boot smp=$smp qemu=$q run=$i seconds=$t ok=$good"
        done
        i=$((i + 1))
    done
done
