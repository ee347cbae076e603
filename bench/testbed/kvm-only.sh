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
#   BENCH boot qemu=tcg-kvm|kvm run=I seconds=S ok=0|1
. /tb/tests/tap.sh     # guest_passed
RUNS=${RUNS:-5}
now() {
    cut -d' ' -f1 /proc/uptime
}
since() {
    echo "$(now) $1" | awk '{printf "%.2f", $1 - $2}'
}
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
    for q in $(order $i); do
        t0=$(now)
        TB_QEMU=$(binary $q) SMP=1 ACTION=poweroff timeout 300 tb-guest \
            </dev/null >/tmp/bench-boot.log 2>&1
        rc=$?
        t=$(since "$t0")
        good=0
        if [ $rc = 0 ] && grep -q "TB-GUEST booted cpus=1" /tmp/bench-boot.log
        then
            good=1
        fi
        echo "BENCH boot qemu=$q run=$i seconds=$t ok=$good"
    done
    i=$((i + 1))
done
