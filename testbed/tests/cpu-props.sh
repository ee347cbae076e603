#!/bin/sh
# -cpu host properties: an ISA extension the host lacks cannot be turned
# on, and the start-up error names it; one the host has can be asked for.
. /tb/tests/tap.sh
missing=$(host_lacks)
log=/tmp/props-missing.log
SMP=1 timeout 60 tb-guest -cpu host,$missing=on </dev/null >$log 2>&1
rc=$?
check "-cpu host,$missing=on where the host lacks it fails (exit $rc)" \
    test $rc != 0 -a $rc != 124
check "the error names $missing" grep -q "$missing" $log
diag $log 3
log=/tmp/props-present.log
SMP=1 ACTION=poweroff timeout 60 tb-guest -cpu host,zicbom=on </dev/null >$log 2>&1
rc=$?
unix_lines $log
check "-cpu host,zicbom=on where the host has it boots (exit $rc)" \
    grep -q 'TB-GUEST booted' $log
tap_end
