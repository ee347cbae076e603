#!/usr/bin/python3
"""Run the series' tests (`make check`) and print one summary line.

Meson tests of the assembled tree run from build/qemu with --no-rebuild:
the build is `make build`'s job, not the tests'.  Test-bed tests (TAP
scripts in testbed/tests/) run inside the RISC-V host through
testbed/run.py, against our QEMU (series/compare.py runs them against
the base and Debian's QEMU too, for the comparison table).  TAP scripts
that need no test bed (the x86 guests) run here.  With --quick (make
check-quick) only the boot of the test bed's guests runs there.  The selection
is data (TESTS, LOCAL and TESTBED below); the last line printed is
`N passed, N failed` (`, N skipped` when some were skipped), and the exit
status is non-zero when any test failed.
"""

import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, 'build', 'qemu')

# (what, meson test arguments)
TESTS = [
    ('series unit tests', ['--suite', 'series-unit']),
    ('firmware of the build tree', ['--suite', 'series-firmware']),
    # base qtests that create machines of both targets, so that a broken
    # hook in a patched base file shows
    ('base qtests', [
        'qtest-x86_64/qom-test',
        'qtest-x86_64/machine-none-test',
        'qtest-x86_64/qmp-cmd-test',
        'qtest-x86_64/q35-test',
        'qtest-x86_64/fw_cfg-test',
        'qtest-x86_64/cpu-plug-test',
        'qtest-x86_64/test-x86-cpuid-compat',
        # the series' own: SEV without SEV hardware
        'qtest-x86_64/sev-test',
        'qtest-riscv64/qom-test',
        'qtest-riscv64/machine-none-test',
        'qtest-riscv64/qmp-cmd-test',
        'qtest-riscv64/riscv-csr-test',
    ]),
]

# TAP scripts run on this machine: (command, what it checks).  A script
# that prints "1..0 # SKIP why" (no x86 /dev/kvm) is reported as skipped.
LOCAL = [
    (['tests/guest/x86/run.py', 'rsvd-tcg'],
     'x86 TCG: reserved-bit page faults report P=1'),
    (['tests/guest/x86/run.py', 'rsvd-kvm'],
     'x86 KVM: reserved-bit fault codes, the same as under TCG'),
    (['tests/guest/x86/run.py', 'xo-tcg'],
     'x86 TCG: execute-only memory (-cpu ...,+xo) in a bare-metal guest'),
    (['tests/guest/x86/run.py', 'xo-kvm'],
     'x86 KVM: +xo without kernel support refuses; without it nothing '
     'changes'),
    (['tests/guest/x86/run.py', 'xo-cpu'],
     'x86: xo in -cpu help and query-cpu-model-expansion'),
    (['tests/guest/x86/run.py', 'sev-kvm'],
     'x86 KVM: an SEV guest on a host without SEV is refused clearly'),
    (['series/docs-check.sh'],
     'the docs build with Sphinx -W (every new page in a toctree)'),
]

# (script in testbed/tests, what it checks, timeout in seconds
#  [, testbed/run.py options for the host]).  Each runs against our QEMU;
# series/compare.py (make compare) runs them against the base and
# Debian's QEMU for the comparison table.
TESTBED = [
    ('unit.sh', 'unit test of the accelerator\'s tables: ONE_REG ids and '
     'names, extensions, SBI dispatch, AIA encodings', 120),
    ('boot.sh', 'nested guest boots with 1 and 4 vCPUs, poweroff exits 0',
     600),
    ('reboot.sh', 'a guest reboot reboots', 600),
    ('kvm-missing.sh', '-accel kvm without usable KVM fails clearly', 300),
    ('no-h.sh', '-accel kvm on a host CPU without H fails clearly', 300,
     ['--host-cpu', 'rv64,h=false']),
    ('aia.sh', 'in-kernel AIA in emul, hwaccel and auto modes', 600),
    ('cpu-props.sh', '-cpu host extension properties checked against '
     'the host', 300),
    ('cpu-model.sh', 'query-cpu-model-expansion for host reports what '
     'KVM offers, and leaves later expansions alone', 300),
    ('vector.sh', 'a host that denies V to new processes: -cpu host has V '
     '(prctl); vlen checked against the host', 300,
     ['--host-cpu', 'rv64,h=true,v=true']),
    ('reg-sync.sh', 'MMIO and SBI exits sync no registers', 300),
    ('gdb.sh', 'gdbstub software breakpoint under KVM', 300),
    ('stopcont.sh', 'guest time does not jump across stop/cont', 300),
    ('guest-riscv.sh', 'bare-metal guest programs (tests/guest/riscv)',
     600),
    ('linux-guests.sh', 'Linux guests on a virtio-blk root with virtio-net, '
     '1/2/4/8 vCPUs; 20 reboots with QEMU memory flat', 900),
    ('timebase.sh', 'incoming migration refuses another timer frequency',
     300),
    ('snapshot.sh', 'savevm/loadvm of a running 2-vCPU Linux guest with '
     'the in-kernel AIA', 600),
    ('migrate.sh', 'live migration of a running 2-vCPU Linux guest with '
     'the in-kernel AIA between two QEMU processes', 600),
    ('power-key.sh', 'system_powerdown presses the virt board\'s power '
     'button; power-key=off', 300),
    ('libvirt.sh', 'libvirt domains on our QEMU in the Debian host: '
     'define, start, console, suspend/resume, save/restore, managedsave, '
     'snapshots, reset, reboot, shutdown, destroy, domcapabilities', 900,
     ['--flavour', 'debian']),
    ('uefi.sh', 'a UEFI Debian guest disk (GPT, ESP, GRUB) under EDK2 as '
     'pflash and U-Boot, directly and through libvirt; its boot entry '
     'kept in the NVRAM across reboot, save/restore and reset', 900,
     ['--flavour', 'debian']),
    ('functional.sh', "QEMU's functional tests of the series "
     '(tests/functional/test_riscv64_kvm.py) in the Debian host', 1200,
     ['--flavour', 'debian']),
]
# make check-quick: the unit tests, the qtests, the x86 guests and these
QUICK_TESTBED = ('boot.sh',)
# our QEMU in the test-bed host
OURS = 'qemu-system-riscv64'

PASS = ('OK', 'EXPECTEDFAIL')
SKIP = ('SKIP',)


def run_group(title, args):
    """Run one group; return its results as (name, result) pairs."""
    print('== %s' % title, flush=True)
    logname = 'series-check'
    cmd = [os.path.join(BUILD, 'pyvenv', 'bin', 'meson'), 'test', '-C', BUILD, '--no-rebuild', '--print-errorlogs',
           '--logbase', logname] + args
    log = os.path.join(BUILD, 'meson-logs', logname + '.json')
    if os.path.exists(log):
        os.unlink(log)
    subprocess.run(cmd)
    results = []
    try:
        with open(log, encoding='utf-8') as f:
            for line in f:
                t = json.loads(line)
                why = ''
                for out in (t.get('stdout') or '').splitlines():
                    if '# SKIP' in out:
                        why = out.split('# SKIP', 1)[1].strip()
                results.append((t['name'], t['result'], why))
    except OSError:
        pass
    if not results:
        results.append((title, 'ERROR: no test ran', ''))
    return results


def run_testbed(script, timeout, qemu, host_args, flavour=None,
                quiet=False):
    """Run one TAP script in the test-bed host.

    Returns (OK or why not, the lines it printed)."""
    # the host the test's entry names, else the caller's, else busybox
    # (never $TESTBED, which is for people at a shell)
    host_args = list(host_args)
    if '--flavour' in host_args:
        i = host_args.index('--flavour')
        flavour = host_args[i + 1]
        del host_args[i:i + 2]
    cmd = [os.path.join(REPO, 'testbed', 'run.py'), '--timeout',
           str(timeout), '--flavour', flavour or 'busybox']
    cmd += host_args + ['--', 'env', 'TB_QEMU=' + qemu, 'sh',
                        '/tb/tests/' + script]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors='replace')
    lines = r.stdout.splitlines()
    oks = [ln for ln in lines if ln.startswith('ok ')]
    bad = [ln for ln in lines if ln.startswith('not ok')]
    if not quiet:
        for ln in lines:
            print('    ' + ln)
    if r.returncode == 124:
        return 'TIMEOUT', lines
    if r.returncode != 0 or bad or not oks:
        return ('FAIL (exit status %d, %d not ok)' % (r.returncode, len(bad)),
                lines)
    return 'OK', lines


def local_results():
    print('== tests on this machine', flush=True)
    results = []
    for cmd, what in LOCAL:
        name = ' '.join(cmd)
        print('  %s: %s' % (name, what), flush=True)
        r = subprocess.run([os.path.join(REPO, cmd[0])] + cmd[1:],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors='replace')
        lines = r.stdout.splitlines()
        for ln in lines:
            print('    ' + ln)
        skip = [ln for ln in lines if ln.startswith('1..0 # SKIP')]
        oks = [ln for ln in lines if ln.startswith('ok ')]
        bad = [ln for ln in lines if ln.startswith('not ok')]
        if skip and r.returncode == 0:
            result, why = 'SKIP', skip[0].split('# SKIP', 1)[1].strip()
        elif r.returncode != 0 or bad or not oks:
            result, why = ('FAIL (exit status %d, %d not ok)'
                           % (r.returncode, len(bad)), '')
        else:
            result, why = 'OK', ''
        print('  %s %s' % (name, result), flush=True)
        results.append((name, result, why))
    return results


def testbed_results(quick):
    results = []
    print('== test bed (%s)' % OURS, flush=True)
    for script, what, timeout, *host_args in TESTBED:
        if quick and script not in QUICK_TESTBED:
            continue
        name = 'testbed/%s' % script
        print('  %s: %s' % (name, what), flush=True)
        result, _ = run_testbed(script, timeout, OURS,
                                host_args[0] if host_args else [])
        print('  %s %s' % (name, result), flush=True)
        results.append((name, result, ''))
    return results


def main():
    quick = '--quick' in sys.argv[1:]
    if not os.path.exists(os.path.join(BUILD, 'build.ninja')):
        print('series: error: build/qemu is not configured; run make first',
              file=sys.stderr)
        return 1
    passed = failed = skipped = 0
    notes = []
    results = []
    for title, args in TESTS:
        results += run_group(title, args)
    results += local_results()
    results += testbed_results(quick)
    for name, result, why in results:
        if result in PASS:
            passed += 1
        elif result in SKIP:
            skipped += 1
            notes.append('SKIPPED %s: %s' % (name, why or 'no reason given'))
        else:
            failed += 1
            notes.append('FAILED %s: %s' % (name, result))
    for n in notes:
        print(n)
    line = '%d passed, %d failed' % (passed, failed)
    if skipped:
        line += ', %d skipped' % skipped
    print(line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
