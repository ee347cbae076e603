#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot the XO Linux guest (tests/guest/x86/linux) under a
qemu-system-x86_64 and print TAP.

Usage: run-linux.py --qemu QEMU --linux DIR GROUP
  (GROUP: linux-patch, linux-xo-tcg, linux-xo-kvm)

DIR holds bzImage and initramfs.cpio as tests/guest/x86/linux/build.sh
builds them (make check builds them into build/guest-x86-linux).  The
guest's init (xo-init.c) prints a TAP line per check; each boot is one
line here, with the guest's failing lines below it.  linux-xo-kvm prints
"1..0 # SKIP <why>" when there is no x86 /dev/kvm.
"""

import argparse
import os
import subprocess
import sys

import run                      # tests/guest/x86/run.py: ok(), Qmp, ...

LINUX = None                    # the guest, from --linux
TIMEOUT = 180
MEM = '1G'                      # THP needs 512 MiB or more

# what, -cpu, extra kernel command line, what PROT_EXEC-only memory is
# (xo-init.c's expect=), the XO bit the guest must report (0: none)
TCG_BOOTS = [
    ('XO, no protection keys', 'max,+xo,-pku', '', 'xo', 39),
    ('XO, another bit', 'max,+xo,-pku,phys-bits=46', '', 'xo', 45),
    ('a CPU model with XO and without protection keys', 'EPYC,+xo', '',
     'xo', 39),
    ('XO and protection keys: the kernel keeps its execute-only pkey',
     'max,+xo', '', 'pkey', 39),
    ('XO and protection keys, xo=on: the XO bit', 'max,+xo', 'xo=on', 'xo',
     39),
    ('XO, xo=off: PROT_EXEC memory stays readable', 'max,+xo,-pku', 'xo=off',
     'none', 39),
    ('no XO, no protection keys: as upstream, readable', 'max,-pku', '',
     'none', 0),
    ('no XO, protection keys: as upstream, the execute-only pkey', 'max', '',
     'pkey', 0),
]


def command(accel, cpu, append, extra=()):
    return [run.QEMU, '-accel', accel, '-cpu', cpu, '-M', 'q35', '-m', MEM,
            '-display', 'none', '-nodefaults', '-serial', 'stdio',
            '-no-reboot', '-kernel', os.path.join(LINUX, 'bzImage'),
            '-initrd', os.path.join(LINUX, 'initramfs.cpio'),
            '-append', 'console=ttyS0 quiet panic=-1 ' + append] + list(extra)


def verdict(status, out):
    """Did the guest pass all its checks?  Return (good, check count)."""
    lines = out.splitlines()
    checks = [line for line in lines
              if line.startswith('ok ') or line.startswith('not ok ')]
    plan = ['1..%d' % len(checks)] if checks else []
    good = (status == 0 and bool(checks) and
            not any(line.startswith('not ok') for line in checks) and
            any(line.strip() in plan for line in lines) and
            not any(line.startswith('Bail out!') for line in lines))
    return good, len(checks)


def failing(out):
    return '\n'.join(line for line in out.splitlines()
                     if line.startswith('not ok') or 'Bail out' in line or
                     'Kernel panic' in line)


def boot(what, accel, cpu, append, expect, xobit):
    args = 'expect=%s xobit=%d %s' % (expect, xobit, append)
    try:
        r = subprocess.run(command(accel, cpu, args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True,
                           errors='replace', timeout=TIMEOUT)
        status, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        status, out = None, (e.stdout or b'').decode(errors='replace')
        err = 'timed out after %d s' % TIMEOUT
    good, n = verdict(status, out)
    run.ok(good, '%s (-accel %s -cpu %s, %s): %d guest checks' %
           (what, accel, cpu, args.strip(), n),
           'exit status %s\n%s\n%s' % (status, failing(out) or out, err))


def migrate(what, cpu, expect, xobit):
    """Checks on pages mapped before a migration to a file, run after."""
    base = command('tcg', cpu, 'expect=%s xobit=%d wait=1' % (expect, xobit))
    status, before, after = run.migrate_through_file(base, '# waiting',
                                                     b'go\n')
    good, n = verdict(status, before + after)
    ran_after = '# going on' in after and 'after the wait' in after
    run.ok(good and ran_after,
           '%s (-cpu %s): %d guest checks, on pages mapped before the move'
           % (what, cpu, n),
           'status %s\nbefore:\n%s\nafter:\n%s' % (status, before, after))


def linux_xo_tcg():
    for what, cpu, append, expect, xobit in TCG_BOOTS:
        boot(what, 'tcg', cpu, append, expect, xobit)
    migrate('XO pages across migration to a +xo destination',
            'max,+xo,-pku', 'xo', 39)
    migrate('execute-only pkey pages across migration',
            'max,+xo', 'pkey', 39)


def skip(what, why):
    run.n += 1
    print('ok %d - %s # SKIP %s' % (run.n, what, why), flush=True)


def kvm_runs_no_linux():
    """Why this machine's KVM cannot boot an ordinary Linux kernel, if so."""
    if os.path.isdir('/sys/module/kvm_pvm'):
        return ('/dev/kvm is kvm_pvm (PVM: KVM without VMX or SVM, on '
                'shadow page tables), which stops an ordinary Linux kernel '
                'with "KVM internal error ... emulation failure" at its '
                'first XRSTOR or INT3')
    return None


def linux_xo_kvm():
    what = 'the patched kernel under KVM without XO behaves as upstream'
    why = kvm_runs_no_linux()
    if why:
        skip(what, why)
    else:
        boot(what, 'kvm', 'EPYC', '', 'none', 0)
    try:
        r = subprocess.run(command('kvm', 'EPYC,+xo', 'expect=xo'),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, errors='replace', timeout=TIMEOUT)
        status, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        # a KVM with XO would boot it: that is news, and this check's end
        status, out, err = None, '', 'still running after %d s' % TIMEOUT
    run.ok(status == 1 and not out and
           'xo: this kernel\'s KVM has no execute-only guest memory' in err,
           'the XO guest with +xo on a KVM without XO: QEMU refuses to start',
           'exit status %s\nstdout: %s\nstderr: %s' % (status, out, err))


def linux_patch():
    """The guest kernel patch passes the kernel's own checkpatch.pl."""
    patch = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         'linux', 'x86-mm-xo.patch')
    r = subprocess.run(['perl', os.path.join(LINUX, 'linux-scripts',
                                             'checkpatch.pl'),
                        '--no-tree', '--strict', patch],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       # outside any git tree, which checkpatch would take
                       # for the kernel's
                       cwd='/', text=True, timeout=TIMEOUT)
    run.ok(r.returncode == 0 and
           'total: 0 errors, 0 warnings, 0 checks' in r.stdout,
           'x86-mm-xo.patch passes Linux\'s scripts/checkpatch.pl --strict',
           r.stdout)


GROUPS = {
    'linux-patch': (linux_patch, False),
    'linux-xo-tcg': (linux_xo_tcg, False),
    'linux-xo-kvm': (linux_xo_kvm, True),
}


def main():
    global LINUX
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--qemu', required=True)
    ap.add_argument('--linux', required=True)
    ap.add_argument('group', choices=sorted(GROUPS))
    args = ap.parse_args()
    run.QEMU, LINUX = args.qemu, args.linux
    fn, needs_kvm = GROUPS[args.group]
    if needs_kvm:
        why = run.kvm_missing()
        if why:
            print('1..0 # SKIP %s' % why)
            return 0
    if run.missing_files([run.QEMU, os.path.join(LINUX, 'bzImage'),
                          os.path.join(LINUX, 'initramfs.cpio'),
                          os.path.join(LINUX, 'linux-scripts')],
                         'tests/guest/x86/linux/build.sh builds the guest '
                         '(make check does)'):
        return 1
    fn()
    print('1..%d' % run.n)
    return 1 if run.failed else 0


if __name__ == '__main__':
    sys.exit(main())
