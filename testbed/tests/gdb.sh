#!/bin/sh
# gdbstub with KVM: a software breakpoint (KVM_SET_GUEST_DEBUG) at a
# bare-metal guest program's test_main stops the vCPU there; removed, the
# program runs to its end.  The client is testbed/tools/rsp-break.c.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
addr=$(awk '$1 == "sbi-base" && $2 == "test_main" { print $3 }' \
    /tb/guest-riscv/symbols)
log=/tmp/gdb-guest.log
"$TB_QEMU" -accel kvm -M virt -cpu host -smp 1 -m 128M -display none \
    -serial file:$log -kernel /tb/guest-riscv/sbi-base.elf \
    -gdb tcp:127.0.0.1:4470 -S </dev/null >/tmp/gdb-qemu.err 2>&1 &
qemu=$!
# rsp-break prints its own TAP lines; renumber them after ours
rsp-break 4470 "$addr" > /tmp/gdb-rsp.tap
while read -r line; do
    case $line in
    "ok "*) ok "${line#ok * - }" ;;
    "not ok "*) not_ok "${line#not ok * - }" ;;
    esac
done < /tmp/gdb-rsp.tap
check "QEMU exited by itself" wait_exit $qemu 20
unix_lines $log
check "the program passed its checks" grep -q '^DONE$' $log
[ $tap_failed = 0 ] || { diag $log 5; diag /tmp/gdb-qemu.err 5; }
tap_end
