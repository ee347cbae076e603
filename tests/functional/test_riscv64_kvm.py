#!/usr/bin/env python3
#
# RISC-V KVM: the accelerator of this series on a RISC-V host with the
# H extension (-accel kvm -cpu host): boot with 1 and 4 vCPUs, the SBI
# debug console with input, query-cpu-model-expansion of "host",
# stop/cont, savevm/loadvm, migration between two processes and the
# gdbstub.  Every test is skipped, with the reason, where KVM is not
# available to the binary under test.
#
# The Linux guest is Debian's riscv64 kernel with an initramfs built here
# from Debian's busybox-static: its init opens a shell on the console.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import atexit
import io
import os
import re
import shutil
import struct
import subprocess
import tarfile
import tempfile
import time

from qemu_test import QemuSystemTest, Asset
from qemu_test import wait_for_console_pattern
from qemu_test import exec_command_and_wait_for_pattern, get_qemu_img
from qemu_test import skipIfMissingCommands
from qemu_test.ports import Ports

SNAPSHOT = 'https://snapshot.debian.org/archive/debian/20261201T000000Z/'

# The guest's /init: a shell on the console once it has said it is up
GUEST_INIT = b'''#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "FT-BOOTED cpus=$(grep -c ^processor /proc/cpuinfo)"
exec setsid cttyhack sh
'''

# A bare-metal S-mode program, position independent: it writes a banner
# through the SBI debug console (DBCN), then reads what arrives there and
# writes it back, for ever.  The banner follows the code; the buffer is
# at 0x80400000.
SBI_ECHO = (
    0x2010041b,     # _start: addiw s0, zero, 0x201
    0x01641413,     #         slli  s0, s0, 22       (0x80400000)
    0x444248b7,     #         lui   a7, 0x44424
    0x34e8889b,     #         addiw a7, a7, 0x34e    ("DBCN")
    0x00000597,     #         auipc a1, 0
    0x04858593,     #         addi  a1, a1, 72       (banner)
    0x00c00513,     #         li    a0, 12
    0x00000613,     #         li    a2, 0
    0x00000813,     #         li    a6, 0            (write)
    0x00000073,     #         ecall
    0x04000513,     # loop:   li    a0, 64
    0x00040593,     #         mv    a1, s0
    0x00000613,     #         li    a2, 0
    0x00100813,     #         li    a6, 1            (read)
    0x00000073,     #         ecall
    0xfe0516e3,     #         bnez  a0, loop         (an error)
    0xfe0584e3,     #         beqz  a1, loop         (nothing yet)
    0x00058513,     #         mv    a0, a1
    0x00040593,     #         mv    a1, s0
    0x00000813,     #         li    a6, 0            (write)
    0x00000073,     #         ecall
    0xfd5ff06f,     #         j     loop
)
SBI_ECHO_BANNER = b'FT-SBI echo\n'
SBI_ECHO_LOOP = 0x28    # the offset of "loop"
DBCN_EID = 0x4442434E


def deb_member(deb, name_re):
    """The first file of a .deb's data archive whose path matches"""
    with open(deb, 'rb') as f:
        if f.read(8) != b'!<arch>\n':
            raise ValueError('%s is not a Debian package' % deb)
        while True:
            hdr = f.read(60)
            if len(hdr) < 60:
                raise ValueError('%s has no data archive' % deb)
            name = hdr[:16].decode().strip().rstrip('/')
            size = int(hdr[48:58])
            data = f.read(size + (size & 1))[:size]
            if name.startswith('data.tar'):
                break
    # streamed: decompressed only as far as the file sought
    with tarfile.open(fileobj=io.BytesIO(data), mode='r|*') as tar:
        for m in tar:
            if m.isfile() and re.search(name_re, m.name):
                return tar.extractfile(m).read()
    raise ValueError('%s has no file matching %s' % (deb, name_re))


def newc(entries):
    """A newc cpio archive of (path, mode, data, rdev-major, rdev-minor)"""
    out = io.BytesIO()
    for ino, (path, mode, data, major, minor) in enumerate(
            entries + [('TRAILER!!!', 0, b'', 0, 0)], 1):
        name = path.encode() + b'\0'
        out.write(b'070701' + b''.join(b'%08X' % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, major, minor,
            len(name), 0)))
        out.write(name + b'\0' * (-(110 + len(name)) % 4))
        out.write(data + b'\0' * (-len(data) % 4))
    return out.getvalue()


class RiscvKVM(QemuSystemTest):

    timeout = 600

    ASSET_KERNEL = Asset(
        SNAPSHOT + 'pool/main/l/linux/'
        'linux-image-6.12.117+deb13-riscv64_6.12.117-1_riscv64.deb',
        'f5d9424b6f6a4518197202effc7e8eeaa90f8d73466c2dba2470f6ea7fb4f55c')
    ASSET_BUSYBOX = Asset(
        SNAPSHOT + 'pool/main/b/busybox/'
        'busybox-static_1.37.0-6+b9_riscv64.deb',
        '4add476d2b185c5b487c285b38d790f0881a7e4a8e2ddde835f917e770eb8633')

    # the guest, unpacked once a process
    _guest_dir = None

    def setUp(self):
        super().setUp()
        self.set_machine('virt')
        self.require_accelerator('kvm')

    def guest(self):
        """The guest's kernel and initramfs: (Image, initrd)"""
        cls = RiscvKVM
        if cls._guest_dir is None:
            d = tempfile.mkdtemp(prefix='riscv64-kvm-guest-')
            atexit.register(shutil.rmtree, d, True)
            with open(os.path.join(d, 'Image'), 'wb') as f:
                f.write(deb_member(self.ASSET_KERNEL.fetch(),
                                   r'^\./boot/vmlinux-'))
            busybox = deb_member(self.ASSET_BUSYBOX.fetch(),
                                 r'/bin/busybox$')
            with open(os.path.join(d, 'initrd'), 'wb') as f:
                f.write(newc([('bin', 0o040755, b'', 0, 0),
                              ('bin/busybox', 0o100755, busybox, 0, 0),
                              ('dev', 0o040755, b'', 0, 0),
                              ('dev/console', 0o020600, b'', 5, 1),
                              ('init', 0o100755, GUEST_INIT, 0, 0)]))
            cls._guest_dir = d
        return (os.path.join(cls._guest_dir, 'Image'),
                os.path.join(cls._guest_dir, 'initrd'))

    def linux_vm(self, smp=2, vm=None, *args):
        """A Linux guest under KVM with a shell on its UART"""
        kernel, initrd = self.guest()
        vm = vm or self.vm
        vm.set_console()
        vm.add_args('-accel', 'kvm', '-cpu', 'host', '-smp', str(smp),
                    '-m', '512M', '-kernel', kernel, '-initrd', initrd,
                    '-append', 'console=ttyS0 quiet', *args)
        return vm

    def boot_linux(self, smp=2, *args):
        vm = self.linux_vm(smp, None, *args)
        vm.launch()
        wait_for_console_pattern(self, 'FT-BOOTED cpus=%d' % smp,
                                 'Kernel panic')
        # the shell's prompt, then a command that proves it runs
        exec_command_and_wait_for_pattern(self, 'echo FT-$((6 * 7))',
                                          'FT-42')
        return vm

    def guest_value(self, command, tag, vm=None):
        """What the guest's shell prints for COMMAND, as a line TAG=value"""
        vm = vm or self.vm
        vm.console_socket.sendall(('echo %s=$(%s)\r' % (tag, command))
                                  .encode())
        line = b''
        while True:
            c = vm.console_socket.recv(1)
            if not c:
                self.fail('the console closed before %s' % tag)
            if c != b'\n':
                line += c
                continue
            text = line.decode(errors='replace').strip()
            line = b''
            self.log.debug('console: %s', text)
            m = re.match(r'%s=(.*)$' % re.escape(tag), text)
            if m:
                return m.group(1)

    def test_boot_1_vcpu(self):
        self.boot_linux(1)
        exec_command_and_wait_for_pattern(self, 'poweroff -f', 'Power down')
        self.vm.wait()

    def test_boot_4_vcpus(self):
        self.boot_linux(4)
        # every vCPU runs a program
        for cpu in range(4):
            exec_command_and_wait_for_pattern(
                self, 'taskset -c %d echo FT-ON-CPU$((%d + 1))' % (cpu, cpu),
                'FT-ON-CPU%d' % (cpu + 1))
        exec_command_and_wait_for_pattern(self, 'poweroff -f', 'Power down')
        self.vm.wait()

    def sbi_echo(self):
        path = os.path.join(self.workdir, 'sbi-echo.bin')
        with open(path, 'wb') as f:
            f.write(struct.pack('<%dI' % len(SBI_ECHO), *SBI_ECHO) +
                    SBI_ECHO_BANNER)
        return path

    def test_sbi_console_input(self):
        # the SBI console on the chardev the test reads and writes
        self.vm.set_console(console_index=1)
        self.vm.add_args('-accel', 'kvm,sbi-console=console', '-cpu', 'host',
                         '-smp', '1', '-m', '64M', '-kernel', self.sbi_echo())
        self.vm.launch()
        wait_for_console_pattern(self, SBI_ECHO_BANNER.decode().strip())
        exec_command_and_wait_for_pattern(self, 'ft-typed-line',
                                          'ft-typed-line')

    def test_cpu_model_expansion(self):
        self.boot_linux(1)
        isa = self.guest_value("sed -n 's/^isa[^:]*: *//p' /proc/cpuinfo "
                               "| head -n 1", 'FT-ISA')
        self.log.info('the guest sees %s', isa)
        self.assertRegex(isa, r'^rv64i')
        exts = isa.split('_')[1:]
        self.assertTrue(exts, 'the guest sees no multi-letter extension')
        props = self.vm.cmd('query-cpu-model-expansion', type='full',
                            model={'name': 'host'})['model']['props']
        known = [e for e in exts if e in props]
        self.assertTrue(known, 'the expansion lists none of the guest\'s '
                        'extensions: %s' % sorted(props))
        for ext in known:
            self.assertIs(props[ext], True,
                          '%s is in the guest but reported false' % ext)
        # and what is reported true, the guest sees
        for ext, value in props.items():
            if value is True and re.match(r'^z[a-z0-9]+$', ext):
                self.assertIn(ext, exts,
                              '%s is reported true but not in the guest' % ext)
        # one the host does not offer is refused, with its name
        lacking = sorted(p for p, v in props.items()
                         if v is False and re.match(r'^z[a-z0-9]+$', p))
        if lacking:
            vm = self.get_vm(name='refused')
            vm.add_args('-accel', 'kvm', '-cpu', 'host,%s=on' % lacking[0],
                        '-display', 'none')
            vm.set_qmp_monitor(enabled=False)
            vm.launch()
            vm.wait()
            self.assertEqual(vm.exitcode(), 1)
            self.assertIn(lacking[0], vm.get_log())

    def test_stop_cont(self):
        self.boot_linux(1)
        before = float(self.guest_value('cut -d" " -f1 /proc/uptime', 'FT-UP'))
        self.vm.cmd('stop')
        time.sleep(3)
        self.vm.cmd('cont')
        start = time.monotonic()
        after = float(self.guest_value('cut -d" " -f1 /proc/uptime', 'FT-UP'))
        elapsed = time.monotonic() - start
        # the guest's clock went on, but did not count the 3 s stopped
        self.assertGreater(after, before)
        self.assertLess(after - before, 3 + elapsed)

    def test_savevm_loadvm(self):
        disk = os.path.join(self.workdir, 'disk.qcow2')
        subprocess.run([get_qemu_img(self), 'create', '-q', '-f', 'qcow2',
                        disk, '16M'], check=True)
        self.boot_linux(2, '-drive', 'file=%s,if=none,id=d0' % disk,
                        '-device', 'virtio-blk-pci,drive=d0')
        exec_command_and_wait_for_pattern(self, 'echo saved > /tmp/m; '
                                          'echo FT-MARK-$(cat /tmp/m)',
                                          'FT-MARK-saved')
        self.assertEqual(self.vm.cmd('human-monitor-command',
                                     command_line='savevm ft1'), '')
        exec_command_and_wait_for_pattern(self, 'echo changed > /tmp/m; '
                                          'echo FT-MARK-$(cat /tmp/m)',
                                          'FT-MARK-changed')
        self.assertEqual(self.vm.cmd('human-monitor-command',
                                     command_line='loadvm ft1'), '')
        self.assertEqual(self.guest_value('cat /tmp/m', 'FT-MARK'), 'saved')
        self.assertEqual(self.guest_value('cat /sys/devices/system/cpu/online',
                                          'FT-CPUS'), '0-1')

    def test_migration(self):
        with Ports() as ports:
            port = ports.find_free_port()
            dest = self.linux_vm(2, self.get_vm(name='dest'),
                                 '-incoming', 'tcp:localhost:%d' % port)
            dest.launch()
            self.boot_linux(2)
            exec_command_and_wait_for_pattern(self, 'echo moved > /tmp/m; '
                                              'echo FT-MARK-$(cat /tmp/m)',
                                              'FT-MARK-moved')
            self.vm.cmd('migrate', uri='tcp:localhost:%d' % port)
            for _ in range(600):
                status = self.vm.cmd('query-migrate').get('status')
                if status in ('completed', 'failed', 'cancelled'):
                    break
                time.sleep(0.5)
            self.assertEqual(status, 'completed')
            for _ in range(120):
                if dest.cmd('query-status')['status'] == 'running':
                    break
                time.sleep(0.5)
            self.assertEqual(dest.cmd('query-status')['status'], 'running')
            self.assertEqual(self.guest_value('cat /tmp/m', 'FT-MARK', dest),
                             'moved')
            self.assertEqual(self.guest_value(
                'cat /sys/devices/system/cpu/online', 'FT-CPUS', dest), '0-1')

    @skipIfMissingCommands('gdb')
    def test_gdbstub(self):
        with Ports() as ports:
            port = ports.find_free_port()
            self.vm.add_args('-accel', 'kvm', '-cpu', 'host', '-smp', '1',
                             '-m', '64M', '-display', 'none', '-S',
                             '-gdb', 'tcp::%d' % port,
                             '-kernel', self.sbi_echo())
            self.vm.launch()
        # stopped at the entry: a software breakpoint at the loop, reached
        # after the banner's SBI call
        out = subprocess.run(
            ['gdb', '-q', '-batch', '-nx',
             '-ex', 'set architecture riscv:rv64',
             '-ex', 'target remote localhost:%d' % port,
             '-ex', 'print/x $pc',
             '-ex', 'break *($pc + %d)' % SBI_ECHO_LOOP,
             '-ex', 'continue',
             '-ex', 'print/x $pc - %d' % SBI_ECHO_LOOP,
             '-ex', 'print/x $a7',
             '-ex', 'print/x $sepc',
             '-ex', 'detach'],
            capture_output=True, text=True, timeout=120)
        self.log.info('gdb: %s %s', out.stdout, out.stderr)
        values = re.findall(r'^\$\d+ = (0x[0-9a-f]+)$', out.stdout, re.M)
        self.assertEqual(len(values), 4, out.stdout + out.stderr)
        entry, back, a7, _ = values
        self.assertIn('Breakpoint 1', out.stdout)
        self.assertEqual(back, entry, 'the breakpoint stopped elsewhere')
        self.assertEqual(int(a7, 16), DBCN_EID)


if __name__ == '__main__':
    QemuSystemTest.main()
