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
emu=$(command -v "$TB_QEMU")
echo "# QEMU under test: $emu"
if ! tb-libvirtd 90; then
    not_ok "libvirtd answers"
    tap_end
    exit 1
fi
V="virsh -q -c qemu:///system"
d=/tmp/lv
mkdir -p $d
# the guest's root: the test bed's ext4 root as qcow2; its init beats
qemu-img convert -q -f raw -O qcow2 /tb/guest-root.img $d/root.qcow2
# a host bridge for the guest's tap; the host end answers its ping
ip link add tbbr0 type bridge 2>/dev/null
ip addr add 10.0.2.2/24 dev tbbr0 2>/dev/null
ip link set tbbr0 up

# domain_xml NAME [EXTRA-DEVICE-XML] [EXTRA-TOP-XML]
domain_xml() {
    cat <<EOT
<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='riscv64' machine='virt'>hvm</type>
    <kernel>/tb/Image</kernel>
    <cmdline>console=ttyS0 quiet root=/dev/vda rw init=/init rootwait tb.action=beats tb.beats=100000</cmdline>
  </os>
  <cpu mode='host-passthrough'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <devices>
    <emulator>$emu</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$d/root.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='bridge'>
      <source bridge='tbbr0'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'>
      <log file='$d/$1.console' append='on'/>
    </serial>
    <console type='pty'/>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
    $2
  </devices>
  $3
</domain>
EOT
}
state() {
    $V domstate "$1" 2>/dev/null | head -n 1
}
# wait_state NAME STATE SECONDS
wait_state() {
    local i=0
    while [ $i -lt $(($3 * 2)) ]; do
        [ "$(state "$1")" = "$2" ] && return 0
        sleep 0.5
        i=$((i + 1))
    done
    return 1
}
# beats_after LOG N SECONDS: the guest beats past beat N
beats_after() {
    local i=0 b
    while [ $i -lt $(($3 * 2)) ]; do
        b=$(last_beat "$1")
        [ -n "$b" ] && [ "$b" -gt "$2" ] && return 0
        sleep 0.5
        i=$((i + 1))
    done
    return 1
}
# beat_time LOG N: the guest's uptime at beat N
beat_time() {
    tr -d '\r' < "$1" | sed -n "s/^TB-GUEST beat=$2 .* t=\([0-9.]*\).*/\1/p" |
        tail -n 1
}
# the largest step in the guest's uptime between beats after beat N
# (whole seconds); a frozen or jumping clock shows here
max_step() {
    tr -d '\r' < "$1" | sed -n 's/^TB-GUEST beat=\([0-9]*\) .* t=\([0-9.]*\).*/\1 \2/p' |
        awk -v n="$2" '$1 >= n { if (p != "" && $2 - p > m) m = $2 - p; p = $2 }
                       END { printf "%d\n", m }'
}
no_bad_beats() {
    ! tr -d '\r' < "$1" | grep -q '^TB-GUEST beat=.* bad'
}

log=$d/tb1.console
domain_xml tb1 > $d/tb1.xml
check "virsh define" $V define $d/tb1.xml
check "virsh start" $V start tb1
check "the domain is running" wait_state tb1 running 30
check "the guest boots to its init (console log)" \
    wait_for $log 'TB-GUEST booted cpus=2' 120
check "the guest's network device is up on the bridge" \
    wait_for $log 'TB-GUEST net=up' 30
grep 'TB-GUEST net=' $log | tr -d '\r' | sed 's/^/# /'
check "the guest beats" beats_after $log 3 60

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
info=$($V dominfo tb1)
check "dominfo: 2 vCPUs, running" \
    sh -c "echo '$info' | grep -q '^CPU(s): *2' && echo '$info' | grep -q '^State: *running'"
vinfo=$($V vcpuinfo tb1)
check "vcpuinfo lists 2 running vCPUs ($(echo "$vinfo" | grep -c '^State: *running'))" \
    test "$(echo "$vinfo" | grep -c '^State: *running')" = 2
stats=$($V domstats tb1)
check "domstats: vcpu.current=2, the vda block stats, the net stats" \
    sh -c "echo '$stats' | grep -q 'vcpu.current=2' &&
           echo '$stats' | grep -q 'block.0.name=vda' &&
           echo '$stats' | grep -q 'net.0.tx.pkts='"

# suspend / resume: no beat while paused; time goes on as before after
b0=$(last_beat $log)
check "virsh suspend: paused" sh -c "$V suspend tb1 >/dev/null && test \"\$($V domstate tb1 | head -n 1)\" = paused"
sleep 4
b1=$(last_beat $log)
check "no beat while paused (beat $b0 -> $b1)" test "$b1" -le "$((b0 + 1))"
check "virsh resume: running" sh -c "$V resume tb1 >/dev/null && test \"\$($V domstate tb1 | head -n 1)\" = running"
check "the guest beats again after resume" beats_after $log $((b1 + 3)) 60
step=$(max_step $log "$b0")
check "guest time across suspend/resume: no step over 3 s between beats (largest $step s)" \
    test "$step" -le 3

# save / restore: the guest goes on where it was, not from a new boot
check "virsh save" $V save tb1 $d/tb1.save
check "after save the domain is shut off" wait_state tb1 "shut off" 30
b2=$(last_beat $log)
check "virsh restore" $V restore $d/tb1.save
check "after restore the domain is running" wait_state tb1 running 30
check "the restored guest beats on from beat $b2" beats_after $log $((b2 + 3)) 90
check "the restored guest did not boot again" \
    test "$(tr -d '\r' < $log | grep -c 'TB-GUEST booted')" = 1
rm -f $d/tb1.save

# managedsave, then start again
check "virsh managedsave" $V managedsave tb1
check "after managedsave the domain is shut off" wait_state tb1 "shut off" 30
check "dominfo says it has a managed save" \
    sh -c "$V dominfo tb1 | grep -q '^Managed save: *yes'"
b3=$(last_beat $log)
check "virsh start resumes the managed save" $V start tb1
check "the guest beats on from beat $b3" beats_after $log $((b3 + 3)) 90
check "the guest did not boot again" \
    test "$(tr -d '\r' < $log | grep -c 'TB-GUEST booted')" = 1

# internal snapshot on the qcow2 disk, then revert to it
check "virsh snapshot-create-as (internal, running)" \
    $V snapshot-create-as tb1 s1
s=$(last_beat $log)
check "the guest beats on after the snapshot (taken at beat $s)" \
    beats_after $log $((s + 5)) 90
check "virsh snapshot-revert" $V snapshot-revert tb1 s1
check "after revert the domain is running" wait_state tb1 running 30
: > $log.mark
n=$(wc -l < $log)
check "the guest went back to the snapshot's beat and beats on" sh -c "
    i=0
    while [ \$i -lt 180 ]; do
        first=\$(tail -n +$((n + 1)) $log | tr -d '\r' |
                sed -n 's/^TB-GUEST beat=\([0-9]*\).*/\1/p' | head -n 1)
        last=\$(tail -n +$((n + 1)) $log | tr -d '\r' |
                sed -n 's/^TB-GUEST beat=\([0-9]*\).*/\1/p' | tail -n 1)
        [ -n \"\$first\" ] && [ \"\$first\" -le $((s + 2)) ] &&
            [ \"\$last\" -gt \"\$first\" ] && exit 0
        sleep 0.5
        i=\$((i + 1))
    done
    exit 1"
check "every beat was whole (timer, vCPUs, disk)" no_bad_beats $log
check "no lockup or stall reported by the guest" \
    sh -c "! tr -d '\r' < $log | grep -Eq 'LOCKUP|rcu_sched detected stall|rcu: INFO'"

# reset, destroy, undefine
nb=$(tr -d '\r' < $log | grep -c 'TB-GUEST booted')
check "virsh reset: the guest boots again" sh -c "$V reset tb1 >/dev/null &&
    i=0; while [ \$i -lt 240 ]; do
        [ \$(tr -d '\r' < $log | grep -c 'TB-GUEST booted') -gt $nb ] && exit 0
        sleep 0.5; i=\$((i + 1)); done; exit 1"

# virsh reboot and shutdown press the board's power button
# (system_powerdown); the guest's init shuts down when it sees the key
booted() {
    tr -d '\r' < $log | grep -c 'TB-GUEST booted'
}
# booted_more N SECONDS: the guest booted more than N times
booted_more() {
    local i=0
    while [ $i -lt $(($2 * 2)) ]; do
        [ "$(booted)" -gt "$1" ] && return 0
        sleep 0.5
        i=$((i + 1))
    done
    return 1
}
presses() {
    tr -d '\r' < $log | grep -c 'TB-GUEST power-key pressed'
}
check "the guest armed its power key" wait_for $log 'power-key armed' 60
wait_for $log "beat=" 60
nb=$(booted) np=$(presses)
check "virsh reboot" $V reboot tb1
check "virsh reboot: the guest saw the power key" sh -c \
    "i=0; while [ \$i -lt 60 ]; do
        [ \$(tr -d '\\r' < $log | grep -c 'power-key pressed') -gt $np ] && exit 0
        sleep 0.5; i=\$((i + 1)); done; exit 1"
check "virsh reboot: the guest boots again" booted_more $nb 240
check "after reboot the domain is running" wait_state tb1 running 30
check "the guest armed its power key again" sh -c \
    "i=0; while [ \$i -lt 120 ]; do
        [ \$(tr -d '\\r' < $log | grep -c 'power-key armed') -gt $nb ] && exit 0
        sleep 0.5; i=\$((i + 1)); done; exit 1"
check "virsh shutdown" $V shutdown tb1
check "virsh shutdown: libvirt says shut off (shutdown)" sh -c "
    i=0; while [ \$i -lt 240 ]; do
        $V domstate --reason tb1 | grep -q 'shut off (shutdown)' && exit 0
        sleep 0.5; i=\$((i + 1)); done; exit 1"
check "virsh shutdown: the guest saw the power key" \
    test "$(presses)" -gt "$((np + 1))"

# start once more, then destroy
check "virsh start after shutdown" $V start tb1
check "the guest boots again" booted_more $((nb + 1)) 240
check "virsh destroy" $V destroy tb1
check "after destroy the domain is shut off" wait_state tb1 "shut off" 30
$V snapshot-delete tb1 s1 >/dev/null 2>&1
check "virsh undefine" $V undefine tb1
check "the domain is gone" sh -c "! $V dominfo tb1 >/dev/null 2>&1"

# a guest that powers itself off: libvirt records a shutdown
domain_xml tb2 | sed 's/tb.action=beats tb.beats=100000/tb.action=poweroff/' \
    > $d/tb2.xml
$V define $d/tb2.xml >/dev/null
$V start tb2 >/dev/null
check "a guest's own poweroff: libvirt says shut off (shutdown)" sh -c "
    i=0; while [ \$i -lt 240 ]; do
        $V domstate --reason tb2 | grep -q 'shut off (shutdown)' && exit 0
        sleep 0.5; i=\$((i + 1)); done; exit 1"
$V undefine tb2 >/dev/null 2>&1

# the domain capabilities libvirt reads from the emulator
caps=$($V domcapabilities --virttype kvm --arch riscv64 --emulatorbin "$emu" \
    --machine virt)
echo "$caps" | sed -n '/<cpu>/,/<\/cpu>/p' | sed 's/^/# /'
check "domcapabilities: host-passthrough is supported" \
    sh -c "echo \"\$0\" | grep -A1 \"<mode name='host-passthrough'\" | grep -q \"supported='yes'\"" "$caps"

# a domain asking for an extension this host lacks is refused, with the
# emulator's reason reaching the user
lack=$(host_lacks)
domain_xml tb3 "" "<qemu:commandline><qemu:arg value='-global'/><qemu:arg value='host-riscv-cpu.$lack=on'/></qemu:commandline>" \
    > $d/tb3.xml
$V define $d/tb3.xml >/dev/null
err=$($V start tb3 2>&1)
echo "$err" | sed 's/^/# /' | tail -n 4
check "a domain asking for $lack on a host without it does not start" \
    sh -c "! $V domstate tb3 | grep -q running"
check "the user sees why: the error names $lack" \
    sh -c "echo \"\$0\" | grep -q $lack" "$err"
$V destroy tb3 >/dev/null 2>&1
$V undefine tb3 >/dev/null 2>&1

tap_end
