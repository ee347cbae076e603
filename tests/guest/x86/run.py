#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the bare-metal x86 guests (tests/guest/x86) under a
qemu-system-x86_64 and print TAP.

Usage: run.py --qemu QEMU --guests DIR GROUP
  (GROUP: rsvd-tcg, rsvd-kvm, xo-tcg, xo-kvm, xo-cpu, sev-kvm)

DIR holds the guests as the Makefile builds them (make O=DIR); meson
builds them and runs each group as a test of the suite "series-guest-x86"
(tests/guest/x86/meson.build).  The groups that need x86 /dev/kvm print
"1..0 # SKIP <why>" when there is none.
"""

import argparse
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time

QEMU = None     # the binary under test, from --qemu
OUT = None      # the guests, from --guests
TIMEOUT = 120

n = 0
failed = 0


def ok(good, what, detail=''):
    global n, failed
    n += 1
    if not good:
        failed += 1
        for line in detail.splitlines():
            print('#   ' + line)
    print('%s %d - %s' % ('ok' if good else 'not ok', n, what), flush=True)


def qemu(accel, cpu, prog, append='', mem='128M', machine='q35', extra=()):
    """Boot one guest; return (exit status, serial output, stderr)."""
    cmd = [QEMU, '-accel', accel, '-cpu', cpu, '-M', machine, '-m', mem,
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
           '-kernel', os.path.join(OUT, prog + '.bin'), '-append', append]
    cmd += list(extra)
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True,
                           errors='replace', timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or '', 'timed out after %d s' % TIMEOUT
    return r.returncode, r.stdout, r.stderr


def checks(out):
    """The guest's own TAP check lines, without their numbers."""
    lines = []
    for line in out.splitlines():
        if line.startswith('ok ') or line.startswith('not ok '):
            lines.append(line.split(' - ', 1)[-1] if line.startswith('ok')
                         else 'NOT OK ' + line.split(' - ', 1)[-1])
    return lines


def guest(what, accel, cpu, prog, append=''):
    """Boot a guest that must pass all its checks; return its checks."""
    status, out, err = qemu(accel, cpu, prog, append)
    good = (status == 1 and 'not ok' not in out and
            any(line.startswith('1..') for line in out.splitlines()))
    ok(good, '%s (-accel %s -cpu %s %s): %d guest checks' %
       (what, accel, cpu, append, len(checks(out))),
       'exit status %s\n%s\n%s' % (status, out, err))
    return checks(out)


def refused(what, accel, cpu, want, mem='128M', machine='q35', extra=(),
            unwanted=()):
    """QEMU must refuse to start: exit 1, no guest output, want in stderr."""
    status, out, err = qemu(accel, cpu, 'xo', 'xo=0', mem, machine, extra)
    good = (status == 1 and not out and all(w in err for w in want) and
            not any(u in err for u in unwanted) and
            'Aborted' not in err and 'assert' not in err)
    ok(good, '%s: refused with "%s"' %
       (what, err.strip().splitlines()[-1] if err.strip() else ''),
       'exit status %s\nstdout: %s\nstderr: %s' % (status, out, err))


def kvm_missing():
    try:
        fd = os.open('/dev/kvm', os.O_RDWR)
    except OSError as e:
        return '/dev/kvm cannot be opened (%s)' % e.strerror
    os.close(fd)
    return None


def qmp(args, commands):
    """Run QEMU with QMP on stdio; return the replies to commands."""
    lines = [json.dumps({'execute': 'qmp_capabilities'})]
    lines += [json.dumps(c) for c in commands]
    lines.append(json.dumps({'execute': 'quit'}))
    r = subprocess.run([QEMU, '-display', 'none', '-qmp', 'stdio'] + args,
                       input='\n'.join(lines) + '\n', stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    replies = []
    for line in r.stdout.splitlines():
        msg = json.loads(line)
        if 'return' in msg or 'error' in msg:
            replies.append(msg)
    # the first is qmp_capabilities', the last quit's
    return replies[1:1 + len(commands)]


def read_until(proc, marker, timeout):
    """Read proc's stdout until a line has marker; return all read."""
    out = ''
    end = time.time() + timeout
    while marker not in out and time.time() < end:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096).decode(errors='replace')
            if not chunk:
                break
            out += chunk
    return out


class Qmp:
    """A minimal QMP client on a unix socket."""

    def __init__(self, path, timeout):
        end = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > end:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self.buf = b''
        self.reply()                    # the greeting
        self.cmd('qmp_capabilities')

    def reply(self):
        while True:
            while b'\n' not in self.buf:
                data = self.sock.recv(65536)
                if not data:
                    raise EOFError('QMP closed')
                self.buf += data
            line, self.buf = self.buf.split(b'\n', 1)
            msg = json.loads(line)
            if 'event' not in msg:
                return msg

    def cmd(self, name, **args):
        self.sock.sendall(json.dumps({'execute': name,
                                      'arguments': args}).encode() + b'\n')
        return self.reply()


def wait_migration(qmp):
    """Poll query-migrate until the migration ends; return its status."""
    status = None
    end = time.time() + TIMEOUT
    while time.time() < end:
        status = qmp.cmd('query-migrate')['return'].get('status')
        if status in ('completed', 'failed'):
            break
        time.sleep(0.2)
    return status


def migrate_through_file(base, marker, go):
    """Run the QEMU command line base (QMP is added here) until its guest
    prints marker, migrate it to a file, start base again with -incoming
    from that file, and once it runs send go to its console.  Return
    (status, console output before, console output after), status being
    the destination's exit status or what went wrong."""
    tmp = tempfile.mkdtemp(prefix='migrate-')
    stream = os.path.join(tmp, 'stream')
    sock = os.path.join(tmp, 'qmp')
    qmp_arg = ['-qmp', 'unix:%s,server=on,wait=off' % sock]
    src = subprocess.Popen(base + qmp_arg, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    status, before, after = 'not run', '', ''
    try:
        before = read_until(src, marker, TIMEOUT)
        qmp = Qmp(sock, TIMEOUT)
        qmp.cmd('migrate', uri='file:' + stream)
        status = wait_migration(qmp)
        qmp.cmd('quit')
        src.wait(TIMEOUT)
        if status == 'completed':
            if os.path.exists(sock):        # QEMU removes it as it quits
                os.unlink(sock)
            dst = subprocess.Popen(base + qmp_arg +
                                   ['-incoming', 'file:' + stream],
                                   stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
            try:
                # a byte sent before the state is loaded would be lost
                qmp = Qmp(sock, TIMEOUT)
                while not qmp.cmd('query-status')['return']['running']:
                    time.sleep(0.2)
                out, _ = dst.communicate(go, TIMEOUT)
                status, after = dst.returncode, out.decode(errors='replace')
            finally:
                if dst.poll() is None:
                    dst.kill()
    except (OSError, EOFError, ValueError, subprocess.TimeoutExpired) as e:
        status = 'error: %s' % e
    finally:
        if src.poll() is None:
            src.kill()
        for f in (stream, sock):
            if os.path.exists(f):
                os.unlink(f)
        os.rmdir(tmp)
    return status, before, after


def missing_files(paths, hint):
    """Print a Bail out! line naming the paths that do not exist, if
    any; return whether some did not."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print('Bail out! %s missing: %s' % (', '.join(missing), hint))
    return bool(missing)


def xo_migrate():
    """An XO guest migrated between two +xo QEMUs keeps XO."""
    base = [QEMU, '-accel', 'tcg', '-cpu', 'max,+xo,phys-bits=40', '-M',
            'q35', '-m', '128M', '-display', 'none', '-nodefaults',
            '-serial', 'stdio',
            '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
            '-kernel', os.path.join(OUT, 'xo.bin'),
            '-append', 'xo=1 maxphy=39 wait=1']
    status, before, after = migrate_through_file(base, '# waiting', b'g')
    ran = checks(after)
    ok(status == 1 and '# waiting' in before and ran and
       not any(c.startswith('NOT OK') for c in ran),
       'XO under TCG across migration to a +xo destination: %d guest checks '
       'after the move' % len(ran),
       'status %s\nbefore:\n%s\nafter:\n%s' % (status, before, after))


def rsvd_tcg():
    guest('reserved-bit faults under TCG', 'tcg', 'max', 'rsvd')


def rsvd_kvm():
    tcg = guest('reserved-bit faults under TCG', 'tcg', 'max', 'rsvd')
    kvm = guest('reserved-bit faults under KVM', 'kvm', 'EPYC', 'rsvd')
    missing = [line for line in kvm if line not in tcg]
    ok(kvm and not missing,
       'KVM and TCG give the same error codes (%d of KVM\'s checks compared)'
       % len(kvm), 'KVM lines TCG did not print:\n' + '\n'.join(missing))


def xo_tcg():
    guest('XO under TCG', 'tcg', 'max,+xo,phys-bits=40', 'xo',
          'xo=1 maxphy=39')
    guest('XO under TCG, another XO bit', 'tcg', 'max,+xo,phys-bits=46', 'xo',
          'xo=1 maxphy=45')
    guest('XO under TCG, a CPU model with it', 'tcg', 'EPYC,+xo', 'xo',
          'xo=1 maxphy=39')
    guest('no XO under TCG: bit M is reserved', 'tcg', 'max,phys-bits=40',
          'xo', 'xo=0 maxphy=40')
    guest('xo=off under TCG is no XO', 'tcg', 'max,xo=off,phys-bits=40',
          'xo', 'xo=0 maxphy=40')
    xo_migrate()
    refused('+xo with phys-bits=32', 'tcg', 'max,+xo,phys-bits=32',
            ['xo: phys-bits=32 is out of range'])
    refused('+xo with RAM above the XO bit', 'tcg', 'max,+xo,phys-bits=33',
            ['xo: guest memory ends at', 'above the XO bit'], mem='6G')


def xo_kvm():
    refused('+xo on a KVM without XO', 'kvm', 'EPYC,+xo',
            ['xo: this kernel\'s KVM has no execute-only guest memory',
             'KVM_GET_SUPPORTED_CPUID', 'Remove +xo'])
    refused('+xo,enforce on a KVM without XO', 'kvm', 'EPYC,+xo,enforce',
            ['CPUID.40000030H:EAX.xo'])
    guest('no XO under KVM: the guest runs as before, bit M reserved', 'kvm',
          'EPYC,host-phys-bits=on', 'xo', 'xo=0')
    guest('xo=off under KVM is no XO', 'kvm',
          'EPYC,xo=off,host-phys-bits=on', 'xo', 'xo=0')


def xo_cpu():
    r = subprocess.run([QEMU, '-cpu', 'help'], stdout=subprocess.PIPE,
                       text=True)
    ok(' xo ' in ' ' + ' '.join(r.stdout.split()) + ' ',
       '-cpu help lists the xo feature')
    replies = qmp(['-M', 'none', '-accel', 'tcg'], [
        {'execute': 'query-cpu-model-expansion',
         'arguments': {'type': 'full', 'model': {'name': 'max'}}},
        {'execute': 'query-cpu-model-expansion',
         'arguments': {'type': 'full',
                       'model': {'name': 'max', 'props': {'xo': True}}}},
        {'execute': 'query-cpu-model-expansion',
         'arguments': {'type': 'static',
                       'model': {'name': 'qemu64', 'props': {'xo': True}}}},
    ])

    def props(i):
        try:
            return replies[i]['return']['model']['props']
        except (IndexError, KeyError):
            return {}
    ok(props(0).get('xo') is False,
       'query-cpu-model-expansion: max has xo, off (it changes MAXPHYADDR)',
       repr(replies[:1]))
    ok(props(1).get('xo') is True,
       'query-cpu-model-expansion: max with xo=true expands to xo on',
       repr(replies[1:2]))
    ok(props(2).get('xo') is True,
       'query-cpu-model-expansion static: qemu64 with xo keeps it',
       repr(replies[2:3]))


def sev_kvm():
    sev = ['-object', 'sev-guest,id=sev0']
    machine = 'q35,confidential-guest-support=sev0'
    refused('an SEV guest on a host without SEV', 'kvm', 'EPYC',
            ['Failed to open /dev/sev', 'ccp module',
             'failed to initialize kvm: No such file or directory'],
            machine=machine, extra=sev,
            unwanted=['Operation not permitted'])
    refused('an SEV guest with reduced-phys-bits=2: warned, then refused',
            'kvm', 'EPYC',
            ['warning: sev: reduced-phys-bits=2', 'Failed to open /dev/sev'],
            machine=machine,
            extra=['-object', 'sev-guest,id=sev0,reduced-phys-bits=2'])
    refused('an SEV guest with cbitpos=70', 'kvm', 'EPYC',
            ['cbitpos=70 is not a C-bit position'], machine=machine,
            extra=['-object', 'sev-guest,id=sev0,cbitpos=70'])


def sev_missing():
    if os.path.exists('/dev/sev'):
        return 'this host has SEV (/dev/sev): the refusals need one without'
    return kvm_missing()


GROUPS = {
    'rsvd-tcg': (rsvd_tcg, False),
    'rsvd-kvm': (rsvd_kvm, True),
    'xo-tcg': (xo_tcg, False),
    'xo-kvm': (xo_kvm, True),
    'xo-cpu': (xo_cpu, False),
    'sev-kvm': (sev_kvm, True),
}


def main():
    global QEMU, OUT
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--qemu', required=True)
    ap.add_argument('--guests', required=True)
    ap.add_argument('group', choices=sorted(GROUPS))
    args = ap.parse_args()
    QEMU, OUT = args.qemu, args.guests
    fn, needs_kvm = GROUPS[args.group]
    if needs_kvm:
        why = sev_missing() if fn == sev_kvm else kvm_missing()
        if why:
            print('1..0 # SKIP %s' % why)
            return 0
    if missing_files([QEMU, os.path.join(OUT, 'xo.bin'),
                      os.path.join(OUT, 'rsvd.bin')], 'build first'):
        return 1
    fn()
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
