#!/bin/sh
# libvirt domains on the QEMU under test, in the Debian host: a riscv64
# <domain type='kvm'> with host-passthrough, 2 vCPUs, a virtio-blk qcow2
# root and a virtio-net interface on a host bridge, through the verbs a
# user runs.  Each verb is checked by libvirt's state and by the guest's
# own console (its heartbeat, tb.action=beats), never by sleeping alone.
#
# Run with testbed/run.py --flavour debian; TB_QEMU is the domain's
# <emulator> (ours by default, /usr/bin/qemu-system-riscv64 for Debian's).
. /tb/tests/tap.sh
. /tb/tests/mon.sh
. /tb/tests/lvdomain.sh
emu=$(command -v "$TB_QEMU")
echo "# QEMU under test: $emu"
lv_libvirtd
d=/tmp/lv
mkdir -p $d
# the guest's root: the test bed's ext4 root as qcow2; its init beats
qemu-img convert -q -f raw -O qcow2 /tb/guest-root.img $d/root.qcow2
# a host bridge for the guest's tap; the host end answers its ping
ip link add tbbr0 type bridge 2>/dev/null
ip addr add 10.0.2.2/24 dev tbbr0 2>/dev/null
ip link set tbbr0 up

# domain_xml NAME ACTION [EXTRA-TOP-LEVEL-XML]
domain_xml() {
    lv_domain "$1" 256 "<os>
    <type arch='riscv64' machine='virt'>hvm</type>
    <kernel>/tb/Image</kernel>
    <cmdline>console=ttyS0 quiet root=/dev/vda rw init=/init rootwait tb.action=$2 tb.beats=100000</cmdline>
  </os>" $d/root.qcow2 $d/$1.console "<interface type='bridge'>
      <source bridge='tbbr0'/>
      <model type='virtio'/>
    </interface>" "${3:-}"
}
log=$d/tb1.console
# the guest's console, \r stripped
con() {
    tr -d '\r' < $log
}
# count PATTERN: console lines matching a grep -E pattern
count() {
    con | grep -Ec "$1"
}
# state_is NAME STATE [REASON]: virsh domstate says so
state_is() {
    [ "$($V domstate ${3:+--reason} "$1" 2>/dev/null | head -n 1)" = \
      "$2${3:+ ($3)}" ]
}
# beat_past N: the guest beat past beat N
beat_past() {
    local b
    b=$(last_beat $log)
    [ -n "$b" ] && [ "$b" -gt "$1" ]
}
# more PATTERN N: more than N console lines match PATTERN
more() {
    [ "$(count "$1")" -gt "$2" ]
}
# the largest step in the guest's uptime between two beats from beat N on
# (whole seconds): a frozen or jumping clock shows here
max_step() {
    con | sed -n 's/^TB-GUEST beat=\([0-9]*\) .* t=\([0-9.]*\).*/\1 \2/p' |
        awk -v n="$1" '$1 >= n { if (p != "" && $2 - p > m) m = $2 - p; p = $2 }
                       END { printf "%d\n", m }'
}
# beat_at_most_after LINE N: a beat numbered N or less came after
# console line LINE
beat_at_most_after() {
    beats $log "$1" | awk -v n="$2" '$1 <= n { f = 1 } END { exit !f }'
}

domain_xml tb1 beats > $d/tb1.xml
check "virsh define" $V define $d/tb1.xml
must "virsh start" $V start tb1
check "the domain is running" within 30 state_is tb1 running
must "the guest boots to its init (console log)" \
    wait_for $log 'TB-GUEST booted cpus=2' 120
check "the guest's network device is up on the bridge, frames both ways" \
    wait_for $log 'TB-GUEST net=up tx=[1-9][0-9]* rx=[1-9]' 30
con | grep 'TB-GUEST net=' | sed 's/^/# /'
check "the guest beats" within 60 beat_past 3

# virsh console: on a pty, as a user at a terminal sees it
check "virsh console shows the guest's heartbeat" python3 - <<'EOT'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp('virsh', ['virsh', '-c', 'qemu:///system', 'console',
                        '--force', 'tb1'])
seen, end = b'', time.time() + 30
while time.time() < end and b'TB-GUEST beat=' not in seen:
    r, _, _ = select.select([fd], [], [], 1)
    if r:
        try:
            seen += os.read(fd, 4096)
        except OSError:
            break
os.write(fd, b'\x1d')      # ^] leaves the console
time.sleep(1)
os.kill(pid, 9)
sys.exit(0 if b'TB-GUEST beat=' in seen else 1)
EOT

# what libvirt reports of it
$V dominfo tb1 > $d/dominfo
check "dominfo: 2 vCPUs" grep -q '^CPU(s): *2$' $d/dominfo
check "dominfo: running" grep -q '^State: *running$' $d/dominfo
$V vcpuinfo tb1 > $d/vcpuinfo
check "vcpuinfo lists 2 running vCPUs" \
    test "$(grep -c '^State: *running' $d/vcpuinfo)" = 2
$V domstats tb1 > $d/domstats
check "domstats: vcpu.current=2" grep -q 'vcpu.current=2$' $d/domstats
check "domstats: block stats of vda" grep -q 'block.0.name=vda$' $d/domstats
check "domstats: net stats" grep -q 'net.0.tx.pkts=' $d/domstats

# suspend / resume: no beat while paused; time goes on as before after
b0=$(last_beat $log)
check "virsh suspend" $V suspend tb1
check "suspended: paused" state_is tb1 paused
sleep 4
b1=$(last_beat $log)
check "no beat while paused (beat $b0, then $b1)" test "$b1" -le "$((b0 + 1))"
check "virsh resume" $V resume tb1
check "resumed: running" state_is tb1 running
check "the guest beats again after resume" within 60 beat_past $((b1 + 3))
step=$(max_step "$b0")
check "guest time across suspend/resume: no step over 3 s between beats (largest $step s)" \
    test "$step" -le 3

# save / restore: the guest goes on where it was, not from a new boot
must "virsh save" $V save tb1 $d/tb1.save
check "after save the domain is shut off" within 30 state_is tb1 "shut off"
b2=$(last_beat $log)
must "virsh restore" $V restore $d/tb1.save
check "after restore the domain is running" within 30 state_is tb1 running
check "the restored guest beats on from beat $b2" within 90 beat_past $((b2 + 3))
check "the restored guest did not boot again" test "$(count 'TB-GUEST booted')" = 1
rm -f $d/tb1.save

# managedsave, then start again
must "virsh managedsave" $V managedsave tb1
check "after managedsave the domain is shut off (saved)" \
    within 30 state_is tb1 "shut off" saved
check "dominfo says it has a managed save" \
    sh -c "$V dominfo tb1 | grep -q '^Managed save: *yes'"
b3=$(last_beat $log)
must "virsh start resumes the managed save" $V start tb1
check "the guest beats on from beat $b3" within 90 beat_past $((b3 + 3))
check "the guest did not boot again" test "$(count 'TB-GUEST booted')" = 1

# an internal snapshot on the qcow2 disk, then back to it
check "virsh snapshot-create-as (internal, running)" \
    $V snapshot-create-as tb1 s1
s=$(last_beat $log)
check "the guest beats on after the snapshot (taken at beat $s)" \
    within 90 beat_past $((s + 5))
mark=$(con | wc -l)
must "virsh snapshot-revert" $V snapshot-revert tb1 s1
check "after revert the domain is running" within 30 state_is tb1 running
check "after revert the guest beats from the snapshot's beat ($s)" \
    within 90 beat_at_most_after "$mark" $((s + 2))
back=$(beats $log "$mark" | awk -v n=$((s + 2)) '$1 <= n { print; exit }')
check "and beats on (from beat ${back:-none})" within 60 beat_past "${back:-0}"
check "every beat was whole (timer, vCPUs, disk)" no_bad_beats $log
check "the guest reported no lockup or stall" \
    sh -c "! tr -d '\r' < $log | grep -Eiq 'soft lockup|hung_task|blocked for more than|workqueue lockup|detected stall|rcu: INFO'"
$V snapshot-delete tb1 s1 >/dev/null 2>&1

# virsh reset
nb=$(count 'TB-GUEST booted')
check "virsh reset" $V reset tb1
check "virsh reset: the guest boots again" within 240 more 'TB-GUEST booted' $nb

# virsh reboot and shutdown press the board's power button
# (system_powerdown); the guest's init shuts down when it sees the key.
# A QEMU without the button gets one failure here, not a wait per step.
nb=$(count 'TB-GUEST booted')
mark=$(con | wc -l)
if within 60 more 'power-key armed' $((nb - 1)) &&
        within 60 beat_at_most_after "$mark" 999999; then
    ok "power button: the guest armed its power key"
    np=$(count 'power-key pressed')
    check "power button: virsh reboot" $V reboot tb1
    check "power button: virsh reboot: the guest saw the key" \
        within 60 more 'power-key pressed' $np
    check "power button: virsh reboot: the guest boots again" \
        within 240 more 'TB-GUEST booted' $nb
    check "power button: after reboot the domain is running" \
        within 30 state_is tb1 running
    check "power button: the guest armed its power key again" \
        within 120 more 'power-key armed' $nb
    np=$(count 'power-key pressed')
    check "power button: virsh shutdown" $V shutdown tb1
    check "power button: virsh shutdown: the guest saw the key" \
        within 60 more 'power-key pressed' $np
    check "power button: virsh shutdown: shut off (shutdown)" \
        within 240 state_is tb1 "shut off" shutdown
    # start once more
    nb=$(count 'TB-GUEST booted')
    check "virsh start after shutdown" $V start tb1
    check "the guest boots again" within 240 more 'TB-GUEST booted' $nb
else
    not_ok "power button: the guest found no power key (no virsh reboot, shutdown)"
fi

# destroy; undefine
check "virsh destroy" $V destroy tb1
check "after destroy the domain is shut off (destroyed)" \
    within 30 state_is tb1 "shut off" destroyed
check "virsh undefine" $V undefine tb1
check "the domain is gone" sh -c "! $V dominfo tb1 >/dev/null 2>&1"

# a guest that powers itself off: libvirt records a shutdown
domain_xml tb2 poweroff > $d/tb2.xml
$V define $d/tb2.xml >/dev/null
$V start tb2 >/dev/null
check "a guest's own poweroff: shut off (shutdown)" \
    within 240 state_is tb2 "shut off" shutdown
$V undefine tb2 >/dev/null 2>&1

# the domain capabilities libvirt reads from the emulator
$V domcapabilities --virttype kvm --arch riscv64 --emulatorbin "$emu" \
    --machine virt > $d/domcaps
sed -n '/<cpu>/,/<\/cpu>/p' $d/domcaps | grep 'mode name' | sed 's/^/# /'
check "domcapabilities: host-passthrough is supported" \
    grep -q "<mode name='host-passthrough' supported='yes'>" $d/domcaps

# a domain asking for an extension this host lacks is refused, with the
# emulator's reason reaching the user
lack=$(host_lacks)
if [ -z "$lack" ]; then
    echo "ok $((tap_n + 1)) # SKIP the host offers every extension host_lacks tries"
    tap_n=$((tap_n + 1))
else
    domain_xml tb3 poweroff "<qemu:commandline><qemu:arg value='-global'/><qemu:arg value='host-riscv-cpu.$lack=on'/></qemu:commandline>" \
        > $d/tb3.xml
    $V define $d/tb3.xml >/dev/null
    $V start tb3 > $d/tb3.err 2>&1
    sed 's/^/# /' $d/tb3.err | tail -n 3
    check "a domain asking for $lack on a host without it is defined" \
        sh -c "$V dominfo tb3 >/dev/null"
    check "and does not start" sh -c "! $V domstate tb3 | grep -q running"
    check "the user sees why: virsh start's error names $lack" grep -q "$lack" $d/tb3.err
    $V destroy tb3 >/dev/null 2>&1
    $V undefine tb3 >/dev/null 2>&1
fi

# the in-kernel AIA chosen in the domain XML (libvirt's <aia>); such a
# domain also saves and restores
log=$d/tb4.console
domain_xml tb4 beats "<features><aia value='aplic-imsic'/></features>" > $d/tb4.xml
check "a domain with <aia value='aplic-imsic'/> is defined" $V define $d/tb4.xml
check "and starts" $V start tb4
check "libvirt ran QEMU with aia=aplic-imsic" \
    grep -q 'aia=aplic-imsic' /var/log/libvirt/qemu/tb4.log
check "the AIA guest beats" within 120 beat_past 3
check "virsh save (AIA)" $V save tb4 $d/tb4.save
b=$(last_beat $log)
check "virsh restore (AIA)" $V restore $d/tb4.save
check "the restored AIA guest beats on from beat $b" within 90 beat_past $((b + 3))
check "the restored AIA guest did not boot again" \
    test "$(count 'TB-GUEST booted')" = 1
check "every AIA beat was whole" no_bad_beats $log
$V destroy tb4 >/dev/null 2>&1
$V undefine tb4 >/dev/null 2>&1
rm -f $d/tb4.save

tap_end
