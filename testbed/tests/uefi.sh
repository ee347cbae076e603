#!/bin/sh
# UEFI-booted Debian guests on the QEMU under test, in the Debian host:
# the disk of testbed/build-debian-guest.sh (GPT, an ESP with Debian's
# GRUB, an ext4 root with Debian's kernel) boots under -accel kvm
#   - with EDK2 (Debian's qemu-efi-riscv64) as pflash: firmware, GRUB from
#     the ESP's removable path, Linux, the guest's init; the guest writes a
#     boot entry with efibootmgr, and the firmware boots that entry after
#     a reboot, after a save/restore and a reset;
#   - with U-Boot (Debian's u-boot-qemu) as the S-mode payload, which boots
#     the same ESP through its own UEFI;
#   - through libvirt, <os firmware='efi'>: firmware chosen from Debian's
#     descriptor, NVRAM from its template, the same entry kept across a
#     reboot, virsh save/restore and virsh reset.
# The guest's init is testbed/guest-init with tb.action=efi.
#
# Run with testbed/run.py --flavour debian; TB_QEMU is the QEMU under test.
. /tb/tests/tap.sh
. /tb/tests/mon.sh
. /tb/tests/lvdomain.sh
emu=$(command -v "$TB_QEMU")
echo "# QEMU under test: $emu"
fw=/usr/share/qemu-efi-riscv64
uboot=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
d=/tmp/uefi
mkdir -p $d
must "the UEFI guest's disk is in the test bed (make testbed-debian)" \
    test -f /tb/debian-guest.qcow2
must "Debian's EDK2 is in the host" test -f $fw/RISCV_VIRT_CODE.fd

# what a guest kernel in trouble prints
oops='Oops|Kernel BUG|Unable to handle|Kernel panic'
# no_oops LOG...: no guest log shows a kernel in trouble
no_oops() {
    ! grep -Eq "$oops" "$@"
}
# oopses LOG...: each oops in a guest log whole, for the diagnosis
oopses() {
    local f
    for f in "$@"; do
        tr -d '\r' < "$f" | grep -E -B4 -A36 "$oops" | head -n 80 |
            sed "s|^|# $(basename "$f"): |"
    done
}
# overlay NAME: a fresh qcow2 overlay on the test bed's disk
overlay() {
    rm -f $d/$1.qcow2
    qemu-img create -q -f qcow2 -b /tb/debian-guest.qcow2 -F qcow2 $d/$1.qcow2
}
# has_label FILE: the NVRAM image FILE holds the entry's label (UCS-2)
has_label() {
    python3 -c 'import sys; sys.exit("tb-series".encode("utf-16-le") not in open(sys.argv[1], "rb").read())' "$1"
}
# count LOG PATTERN: console lines matching a grep -E pattern
count() {
    tr -d '\r' < "$1" | grep -Ec "$2"
}
# more LOG PATTERN N: more than N console lines match PATTERN
more() {
    [ "$(count "$1" "$2")" -gt "$3" ]
}
# beat_past LOG N: the guest beat past beat N
beat_past() {
    local b
    b=$(last_beat "$1")
    [ -n "$b" ] && [ "$b" -gt "$2" ]
}
# migrated PORT: the last migration completed
migrated() {
    hmp "$1" "info migrate" | grep -Eiq 'status:[[:space:]]*completed'
}
# running PORT: the guest runs; else continue it (a guest saved while
# stopped stays stopped on restore)
running() {
    hmp "$1" "info status" | grep -q 'VM status: running' && return 0
    hmp "$1" cont >/dev/null
    return 1
}
# qemu NAME PORT VARS [OPTION...]: the guest under EDK2, in the background
# ($pid); its console goes to $d/NAME.log
qemu() {
    local name=$1 port=$2 vars=$3
    shift 3
    rm -f $d/$name.log
    "$TB_QEMU" -accel kvm -M virt,pflash0=code,pflash1=vars -cpu host \
        -smp 2 -m 512M -display none \
        -blockdev node-name=code,driver=file,filename=$fw/RISCV_VIRT_CODE.fd,read-only=on \
        -blockdev node-name=vars,driver=file,filename=$vars \
        -drive file=$d/efi.qcow2,format=qcow2,if=none,id=hd \
        -device virtio-blk-pci,drive=hd \
        -serial file:$d/$name.log \
        -monitor tcp:127.0.0.1:$port,server=on,wait=off \
        "$@" </dev/null >$d/$name.err 2>&1 &
    pid=$!
}

# 1. EDK2 as pflash under -accel kvm: the disk path
overlay efi
cp $fw/RISCV_VIRT_VARS.fd $d/vars.fd
qemu efi 4461 $d/vars.fd
log=$d/efi.log
check "EDK2 starts from pflash under KVM" \
    wait_for $log 'RISC-V EDK2 firmware' 90
check "EDK2 starts GRUB from the ESP (removable path)" \
    wait_for $log 'TB-GRUB booting' 120
must "GRUB boots Debian's kernel to the guest's init" \
    wait_for $log 'TB-GUEST booted cpus=2' 180
check "the guest's user mode reads the time CSR on every vCPU" \
    wait_for $log 'TB-GUEST utime=ok' 60
check "Linux reads the firmware's variables (efibootmgr: not yet its entry)" \
    wait_for $log 'TB-GUEST efi-boot=other' 120
must "the guest writes a boot entry with efibootmgr" \
    wait_for $log 'TB-GUEST efi-entry=created' 120
check "the entry reached the NVRAM image on the host" has_label $d/vars.fd
check "after the guest's reboot, the firmware boots the guest's entry" \
    wait_for $log 'TB-GUEST efi-boot=tb-series' 240
check "the guest beats" within 90 beat_past $log 2

# save (migration to a file) and restore into a new process whose NVRAM
# image is the untouched template: the entry must come with the state
hmp 4461 stop >/dev/null
hmp 4461 "migrate -d exec:cat>$d/efi.state" >/dev/null
check "save: the migration to a file completes" within 120 migrated 4461
b=$(last_beat $log)
hmp 4461 quit >/dev/null
wait_exit $pid 30
cp $fw/RISCV_VIRT_VARS.fd $d/vars2.fd
qemu restored 4462 $d/vars2.fd -incoming "exec:cat $d/efi.state"
log=$d/restored.log
check "restore: the incoming guest runs (cont)" within 120 running 4462
check "restore: the guest beats on from beat $b" within 120 beat_past $log $((b + 2))
check "the restored guest did not boot again" \
    sh -c "! grep -q 'TB-GUEST booted' $log"
check "the restored NVRAM image holds the entry" has_label $d/vars2.fd
hmp 4462 system_reset >/dev/null
check "after a reset, the firmware boots the guest's entry again" \
    wait_for $log 'TB-GUEST efi-boot=tb-series' 300
check "... the one entry the guest wrote before the save" \
    sh -c "! grep -Eq 'efi-boot=other|efi-entry=created' $log"
check "every beat was whole (timer, vCPUs, disk)" no_bad_beats $log
check "the guest's kernel reported no oops" no_oops $d/efi.log $log
hmp 4462 quit >/dev/null
wait_exit $pid 30
if [ $tap_failed != 0 ]; then
    diag $d/efi.log 15
    diag $d/efi.err 5
    diag $d/restored.log 10
    diag $d/restored.err 5
    oopses $d/efi.log $d/restored.log
fi

# 2. U-Boot as the S-mode payload, booting the ESP through its UEFI
overlay efi
rm -f $d/uboot.log
"$TB_QEMU" -accel kvm -M virt -cpu host -smp 2 -m 512M -display none \
    -kernel $uboot \
    -drive file=$d/efi.qcow2,format=qcow2,if=none,id=hd \
    -device virtio-blk-pci,drive=hd -serial file:$d/uboot.log \
    -monitor none </dev/null >$d/uboot.err 2>&1 &
pid=$!
check "U-Boot starts as the S-mode payload under KVM" \
    wait_for $d/uboot.log '^U-Boot 20' 90
check "U-Boot starts GRUB from the ESP" \
    wait_for $d/uboot.log 'TB-GRUB booting' 180
check "GRUB boots Debian's kernel to the guest's init (U-Boot)" \
    wait_for $d/uboot.log 'TB-GUEST booted cpus=2' 180
check "U-Boot keeps no variables at run time: the guest's efibootmgr cannot write" \
    wait_for $d/uboot.log 'TB-GUEST efi-entry=failed' 120
kill $pid 2>/dev/null
wait_exit $pid 30
if [ $tap_failed != 0 ]; then
    diag $d/uboot.log 15
    diag $d/uboot.err 5
fi

# 3. libvirt: <os firmware='efi'>
lv_libvirtd
overlay lv
log=$d/tbefi.console
rm -f $log
lv_domain tbefi 512 "<os firmware='efi'>
    <type arch='riscv64' machine='virt'>hvm</type>
  </os>" $d/lv.qcow2 $log > $d/tbefi.xml
check "virsh define (<os firmware='efi'>)" $V define $d/tbefi.xml
must "virsh start" $V start tbefi
$V dumpxml tbefi > $d/tbefi.live.xml
check "libvirt chose Debian's EDK2 as the loader" \
    grep -q "<loader .*type='pflash'.*>$fw/RISCV_VIRT_CODE.fd</loader>" $d/tbefi.live.xml
nvram=$(sed -n "s|.*<nvram[^>]*>\(.*\)</nvram>.*|\1|p" $d/tbefi.live.xml)
check "libvirt made the domain's NVRAM from the template (${nvram:-none})" \
    test -n "$nvram" -a -f "$nvram"
must "the guest boots to its init" wait_for $log 'TB-GUEST booted cpus=2' 240
check "the guest writes its boot entry" \
    wait_for $log 'TB-GUEST efi-entry=created' 120
check "after the reboot the firmware boots it" \
    wait_for $log 'TB-GUEST efi-boot=tb-series' 240
check "the entry is in the domain's NVRAM file" has_label "$nvram"
check "the guest beats" within 90 beat_past $log 2
must "virsh save" $V save tbefi $d/tbefi.save
b=$(last_beat $log)
must "virsh restore" $V restore $d/tbefi.save
check "the restored guest beats on from beat $b" within 120 beat_past $log $((b + 2))
check "the restored guest did not boot again" \
    test "$(count $log 'TB-GUEST booted')" = 2
n=$(count $log 'TB-GUEST efi-boot=tb-series')
check "virsh reset" $V reset tbefi
check "after the reset the firmware boots the guest's entry again" \
    within 300 more $log 'TB-GUEST efi-boot=tb-series' "$n"
check "... the one entry the guest wrote at its first boot" \
    test "$(count $log 'TB-GUEST efi-(boot=other|entry=created)')" = 2
check "every beat was whole" no_bad_beats $log
check "the guest's kernel reported no oops" no_oops $log
check "virsh destroy" $V destroy tbefi
check "virsh undefine --nvram removes the NVRAM file" \
    sh -c "$V undefine --nvram tbefi && [ ! -e '$nvram' ]"
rm -f $d/tbefi.save
if [ $tap_failed != 0 ]; then
    diag $log 15
    diag /var/log/libvirt/qemu/tbefi.log 10
    oopses $log
fi
tap_end
