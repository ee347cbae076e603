#!/bin/sh
# The bare-metal guest test programs of tests/guest/riscv, each booted
# with -kernel under KVM; each check of the TAP they print becomes a TAP
# line of this script, and each must run to its plan and exit 0.
# console-in and legacy-console get the SBI console on a chardev with
# input waiting.  A program may skip (a "1..0 # SKIP" plan) only for what
# this host kernel does not offer (host_offers, tap.sh).
. /tb/tests/tap.sh
for elf in /tb/guest-riscv/*.elf; do
    prog=$(basename $elf .elf)
    # guest-migrate.sh's and susp.sh's
    case $prog in *-migrate|susp-*) continue ;; esac
    # Linux 6.1's KVM fails KVM_RUN on a guest's illegal instruction;
    # host-features.sh checks that QEMU stops the VM and stays up
    if [ $prog = csr-trap ] && ! host_offers guest-illegal-insn; then
        ok "csr-trap: not run on Linux $(host_linux), whose KVM does not trap a guest's illegal instruction to the guest # SKIP"
        continue
    fi
    log=/tmp/guest-$prog.log
    rm -f $log
    accel=kvm
    set --
    case $prog in
    console-in|legacy-console)
        printf 'hello from the host\n' > /tmp/console-in.txt
        accel=kvm,sbi-console=sbicon
        set -- -chardev file,id=sbicon,path=$log,input-path=/tmp/console-in.txt
        ;;
    esac
    timeout -s KILL 30 "$TB_QEMU" -accel $accel -M virt -cpu host -smp 2 \
        -m 256M -nographic -kernel $elf "$@" </dev/null >>$log 2>&1
    rc=$?
    unix_lines $log
    failed_before=$tap_failed
    case $prog in
    dbcn|console-in) feature=sbi-dbcn ;;
    *) feature= ;;
    esac
    guest_tap $prog $log $feature
    check "$prog: QEMU exit status 0 (got $rc)" test $rc = 0
    [ $tap_failed = $failed_before ] || diag $log 15
    if [ $prog = console-in ]; then
        if ! guest_skipped $log; then
            check "console-in: the line came back through the SBI console" \
                grep -q '^# echo: hello from the host$' $log
        fi
    fi
    if [ $prog = legacy-console ]; then
        check "legacy-console: the line came back through putchar" \
            grep -q '^# legacy echo: hello from the host$' $log
    fi
done
# sbi-console mistakes: a clear error and exit status 1, never an abort
elf=/tb/guest-riscv/sbi-base.elf
"$TB_QEMU" -accel kvm,sbi-console=nope -M virt -cpu host -display none \
    -kernel $elf </dev/null >/tmp/sbi-console.err 2>&1
rc=$?
check "sbi-console naming no chardev: exit 1 and says so (got $rc)" \
    sh -c "test $rc = 1 && grep -q \"no chardev 'nope'\" /tmp/sbi-console.err"
"$TB_QEMU" -accel kvm,sbi-console=s0 -chardev null,id=s0 -serial chardev:s0 \
    -M virt -cpu host -display none -kernel $elf </dev/null \
    >/tmp/sbi-console.err 2>&1
rc=$?
check "sbi-console on the UART's chardev: exit 1, in use (got $rc)" \
    sh -c "test $rc = 1 && grep -q 'already in use' /tmp/sbi-console.err"
tap_end
