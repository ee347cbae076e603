#!/usr/bin/python3
"""Run the series' tests (`make check`) and print one summary line.

Every test is a meson test of the assembled tree, run from build/qemu with
--no-rebuild: the build is `make build`'s job, not the tests'.  The
selection is data (TESTS below); the last line printed is
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
        'qtest-riscv64/qom-test',
        'qtest-riscv64/machine-none-test',
        'qtest-riscv64/qmp-cmd-test',
        'qtest-riscv64/riscv-csr-test',
    ]),
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


def main():
    if not os.path.exists(os.path.join(BUILD, 'build.ninja')):
        print('series: error: build/qemu is not configured; run make first',
              file=sys.stderr)
        return 1
    passed = failed = skipped = 0
    notes = []
    for title, args in TESTS:
        for name, result, why in run_group(title, args):
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
