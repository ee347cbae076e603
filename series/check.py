#!/usr/bin/python3
"""Run the series' tests (`make check`) and print one summary line.

Meson tests of the assembled tree run from build/qemu with --no-rebuild:
the build is `make build`'s job, not the tests'.  Test-bed tests (TAP
scripts in testbed/tests/) run inside the RISC-V host through
testbed/run.py, against our QEMU and the anchor (the base's).  TAP
scripts that need no test bed (the x86 guests) run here.  The selection
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
]

# (script in testbed/tests, what it checks, timeout in seconds, anchor
#  [, testbed/run.py options for the host])
# anchor: "same" when the base's implementation must pass it too;
# "compare" when it runs against the base only for the comparison (the
# base is known to fail some of its checks), not counted.
TESTBED = [
    ('boot.sh', 'nested guest boots with 1 and 4 vCPUs, poweroff exits 0',
     600, 'same'),
    ('reboot.sh', 'a guest reboot reboots', 600, 'same'),
    ('kvm-missing.sh', '-accel kvm without usable KVM fails clearly', 300,
     'same'),
    ('no-h.sh', '-accel kvm on a host CPU without H fails clearly', 300,
     'same', ['--host-cpu', 'rv64,h=false']),
    ('aia.sh', 'in-kernel AIA in emul, hwaccel and auto modes', 600, 'same'),
    ('cpu-props.sh', '-cpu host extension properties checked against '
     'the host', 300, 'same'),
    ('cpu-model.sh', 'query-cpu-model-expansion for host reports what '
     'KVM offers', 300, 'same'),
    ('reg-sync.sh', 'MMIO and SBI exits sync no registers', 300,
     'compare'),
    ('gdb.sh', 'gdbstub software breakpoint under KVM', 300, 'compare'),
    ('stopcont.sh', 'guest time does not jump across stop/cont', 300,
     'same'),
    ('guest-riscv.sh', 'bare-metal guest programs (tests/guest/riscv)',
     600, 'compare'),
    ('linux-guests.sh', 'Linux guests on a virtio-blk root with virtio-net, '
     '1/2/4/8 vCPUs; 20 reboots with QEMU memory flat', 900, 'compare'),
    ('timebase.sh', 'incoming migration refuses another timer frequency',
     300, 'compare'),
    ('snapshot.sh', 'savevm/loadvm of a running 2-vCPU Linux guest with '
     'the in-kernel AIA', 600, 'compare'),
    ('migrate.sh', 'live migration of a running 2-vCPU Linux guest with '
     'the in-kernel AIA between two QEMU processes', 600, 'compare'),
]
# the QEMU binaries in the host that each test-bed test runs against
TESTBED_QEMUS = [
    ('ours', 'qemu-system-riscv64'),
    ('anchor', 'qemu-system-riscv64-anchor'),
]

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


def run_testbed(script, timeout, qemu, host_args):
    """Run one TAP script in the test-bed host; return OK or why not."""
    cmd = [os.path.join(REPO, 'testbed', 'run.py'), '--timeout',
           str(timeout)] + host_args + ['--', 'env', 'TB_QEMU=' + qemu, 'sh',
                                        '/tb/tests/' + script]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors='replace')
    lines = r.stdout.splitlines()
    oks = [ln for ln in lines if ln.startswith('ok ')]
    bad = [ln for ln in lines if ln.startswith('not ok')]
    for ln in lines:
        print('    ' + ln)
    if r.returncode == 124:
        return 'TIMEOUT', len(oks), len(bad)
    if r.returncode != 0 or bad or not oks:
        return ('FAIL (exit status %d, %d not ok)' % (r.returncode, len(bad)),
                len(oks), len(bad))
    return 'OK', len(oks), len(bad)


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


def testbed_results():
    results = []
    for label, qemu in TESTBED_QEMUS:
        print('== test bed, %s (%s)' % (label, qemu), flush=True)
        for script, what, timeout, anchor, *host_args in TESTBED:
            name = 'testbed/%s [%s]' % (script, label)
            print('  %s: %s' % (name, what), flush=True)
            result, oks, bad = run_testbed(script, timeout, qemu,
                                           host_args[0] if host_args else [])
            print('  %s %s' % (name, result), flush=True)
            if label == 'anchor' and anchor == 'compare':
                # for the comparison only: reported, not counted
                print('  %s: comparison only, %d checks passed, %d failed'
                      % (name, oks, bad), flush=True)
                continue
            results.append((name, result, ''))
    return results


def main():
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
    results += testbed_results()
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
