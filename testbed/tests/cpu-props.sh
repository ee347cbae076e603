#!/bin/sh
# -cpu host properties: an ISA extension the host lacks cannot be turned
# on, and the start-up error names it; one KVM does not know at all is
# "not available on this host" by name; a cache block size KVM cannot
# change is checked against the host's; one the host has can be asked for.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
missing=$(host_lacks)
log=/tmp/props-missing.log
SMP=1 timeout 60 tb-guest -cpu host,$missing=on </dev/null >$log 2>&1
rc=$?
check "-cpu host,$missing=on where the host lacks it fails (exit $rc)" \
    test $rc != 0 -a $rc != 124
check "the error names $missing" grep -q "$missing" $log
diag $log 3
out=$(start_cpu host,zfinx=on)
echo "$out" | sed 's/^/# /'
check "zfinx=on (not a KVM extension) is not available on this host, by name" \
    sh -c "echo \"\$1\" | grep -q \"ISA extension 'zfinx' is not available on this host\"" - "$out"
out=$(start_cpu host,zfinx=off)
check "zfinx=off is accepted" sh -c "echo \"\$1\" | grep -q started" - "$out"
out=$(start_cpu host,cbom_blocksize=128)
echo "$out" | sed 's/^/# /'
check "cbom_blocksize=128 on a 64-byte host is refused, naming it" \
    sh -c "echo \"\$1\" | grep -q \"host's cbom_blocksize is 64\"" - "$out"
out=$(start_cpu host,cbom_blocksize=64)
check "cbom_blocksize=64 (the host's) is accepted" \
    sh -c "echo \"\$1\" | grep -q started" - "$out"
log=/tmp/props-present.log
SMP=1 ACTION=poweroff timeout 60 tb-guest -cpu host,zicbom=on </dev/null >$log 2>&1
rc=$?
unix_lines $log
check "-cpu host,zicbom=on where the host has it boots (exit $rc)" \
    grep -q 'TB-GUEST booted' $log
tap_end
