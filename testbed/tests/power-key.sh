#!/bin/sh
# The virt board's power button: system_powerdown presses it, and a guest
# that listens (the test-bed guest's init reads it through evdev, as
# systemd-logind would) shuts down, so QEMU exits 0.  With
# -M virt,power-key=off there is no such device and the request changes
# nothing, and a bad value is refused.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
log=/tmp/pk.log
SMP=2 ACTION=beats APPEND="tb.beats=100000" tb-guest -M virt \
    -monitor tcp:127.0.0.1:4450,server=on,wait=off </dev/null >$log 2>&1 &
qemu=$!
check "the guest finds a power key" wait_for $log 'TB-GUEST power-key armed' 120
check "the guest beats" wait_for $log 'beat=2 ' 60
hmp 4450 system_powerdown >/dev/null
check "system_powerdown: the guest sees the key pressed" \
    wait_for $log 'TB-GUEST power-key pressed' 30
check "the guest powers off and QEMU exits" wait_exit $qemu 60
rc=$wait_status
check "QEMU's exit status is 0 (got $rc)" test "$rc" = 0
unix_lines $log
[ $tap_failed = 0 ] || diag $log 10

log=/tmp/pk-off.log
SMP=1 ACTION=beats APPEND="tb.beats=100000" tb-guest -M virt,power-key=off \
    -monitor tcp:127.0.0.1:4451,server=on,wait=off </dev/null >$log 2>&1 &
qemu=$!
check "power-key=off: the guest boots" wait_for $log 'beat=2 ' 120
check "power-key=off: the guest finds no power key" \
    sh -c "! grep -q 'power-key armed' $log"
hmp 4451 system_powerdown >/dev/null
b=$(last_beat $log)
sleep 3
check "power-key=off: system_powerdown changes nothing, the guest beats on" \
    test "$(last_beat $log)" -gt "$b"
hmp 4451 quit >/dev/null
wait_exit $qemu 20
log=/tmp/pk-bad.log
timeout 30 "$TB_QEMU" -accel kvm -M virt,power-key=maybe -cpu host \
    -display none -kernel /tb/Image </dev/null >$log 2>&1
rc=$?
check "power-key=maybe is refused (exit $rc)" test $rc = 1
check "the error is the property's: on or off" \
    grep -q "power-key' expects 'on' or 'off'" $log
diag $log 2
tap_end
