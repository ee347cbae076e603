#!/bin/sh
# Runs inside the test-bed host (testbed/run.py --extra bench/testbed).
# Counts KVM_GET_ONE_REG / KVM_SET_ONE_REG ioctls with onereg-count
# (bench/tools/onereg-count.c), ours and the anchor in turn, RUNS times:
#  - per ordinary exit: exit-count3 less exit-count1 (exit-bench in 3
#    batches and in 1: the same guest but for $EXITS MMIO and SBI exits),
#    over $EXITS;
#  - per stop/cont and per migration: a spinning guest (no exits of its
#    own), counted before and after 10 stop/cont pairs and one migration.
# With them, per ordinary exit, the system calls other than KVM_RUN,
# counted the same way, also for kvm-loop.
# The console is set up as in exits.sh: QEMU's -nographic, on stdout.
# Prints: BENCH onereg vmm=V run=I exits=N stopcont=N migration=N other=N
#         BENCH onereg vmm=loop run=I other=N
. /tb/tests/tap.sh
. /tb/tests/mon.sh
RUNS=${RUNS:-5}
EXITS=2000      # 2 kinds x (3 - 1) batches x 500 exits
total() {       # the sum of get= and set= on line $2 of file $1
    sed -n "${2}p" "$1" | tr -s ' =' '  ' | awk '{ print $2 + $4 }'
}
other() {       # sys= less run= on the last line of file $1
    sed -n '$p' "$1" | tr -s ' =' '  ' | awk '{ print $8 - $6 }'
}
bare() {        # VMM ELF COUNTFILE: run a bare-metal guest to its end
    rm -f "$3"
    onereg-count "$3" timeout -s KILL 300 "$1" -accel kvm -M virt \
        -cpu host -smp 1 -m 128M -nographic -kernel "$2" \
        </dev/null >/dev/null 2>&1
    total "$3" '$'
}
per_exit() {    # MANY FEW: (MANY - FEW) / EXITS
    echo "$1 $2" | awk -v n=$EXITS '{ printf "%.4f", ($1 - $2) / n }'
}
i=1
port=4490
while [ $i -le "$RUNS" ]; do
    if [ $((i % 2)) = 1 ]; then order="ours anchor"; else order="anchor ours"; fi
    for v in $order; do
        q=qemu-system-riscv64
        [ $v = anchor ] && q=qemu-system-riscv64-anchor
        few=$(bare $q /tb/bench-riscv/exit-count1.elf /tmp/oc-few.txt)
        many=$(bare $q /tb/bench-riscv/exit-count3.elf /tmp/oc-many.txt)
        exits=$(per_exit "$many" "$few")
        other=$(per_exit "$(other /tmp/oc-many.txt)" "$(other /tmp/oc-few.txt)")

        port=$((port + 1))
        rm -f /tmp/oc-run.txt /tmp/spin.log /tmp/spin.mig
        onereg-count /tmp/oc-run.txt "$q" -accel kvm -M virt -cpu host \
            -smp 1 -m 128M -display none -serial file:/tmp/spin.log \
            -monitor tcp:127.0.0.1:$port,server=on,wait=off \
            -kernel /tb/bench-riscv/spin.elf </dev/null >/dev/null 2>&1 &
        pid=$!
        wait_for /tmp/spin.log '# BENCH spinning' 60
        sleep 1
        kill -USR1 $pid; sleep 1
        n=0
        while [ $n -lt 10 ]; do
            hmp $port stop >/dev/null
            hmp $port cont >/dev/null
            n=$((n + 1))
        done
        kill -USR1 $pid; sleep 1
        hmp $port "migrate file:/tmp/spin.mig" >/dev/null
        hmp_until $port "info migrate" 'status:[[:space:]]*completed' 20
        kill -USR1 $pid; sleep 1
        hmp $port quit >/dev/null
        wait_exit $pid 30
        s0=$(total /tmp/oc-run.txt 1)
        s1=$(total /tmp/oc-run.txt 2)
        s2=$(total /tmp/oc-run.txt 3)
        echo "BENCH onereg vmm=$v run=$i exits=$exits" \
            "stopcont=$(echo "$s1 $s0" | awk '{ printf "%.1f", ($1 - $2) / 10 }')" \
            "migration=$(echo "$s2 $s1" | awk '{ print $1 - $2 }')" \
            "other=$other"
    done
    for b in 1 3; do
        rm -f /tmp/oc-loop$b.txt
        onereg-count /tmp/oc-loop$b.txt timeout -s KILL 300 kvm-loop \
            /tb/bench-riscv/exit-count$b.elf </dev/null >/dev/null 2>&1
    done
    other=$(per_exit "$(other /tmp/oc-loop3.txt)" "$(other /tmp/oc-loop1.txt)")
    echo "BENCH onereg vmm=loop run=$i other=$other"
    i=$((i + 1))
done
