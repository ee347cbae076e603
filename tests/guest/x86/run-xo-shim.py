#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run QEMU's KVM half of XO (target/i386/kvm/xo-kvm.c) against this
machine's real /dev/kvm, with xo-kvm-shim.so standing in for a kernel
with KVM XO, and print TAP.

Usage: run-xo-shim.py --qemu QEMU --guests DIR

DIR holds xo-alias.bin and xo-kvm-shim.so as tests/guest/x86/Makefile
builds them; meson runs this as the test guest-x86-xo-shim-kvm (suite
series-guest-x86).  The shim's log of every memory-region call gives
the slot layout, which must have, for each memory slot at g, an alias at
g | (1 << M) over the same host memory, through boot, DIMM hot-plug and
unplug, a PCI BAR the guest moves, and a migration to a file and back.
The guest (xo-alias.c) looks for its memory through the aliases.  What
the shim cannot stand in for, the execute-only permission, stays
untested.  Without x86 /dev/kvm this prints "1..0 # SKIP <why>".
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import run                      # tests/guest/x86/run.py: ok(), Qmp, ...

TIMEOUT = 60
DIMM = 0x100000000              # q35's first DIMM with 128 MiB below 4 GiB
BAR_TO = 0x2000000000           # where the guest moves ivshmem's BAR 2


def phys_bits(qmp):
    """The first vCPU's phys-bits, as QEMU set it (host-phys-bits=on)."""
    cpu = qmp.cmd('query-cpus-fast')['return'][0]['qom-path']
    return qmp.cmd('qom-get', path=cpu, property='phys-bits')['return']


class Vm:
    """A +xo KVM guest running xo-alias.bin with the shim."""

    def __init__(self, tmp, name, guests, maxphy, extra=(), env=None,
                 bar=BAR_TO):
        self.log = os.path.join(tmp, name + '.log')
        self.sock = os.path.join(tmp, name + '.qmp')
        e = dict(os.environ)
        e.update({'LD_PRELOAD': os.path.join(guests, 'xo-kvm-shim.so'),
                  'XO_SHIM_LOG': self.log})
        e.update(env or {})
        self.cmd = [run.QEMU, '-accel', 'kvm',
                    '-cpu', 'EPYC,+xo,host-phys-bits=on', '-M', 'q35',
                    '-m', '128M,slots=2,maxmem=1G', '-display', 'none',
                    '-nodefaults', '-serial', 'stdio',
                    '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
                    '-object', 'memory-backend-ram,id=shm,size=1M',
                    '-device', 'ivshmem-plain,memdev=shm,id=iv,master=on',
                    '-kernel', os.path.join(guests, 'xo-alias.bin'),
                    '-append', 'maxphy=%d dimm=0x%x bar=0x%x'
                    % (maxphy, DIMM, bar),
                    '-qmp', 'unix:%s,server=on,wait=off' % self.sock]
        self.cmd += list(extra)
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=e)
        self.out = ''
        self.qmp = None

    def connect(self):
        self.qmp = run.Qmp(self.sock, TIMEOUT)
        return self.qmp

    def ready(self):
        """Read the guest's output until it waits for a command."""
        start = len(self.out)
        marker_at = self.out.count('# ready')
        end = time.time() + TIMEOUT
        while self.out.count('# ready') <= marker_at and time.time() < end:
            chunk = run.read_until(self.proc, '# ready', 1)
            if not chunk and self.proc.poll() is not None:
                break
            self.out += chunk
        return self.out[start:]

    def send(self, c):
        self.proc.stdin.write(c.encode())
        self.proc.stdin.flush()
        return self.ready()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        err = self.proc.stderr.read().decode(errors='replace')
        return err


def layout(log):
    """The slots the shim's log leaves: {slot: (gpa, size, hva, flags, xo)}"""
    slots = {}
    with open(log) as f:
        for line in f:
            v = dict(kv.split('=') for kv in line.split())
            if int(v['ret']) < 0:
                continue
            s = int(v['slot'])
            if int(v['size'], 16):
                slots[s] = (int(v['gpa'], 16), int(v['size'], 16),
                            int(v['hva'], 16), int(v['flags'], 16),
                            int(v['xo']))
            else:
                slots.pop(s, None)
    return slots


def alias_problems(slots, mask):
    """What is wrong with the alias layout, as lines; none: it is right."""
    plain = {s: v for s, v in slots.items() if not v[4]}
    alias = {s: v for s, v in slots.items() if v[4]}
    problems = []
    want = {}
    for s, (gpa, size, hva, flags, _) in plain.items():
        if gpa + size > mask:
            continue                    # above the XO bit: no alias
        want[(gpa | mask, size, hva)] = s
    have = {(gpa, size, hva): s for s, (gpa, size, hva, _, _) in
            alias.items()}
    for k, s in want.items():
        if k not in have:
            problems.append('slot %d at 0x%x (0x%x bytes) has no alias'
                            % (s, k[0] & ~mask, k[1]))
    for k, s in have.items():
        if k not in want:
            problems.append('alias slot %d at 0x%x (0x%x bytes) aliases '
                            'no slot' % (s, k[0], k[1]))
    return problems


def has_slot(slots, gpa):
    return any(v[0] == gpa and not v[4] for v in slots.values())


def check_layout(vm, mask, what):
    slots = layout(vm.log)
    problems = alias_problems(slots, mask)
    run.ok(slots and not problems,
           '%s: every memory slot has its execute-only alias at gpa | '
           '0x%x, over the same host memory (%d slots)' %
           (what, mask, len(slots)), '\n'.join(problems))
    return slots


def guest_checks(text, what):
    """The guest's own check lines in text must all pass."""
    lines = [line for line in text.splitlines()
             if line.startswith('ok ') or line.startswith('not ok ')]
    bad = [line for line in lines if line.startswith('not ok')]
    skipped = [line for line in lines if '# SKIP' in line]
    run.ok(lines and not bad, '%s: %d guest checks%s' %
           (what, len(lines), ' (%d skipped)' % len(skipped)
            if skipped else ''), text)


def shim_kvm():
    tmp = tempfile.mkdtemp(prefix='xo-shim-')
    guests = run.OUT
    # the first guest does not check MAXPHYADDR: this learns it from QEMU
    src = Vm(tmp, 'src', guests, 0)
    dst = None
    maxphy = None
    try:
        out = src.ready()
        qmp = src.connect()
        maxphy = phys_bits(qmp) - 1
        mask = 1 << maxphy
        run.ok('# ready' in out and 'MAXPHYADDR is %d ' % maxphy in out,
               '+xo starts under KVM with the shim (-cpu EPYC,+xo,'
               'host-phys-bits=on: XO bit %d, the guest\'s MAXPHYADDR)'
               % maxphy, out)
        guest_checks(out, 'the guest at boot')
        check_layout(src, mask, 'at boot')

        # DIMM hot-plug and unplug
        r1 = qmp.cmd('object-add', **{'qom-type': 'memory-backend-ram',
                                      'id': 'm1', 'size': 128 << 20})
        r2 = qmp.cmd('device_add', driver='pc-dimm', id='d1', memdev='m1')
        slots = check_layout(src, mask, 'after a pc-dimm plug')
        run.ok('return' in r1 and 'return' in r2 and has_slot(slots, DIMM),
               'the DIMM is plugged at 0x%x' % DIMM, repr((r1, r2)))
        guest_checks(src.send('d'), 'the guest on the DIMM')
        r = qmp.cmd('device_del', id='d1')
        src.send('e')
        end = time.time() + TIMEOUT
        while time.time() < end:
            devs = qmp.cmd('query-memory-devices').get('return', [])
            if not devs:
                break
            time.sleep(0.2)
        slots = check_layout(src, mask, 'after the DIMM\'s unplug')
        run.ok('return' in r and not devs and not has_slot(slots, DIMM),
               'the guest ejected the DIMM: its slot and alias are gone',
               repr((r, devs)))

        # a BAR the guest moves
        guest_checks(src.send('b'), 'the guest on ivshmem\'s BAR')
        check_layout(src, mask, 'with ivshmem\'s BAR where the BIOS put it')
        out = src.send('m')
        slots = check_layout(src, mask, 'after the guest moved the BAR')
        run.ok(has_slot(slots, BAR_TO), 'the BAR\'s memory is at 0x%x'
               % BAR_TO, out)
        guest_checks(src.send('b'), 'the guest on the moved BAR')

        # migration to a file and back
        stream = os.path.join(tmp, 'stream')
        qmp.cmd('migrate', uri='file:' + stream)
        status = run.wait_migration(qmp)
        before = {(v[0], v[1], v[4]) for v in layout(src.log).values()}
        qmp.cmd('quit')
        src.stop()
        run.ok(status == 'completed', 'migration to a file completed',
               'status %s' % status)
        dst = Vm(tmp, 'dst', guests, maxphy,
                 extra=['-incoming', 'file:' + stream])
        qmp = dst.connect()
        end = time.time() + TIMEOUT
        while not qmp.cmd('query-status')['return']['running'] and \
                time.time() < end:
            time.sleep(0.2)
        slots = check_layout(dst, mask, 'on the migration\'s destination')
        after = {(v[0], v[1], v[4]) for v in slots.values()}
        run.ok(before == after, 'the destination has the source\'s slots and '
               'aliases', 'source only: %s\ndestination only: %s' %
               (sorted(before - after), sorted(after - before)))
        guest_checks(dst.send('r'), 'the guest after the migration')
        dst.proc.stdin.write(b'q')
        dst.proc.stdin.flush()
        dst.proc.wait(TIMEOUT)
        run.ok(dst.proc.returncode == 1, 'the guest finished after the '
               'migration', 'exit status %s' % dst.proc.returncode)
    except (OSError, EOFError, ValueError, KeyError,
            subprocess.TimeoutExpired) as e:
        run.ok(False, 'the run went on to the end', 'error: %r\n%s' %
               (e, src.out))
    finally:
        for vm in (src, dst):
            if vm:
                err = vm.stop()
                if 'Aborted' in err or 'assert' in err:
                    run.ok(False, 'QEMU did not abort', err)
    if maxphy is not None:
        bar_on_alias(tmp, guests, maxphy)
        budget(tmp, guests, maxphy)
    subprocess.run(['rm', '-rf', tmp])


def bar_on_alias(tmp, guests, maxphy):
    """The guest moves a RAM-backed BAR onto the aliases' space, beyond
    its MAXPHYADDR: KVM gets no slot for it, QEMU warns and runs on."""
    mask = 1 << maxphy
    vm = Vm(tmp, 'bar-on-alias', guests, maxphy, bar=mask)
    out = ''
    try:
        vm.ready()
        out = vm.send('m')
        out += vm.send('r')
    except (OSError, ValueError) as e:
        out += 'error: %r' % e
    running = vm.proc.poll() is None
    slots = layout(vm.log)
    problems = alias_problems(slots, mask)
    beyond = [v for v in slots.values() if not v[4] and v[0] + v[1] > mask]
    err = vm.stop()
    run.ok(running and not problems and not beyond and
           'reaches past the guest\'s physical address space' in err,
           'the guest moves a RAM BAR onto the aliases (0x%x): QEMU warns, '
           'gives KVM no slot for it and runs on' % mask,
           'running %s\nproblems %s\nslots beyond %s\n%s\n%s' %
           (running, problems, beyond, out, err[-600:]))


def budget(tmp, guests, maxphy):
    """Too few KVM slots for XO's aliases: clear errors, never an abort.
    The machine needs 7 slots at boot; KVM offers 32764, so the shim
    shrinks KVM_CAP_NR_MEMSLOTS."""
    vm = Vm(tmp, 'budget12', guests, maxphy, env={'XO_SHIM_MEMSLOTS': '12'})
    try:
        vm.proc.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        pass
    running = vm.proc.poll() is None
    err = vm.stop()
    run.ok(not running and vm.proc.returncode == 1 and
           'KVM memory slots that QEMU may use are taken' in err and
           'execute-only aliases' in err and 'Aborted' not in err,
           'KVM with 12 memory slots, 6 of them for the aliases: QEMU '
           'says that the machine\'s memory needs more, and exits 1',
           'running %s, exit status %s\n%s' % (running, vm.proc.returncode,
                                               err))

    vm = Vm(tmp, 'budget14', guests, maxphy, env={'XO_SHIM_MEMSLOTS': '14'})
    r = status = None
    try:
        vm.ready()
        qmp = vm.connect()
        qmp.cmd('object-add', **{'qom-type': 'memory-backend-ram',
                                 'id': 'm1', 'size': 128 << 20})
        r = qmp.cmd('device_add', driver='pc-dimm', id='d1', memdev='m1')
        status = qmp.cmd('query-status').get('return', {}).get('status')
    except (OSError, EOFError, ValueError) as e:
        r = 'error: %r' % e
    err = vm.stop()
    run.ok(isinstance(r, dict) and 'memory slots' in
           r.get('error', {}).get('desc', '') and status == 'running',
           'KVM with 14 memory slots: the machine boots on its 7, and a '
           'DIMM plug is refused for want of slots while the guest runs on',
           'device_add: %r\nstatus %s\n%s' % (r, status, err))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--qemu', required=True)
    ap.add_argument('--guests', required=True)
    args = ap.parse_args()
    run.QEMU, run.OUT = args.qemu, args.guests
    why = run.kvm_missing()
    if why:
        print('1..0 # SKIP %s' % why)
        return 0
    if run.missing_files([run.QEMU, os.path.join(run.OUT, 'xo-alias.bin'),
                          os.path.join(run.OUT, 'xo-kvm-shim.so')],
                         'build first'):
        return 1
    shim_kvm()
    print('1..%d' % run.n)
    return 1 if run.failed else 0


if __name__ == '__main__':
    sys.exit(main())
