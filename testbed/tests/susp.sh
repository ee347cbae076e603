#!/bin/sh
# SBI system suspend.  A bare-metal guest (tests/guest/riscv/susp-wakeup)
# suspends the system; QEMU's VM is then suspended (query-status), the
# machine says it can be woken (query-current-machine), and system_wakeup
# resumes the guest where the SBI specification says.  Rounds: woken
# directly; after savevm and loadvm of the suspended VM; after savevm, in
# a new QEMU started with -loadvm (which wakes it, as QEMU does for any
# suspended snapshot it loads to run); after a migration to a file, in a
# new QEMU started with -incoming, also one whose CPU has sbi-susp=off
# (its guest cannot suspend, yet the incoming one is woken); and a
# system_reset while suspended, which must boot the guest afresh (no
# resume).  The RTC alarm wakes a guest that set it with its interrupt
# on, and not one that masked it.  Then a Linux guest suspends to RAM and
# is woken, with QEMU's PLIC and with the in-kernel AIA (the hart's IMSIC
# file kept).  On a host kernel whose KVM has no SBI SUSP
# (testbed/host-kernels/features) the script skips.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
if ! host_offers sbi-susp; then
    echo "1..0 # SKIP Linux $(host_linux)'s KVM has no SBI SUSP"
    exit 0
fi
elf=/tb/guest-riscv/susp-wakeup.elf
disk=/tmp/susp.qcow2
stream=/tmp/susp.stream
# start_vm LOG [ARGS...]: the bare-metal guest in the background ($qemu)
start_vm() {
    local log=$1
    shift
    rm -f $log
    "$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 128M -display none \
        -serial file:$log -kernel $elf \
        -drive if=none,id=d0,file=$disk,format=qcow2 \
        -monitor tcp:127.0.0.1:4481,server=on,wait=off \
        -qmp tcp:127.0.0.1:4482,server=on,wait=off "$@" </dev/null \
        >$log.err 2>&1 &
    qemu=$!
}
# suspended ROUND WHAT: check the VM is suspended and says it can wake
suspended() {
    hmp_until 4481 "info status" "status: paused \(suspended\)" 10 ||
        diag_status
    check "$1: $2: the VM is suspended" \
        hmp_until 4481 "info status" "status: paused \(suspended\)" 1
    check "$1: $2: query-status says suspended" \
        qmp_has 4482 '{"execute":"query-status"}' '"status": *"suspended"'
}
# diag_status: what QEMU says its state is
diag_status() {
    echo "# $(hmp 4481 'info status' | grep -a 'VM status')"
}
# wake ROUND: system_wakeup, and the guest runs to its end
wake() {
    check "$1: system_wakeup wakes the VM (WAKEUP event)" \
        qmp_has 4482 '{"execute":"system_wakeup"}' '"WAKEUP"'
    wait_exit $qemu 60
    check "$1: the guest ran to its end (exit status $wait_status)" \
        test "$wait_status" = 0
}
# guest_output ROUND LOG...: the guest's output (the LOGs, in order)
# holds all its checks
guest_output() {
    local round=$1 before=$tap_failed
    shift
    for l in "$@"; do unix_lines $l; done
    cat "$@" > /tmp/susp-$round.all
    guest_tap "$(basename $elf .elf) ($round)" /tmp/susp-$round.all sbi-susp
    [ $tap_failed = $before ] ||
        { diag /tmp/susp-$round.all 15; diag $l.err 5; }
}

# TB_SUSP_ROUNDS: a subset of the rounds, when debugging one
for round in ${TB_SUSP_ROUNDS:-direct snapshot loadvm incoming incoming-nosusp reset}; do
    log=/tmp/susp-$round.log
    cp /tb/empty.qcow2 $disk
    start_vm $log
    if ! wait_for $log '^# suspending|^1\.\.' 60 || grep -q '^1\.\.' $log; then
        # skipped, or never got to suspend
        wait_exit $qemu 20
        unix_lines $log
        guest_tap "$(basename $elf .elf) ($round)" $log sbi-susp
        continue
    fi
    suspended $round "at the guest's call"
    case $round in
    direct)
        check "$round: query-current-machine: wakeup-suspend-support" \
            qmp_has 4482 '{"execute":"query-current-machine"}' \
            '"wakeup-suspend-support": *true'
        wake $round
        guest_output $round $log
        ;;
    snapshot)
        hmp 4481 "savevm asleep" >/dev/null
        check "$round: savevm of the suspended VM" \
            hmp_until 4481 "info snapshots" asleep 30
        hmp 4481 "loadvm asleep" > /tmp/susp-loadvm.out
        check "$round: loadvm says no error" \
            sh -c "! grep -qi error /tmp/susp-loadvm.out"
        suspended $round "after loadvm"
        wake $round
        guest_output $round $log
        ;;
    loadvm|incoming*)
        if [ $round = loadvm ]; then
            hmp 4481 "savevm asleep" >/dev/null
            check "$round: savevm of the suspended VM" \
                hmp_until 4481 "info snapshots" asleep 30
            set -- -loadvm asleep
        else
            rm -f $stream
            check "$round: migration to a file completes" \
                migrate_to_file 4482 4481 $stream
            set -- -incoming file:$stream
            # a destination whose guest could not suspend by itself
            [ $round = incoming ] || set -- "$@" -cpu host,sbi-susp=off
        fi
        quit_vm 4481 $qemu
        start_vm $log.2 "$@"
        if [ $round = loadvm ]; then
            # QEMU wakes a suspended snapshot that -loadvm loads to run
            # (without -S): the wakeup happens in the new QEMU at once
            wait_exit $qemu 60
            check "$round: the new QEMU woke the guest, which ran to its end (exit status $wait_status)" \
                test "$wait_status" = 0
        else
            qmp_wait 4482
            suspended $round "in a new QEMU ($1)"
            wake $round
        fi
        guest_output $round $log $log.2
        ;;
    reset)
        hmp 4481 system_reset >/dev/null
        # as for any machine, a reset leaves a suspended VM stopped
        # (prelaunch) until cont
        diag_status
        hmp 4481 cont >/dev/null
        # booted afresh, the guest runs its checks and suspends again
        check "$round: the guest boots afresh after system_reset" \
            within 60 sh -c "test \$(grep -c '^# suspending' $log) = 2"
        suspended $round "again after the reset"
        wake $round
        # the checks of both boots (the guest counts on in its memory,
        # which a reset keeps)
        guest_output $round $log
        ;;
    esac
done

# The RTC as a wakeup source (tests/guest/riscv/susp-rtc): the guest
# sets the RTC alarm with its interrupt on and suspends, and the alarm
# wakes the VM without a system_wakeup (QEMU's events, on a second QMP
# session, say SUSPEND then WAKEUP); then it suspends with the alarm's
# interrupt masked, and stays suspended past the alarm until
# system_wakeup; last, it suspends with the alarm's interrupt already
# pending, and is woken at once.  Started with -S, so the listener sees
# every event.
r=rtc
log=/tmp/susp-$r.log
events=/tmp/susp-$r.events
elf=/tb/guest-riscv/susp-rtc.elf
# events SUSPENDS WAKEUPS: QEMU has sent that many SUSPEND and WAKEUP
# events (within 10 s)
events() {
    within 10 sh -c "test \$(grep -c '\"SUSPEND\"' $events) = $1 &&
                     test \$(grep -c '\"WAKEUP\"' $events) = $2"
}
cp /tb/empty.qcow2 $disk
start_vm $log -S -qmp tcp:127.0.0.1:4483,server=on,wait=off
qmp_wait 4482
if qmp_listen 4483 $events; then
    ok "$r: a second QMP session listens to the events"
    before=$tap_failed
    hmp 4481 cont >/dev/null
    if wait_for $log '^# suspending \(alarm on\)|^1\.\.' 60 &&
       ! grep -q '^1\.\.0' $log; then
        check "$r: the alarm woke the VM (no system_wakeup sent)" \
            wait_for $log '^# resumed \(resume-by-the-alarm\)' 60
        check "$r: QEMU said SUSPEND, then WAKEUP" \
            within 10 sh -c "grep -Eo '\"(SUSPEND|WAKEUP)\"' $events |
                tr -d '\"' | tr '\n' ' ' | grep -q '^SUSPEND WAKEUP '"
        check "$r: the guest suspends again, its alarm masked" \
            wait_for $log '^# suspending \(alarm masked\)' 60
        suspended $r "with the alarm masked"
        # the masked alarm is due 4 s after the guest armed it
        sleep 8
        check "$r: a masked alarm does not wake the VM" \
            hmp_until 4481 "info status" "status: paused \(suspended\)" 1
        check "$r: no WAKEUP event for the masked alarm" \
            test "$(grep -c '"WAKEUP"' $events)" = 1
        check "$r: system_wakeup wakes the VM (WAKEUP event)" \
            qmp_has 4482 '{"execute":"system_wakeup"}' '"WAKEUP"'
        check "$r: the guest suspends with its alarm pending" \
            wait_for $log '^# suspending \(alarm pending\)' 60
        check "$r: the pending alarm woke the VM at once (no system_wakeup sent)" \
            wait_for $log '^# resumed \(resume-with-the-alarm-pending\)' 30
        check "$r: three SUSPEND and three WAKEUP events" events 3 3
    fi
    wait_exit $qemu 60
    check "$r: the guest ran to its end (exit status $wait_status)" \
        test "$wait_status" = 0
    guest_output $r $log
    [ $tap_failed = $before ] || diag $events 10
    qmp_unlisten
else
    not_ok "$r: a second QMP session listens to the events"
    qmp_unlisten
    quit_vm 4481 $qemu
fi

# A Linux guest (2 vCPUs) suspends to RAM (echo mem > /sys/power/state);
# woken, it must beat: timer, both vCPUs and its virtio disk.  With
# QEMU's PLIC, and with the in-kernel AIA, where KVM's reset of the vCPU
# would also clear its IMSIC file (the guest's IPIs and MSIs)
for m in virt $(guest_machine | grep aia); do
    r=linux-aia
    [ $m = virt ] && r=linux-plic
    log=/tmp/susp-$r.log
    rm -f $log
    cp /tb/empty.qcow2 $disk
    "$TB_QEMU" -accel kvm -M $m -cpu host -smp 2 -m 256M -display none \
        -kernel /tb/Image -initrd /tb/guest.cpio.gz \
        -append "console=ttyS0 quiet tb.action=suspend tb.beats=5" \
        -drive file=$disk,format=qcow2,if=virtio -serial file:$log \
        -monitor tcp:127.0.0.1:4481,server=on,wait=off \
        -qmp tcp:127.0.0.1:4482,server=on,wait=off </dev/null \
        >$log.err 2>&1 &
    qemu=$!
    before=$tap_failed
    check "$r: the guest can suspend to RAM ('mem' in /sys/power/state)" \
        wait_for $log '^TB-GUEST suspending: .*mem' 120
    suspended $r "after echo mem"
    check "$r: system_wakeup wakes the VM (WAKEUP event)" \
        qmp_has 4482 '{"execute":"system_wakeup"}' '"WAKEUP"'
    check "$r: the guest resumed" wait_for $log '^TB-GUEST resumed' 60
    check "$r: the guest beat to the end" wait_for $log 'beat=5 ' 60
    check "$r: the guest powers off" wait_exit $qemu 60
    unix_lines $log
    check "$r: every beat was whole (timer, vCPUs, disk)" no_bad_beats $log
    [ $tap_failed = $before ] || { diag $log 20; diag $log.err 5; }
done
tap_end
