#!/usr/bin/python3
"""Run the series' tests (`make check`) and print one summary line.

Every test is a meson test, run with `meson test --no-rebuild` (the build
is `make build`'s job, not the tests'), and meson reads the TAP of each:

- from build/qemu, QEMU's tree: the series' unit tests, the firmware
  check, base qtests, and the x86 bare-metal guests (tests/guest/x86,
  suite series-guest-x86);
- from build/checks, the series' own checks (series/meson.build): the
  XO Linux guest (tests/guest/x86/linux), the docs build and the test-bed
  scripts of testbed/tests, which run inside the RISC-V host against our
  QEMU.

With --quick (make check-quick) only the test bed's boot runs there.  The
selection is data (GROUPS below).  This script only reads each test's
result from meson's JSON log; the last line it prints is
`N passed, N failed` (`, N skipped` when some were skipped), and the exit
status is non-zero when any test failed.  A test is counted as skipped
only when it said why, with a TAP plan "1..0 # SKIP why" (a group that
needs x86 /dev/kvm on a machine without it); meson also calls a test
that printed no TAP at all skipped, and that is counted as failed.
"""

import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, 'build', 'qemu')
CHECKS = os.path.join(REPO, 'build', 'checks')
MESON = os.path.join(BUILD, 'pyvenv', 'bin', 'meson')

# (what, build directory, meson test arguments, when: always, full (make
#  check only) or quick (make check-quick only), print each TAP line as
#  it comes)
GROUPS = [
    ('series unit tests', BUILD, ['--suite', 'series-unit'], 'always',
     False),
    ('firmware of the build tree', BUILD, ['--suite', 'series-firmware'],
     'always', False),
    # base qtests that create machines of both targets, so that a broken
    # hook in a patched base file shows
    ('base qtests', BUILD, [
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
    ], 'always', False),
    # reserved-bit faults, execute-only memory under TCG and KVM, SEV
    # refusals (the KVM groups skip without x86 /dev/kvm)
    ('x86 bare-metal guests', BUILD, ['--suite', 'series-guest-x86'],
     'always', True),
    # a Linux guest with the series' XO kernel patch, under TCG and KVM
    ('XO Linux guest', CHECKS, ['--suite', 'guest-x86-linux'], 'always',
     True),
    ('docs', CHECKS, ['--suite', 'docs'], 'always', True),
    # one at a time: each host QEMU is TCG on all of the machine's cores
    ('test bed (our qemu-system-riscv64)', CHECKS, ['--suite', 'testbed'],
     'full', True),
    # boot, the guest programs, snapshot and migration, and what KVM
    # offers, on the other host kernels (Linux 6.1 and 7.2) and host CPUs
    # (with V, without Sstc); and the KVM-only build's guest suites
    ('test bed on other host kernels and CPUs, KVM-only build', CHECKS,
     ['--suite', 'testbed-hosts'],
     'full', True),
    ('test bed, boot only', CHECKS, ['--suite', 'testbed-quick'],
     'quick', True),
]

PASS = ('OK',)
SKIP_PLAN = re.compile(r'^1\.\.0 # SKIP\s*(.*)$', re.M)


def meson_test(build, args, logname, verbose=False, env=None):
    """Run meson test in build; return (its exit status, its tests' JSON
    records)."""
    log = os.path.join(build, 'meson-logs', logname + '.json')
    if os.path.exists(log):
        os.unlink(log)
    cmd = [MESON, 'test', '-C', build, '--no-rebuild', '--print-errorlogs',
           '--logbase', logname] + (['-v'] if verbose else []) + args
    status = subprocess.run(cmd, env=env).returncode
    records = []
    try:
        with open(log, encoding='utf-8') as f:
            records = [json.loads(line) for line in f]
    except OSError:
        pass
    return status, records


def short_name(t):
    """A meson test record's test name, without project and suites."""
    return t['name'].split(' / ', 1)[-1]


def outcome(t):
    """(result, why) of one meson test record."""
    result = t['result']
    out = t.get('stdout') or ''
    if result == 'SKIP':
        m = SKIP_PLAN.search(out)
        if m:
            return 'SKIP', m.group(1).strip() or 'no reason given'
        return 'FAIL (no TAP: it printed no check and no plan)', ''
    if result not in PASS and t.get('returncode'):
        result += ' (exit status %d)' % t['returncode']
    return result, ''


def run_group(title, build, args, verbose):
    """Run one group; return its results as (name, result, why)."""
    print('== %s' % title, flush=True)
    # the test bed's scripts run in the busybox host unless their entry
    # names another: $TESTBED is for people at a shell
    env = dict(os.environ)
    env.pop('TESTBED', None)
    env.pop('TB_QEMU', None)
    status, records = meson_test(build, args, 'series-check', verbose, env)
    results = [(short_name(t),) + outcome(t) for t in records]
    if not results:
        results.append((title, 'ERROR: no test ran', ''))
    elif status and all(r[1] in PASS + ('SKIP',) for r in results):
        # meson failed, though no test it logged did: a test it never ran
        results.append((title, 'ERROR: meson test exited with %d' % status,
                        ''))
    return results


def main():
    quick = '--quick' in sys.argv[1:]
    for build in (BUILD, CHECKS):
        if not os.path.exists(os.path.join(build, 'build.ninja')):
            print('series: error: %s is not configured; run make first'
                  % os.path.relpath(build, REPO), file=sys.stderr)
            return 1
    passed = failed = skipped = 0
    notes = []
    results = []
    for title, build, args, when, verbose in GROUPS:
        if when not in ('always', 'quick' if quick else 'full'):
            continue
        results += run_group(title, build, args, verbose)
    for name, result, why in results:
        if result in PASS:
            passed += 1
        elif result == 'SKIP':
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
