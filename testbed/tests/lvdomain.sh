# The libvirt domain of the test-bed tests; sourced after tap.sh, with
# $emu set to the emulator under test.
#
# lv_libvirtd: start libvirtd (tb-libvirtd) and set V, the virsh command;
# when libvirtd does not answer, say so and end the test
lv_libvirtd() {
    if ! tb-libvirtd 90; then
        not_ok "libvirtd answers"
        tap_end
        exit 1
    fi
    V="virsh -q -c qemu:///system"
}
# lv_domain NAME MEMORY-MIB OS-XML DISK LOG [DEVICES-XML [TOP-LEVEL-XML]]:
# a riscv64 <domain type='kvm'> with host-passthrough, 2 vCPUs, the qcow2
# DISK on virtio, a pty serial logged to LOG, no USB and no balloon
lv_domain() {
    cat <<EOT
<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>$1</name>
  <memory unit='MiB'>$2</memory>
  <vcpu>2</vcpu>
  $3
  <cpu mode='host-passthrough'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <devices>
    <emulator>$emu</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$4'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    ${6:-}
    <serial type='pty'>
      <log file='$5' append='on'/>
    </serial>
    <console type='pty'/>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
  ${7:-}
</domain>
EOT
}
