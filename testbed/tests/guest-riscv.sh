#!/bin/sh
# The bare-metal guest test programs of tests/guest/riscv, each booted
# with -kernel under KVM; every "PASS name" / "FAIL name: why" line they
# print becomes a TAP line, and each must end with DONE and exit 0.
. /tb/tests/tap.sh
for elf in /tb/guest-riscv/*.elf; do
    prog=$(basename $elf .elf)
    log=/tmp/guest-$prog.log
    timeout -s KILL 30 "$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 256M \
        -nographic -kernel $elf </dev/null >$log 2>&1
    rc=$?
    unix_lines $log
    while read -r word rest; do
        case $word in
        PASS) ok "$prog: $rest" ;;
        FAIL) not_ok "$prog: $rest" ;;
        esac
    done < $log
    if grep -q '^DONE' $log && [ $rc = 0 ]; then
        ok "$prog: ran to the end, QEMU exit status 0"
    else
        not_ok "$prog: ran to the end, QEMU exit status 0 (got $rc)"
        diag $log 15
    fi
done
tap_end
