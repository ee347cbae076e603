# Shared by the bench scripts that time QEMU in the test-bed host; sourced
# after /tb/tests/tap.sh (guest_passed).  Each timing prints one line:
#   BENCH start qemu=NAME run=I seconds=S ok=0|1
#   BENCH boot smp=N qemu=NAME run=I seconds=S ok=0|1
now() {
    cut -d' ' -f1 /proc/uptime
}
since() {
    echo "$(now) $1" | awk '{printf "%.2f", $1 - $2}'
}
# time_start NAME BINARY RUN: QEMU with a bare-metal guest that makes
# 1000 exits and powers off (exit-count1, 1 vCPU)
time_start() {
    local t0 rc t good=0
    t0=$(now)
    timeout 120 "$2" -accel kvm -M virt -cpu host -smp 1 \
        -m 128M -nographic -kernel /tb/bench-riscv/exit-count1.elf \
        </dev/null >/tmp/bench-start.log 2>&1
    rc=$?
    t=$(since "$t0")
    tr -d '\r\000' </tmp/bench-start.log >/tmp/bench-start.tap
    guest_passed /tmp/bench-start.tap $rc && good=1
    echo "BENCH start qemu=$1 run=$3 seconds=$t ok=$good"
}
# time_boot NAME BINARY RUN SMP: the nested Linux guest (tb-guest) from
# QEMU's start to its exit after the guest's poweroff
time_boot() {
    local t0 rc t good=0
    t0=$(now)
    TB_QEMU=$2 SMP=$4 ACTION=poweroff timeout 300 tb-guest \
        </dev/null >/tmp/bench-boot.log 2>&1
    rc=$?
    t=$(since "$t0")
    if [ $rc = 0 ] && grep -q "TB-GUEST booted cpus=$4" /tmp/bench-boot.log
    then
        good=1
    fi
    echo "BENCH boot smp=$4 qemu=$1 run=$3 seconds=$t ok=$good"
}
