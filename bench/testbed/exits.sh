#!/bin/sh
# Runs inside the test-bed host (testbed/run.py --extra bench/testbed).
# The exit-bench guest (tests/guest/riscv/exit-bench.c) times batches of
# MMIO reads and of SBI DBCN write_byte calls with rdtime, under ours, the
# anchor and kvm-loop (bench/tools/kvm-loop.c, the floor), in rotating
# order, RUNS times.  Prints one line a kind and run:
#   BENCH exits vmm=ours|anchor|loop run=I kind=mmio|dbcn n=0x.. ticks=0x..
#       min=0x.. max=0x..
# (n exits a batch; ticks is the median batch, min and max the extremes)
. /tb/tests/tap.sh     # guest_passed
RUNS=${RUNS:-5}
elf=/tb/bench-riscv/exit-bench.elf
run_one() {
    case $1 in
    loop) timeout -s KILL 120 kvm-loop $elf ;;
    ours) timeout -s KILL 120 qemu-system-riscv64 -accel kvm -M virt \
              -cpu host -smp 1 -m 128M -nographic -kernel $elf ;;
    anchor) timeout -s KILL 120 qemu-system-riscv64-anchor -accel kvm \
              -M virt -cpu host -smp 1 -m 128M -nographic -kernel $elf ;;
    esac </dev/null 2>&1 | tr -d '\000\r'
}
i=1
while [ $i -le "$RUNS" ]; do
    case $((i % 3)) in
    1) order="ours anchor loop" ;;
    2) order="anchor loop ours" ;;
    0) order="loop ours anchor" ;;
    esac
    for v in $order; do
        run_one $v > /tmp/bench-exits.log
        guest_passed /tmp/bench-exits.log ||
            echo "BENCH exits vmm=$v run=$i failed"
        grep -o 'BENCH exit [a-z]* n=0x[0-9a-f]* ticks=0x[0-9a-f]* min=0x[0-9a-f]* max=0x[0-9a-f]*' \
            /tmp/bench-exits.log |
            sed "s/^BENCH exit \([a-z]*\)/BENCH exits vmm=$v run=$i kind=\1/"
    done
    i=$((i + 1))
done
