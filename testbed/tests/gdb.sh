#!/bin/sh
# gdbstub with KVM: a software breakpoint (KVM_SET_GUEST_DEBUG) at a
# bare-metal guest program's function stops the vCPU there; removed, the
# program runs to its end.  The client is testbed/tools/rsp-break.c.
# sbi-base stops at test_main; ebreak stops at after_ebreaks, and until
# then its own ebreaks (which KVM hands to QEMU while gdb's breakpoint is
# in) must trap in the guest, not stop it or loop.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
gdb_case() {    # PROGRAM FUNCTION PORT
    local prog=$1 fn=$2 port=$3 addr log=/tmp/gdb-$1.log
    addr=$(awk -v p=$prog -v f=$fn '$1 == p && $2 == f { print $3 }' \
        /tb/guest-riscv/symbols)
    "$TB_QEMU" -accel kvm -M virt -cpu host -smp 1 -m 128M -display none \
        -serial file:$log -kernel /tb/guest-riscv/$prog.elf \
        -gdb tcp:127.0.0.1:$port -S </dev/null >/tmp/gdb-qemu.err 2>&1 &
    qemu=$!
    # rsp-break prints its own TAP lines; renumber them after ours
    rsp-break $port "$addr" > /tmp/gdb-rsp.tap
    tap_relay $prog /tmp/gdb-rsp.tap
    check "$prog: QEMU exited by itself" wait_exit $qemu 20
    kill $qemu 2>/dev/null
    unix_lines $log
    check "$prog: the program passed its checks" \
        guest_passed $log "$wait_status"
    [ $tap_failed = 0 ] || { diag $log 12; diag /tmp/gdb-qemu.err 5; }
}
gdb_case sbi-base test_main 4470
gdb_case ebreak after_ebreaks 4471
tap_end
