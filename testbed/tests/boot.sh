#!/bin/sh
# The nested guest boots to its init under KVM with 1 and 4 vCPUs, and
# its poweroff makes QEMU exit with status 0.
. /tb/tests/tap.sh
echo "# QEMU under test: $TB_QEMU"
for smp in 1 4; do
    log=/tmp/boot-$smp.log
    SMP=$smp ACTION=poweroff timeout 150 tb-guest </dev/null >$log 2>&1
    rc=$?
    unix_lines $log
    if grep -q "TB-GUEST booted cpus=$smp\$" $log; then
        ok "guest booted to its init with $smp vCPUs"
    else
        not_ok "guest booted to its init with $smp vCPUs"
        diag $log
    fi
    check "guest poweroff: QEMU exits 0 with $smp vCPUs (got $rc)" \
        test $rc = 0 -a -n "$(grep 'TB-GUEST poweroff' $log)"
    grep 'TB-GUEST isa=' $log | sed 's/^/# /'
done
tap_end
