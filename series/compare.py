#!/usr/bin/python3
"""Compare the series with the base and with Debian's QEMU (`make compare`).

Runs the test-bed scripts that have a row below (the meson suite
"testbed" of series/meson.build, in build/checks) against three RISC-V
KVM userspaces in the test bed, then rewrites the comparison table of
docs/system/riscv/kvm.rst (between its "compare-table" markers) from what
they printed:

- series: our qemu-system-riscv64, in the busybox host;
- base: the anchor, the base built without the series, in the busybox host;
- Debian: Debian's own qemu-system-riscv64 (trixie, 10.0.13), in the
  Debian host, which has it as /usr/bin/qemu-system-riscv64.

A script whose entry in series/meson.build names a host (libvirt.sh: the
Debian host) runs there for every column.

A row of the table is a script, or the TAP lines of one whose
descriptions match a pattern; a cell is "pass" when every such line is ok
(and there is at least one), "fail" when any is not ok or none was
printed, "timeout" when the host was killed.  The notes that explain a
cell are data (NOTES below); a note whose cell now passes is dropped with
a warning (unless NOTES_ON_PASS keeps it), so the page never explains a
failure that is gone.

Usage: series/compare.py [--only SCRIPT...] [--print] [--notes-only]
  --print       print the table, leave the page as it is
  --notes-only  run nothing: write the page's table again with the notes
                as NOTES has them now
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402  (meson's test runs and their records)

REPO = check.REPO
PAGE = os.path.join(REPO, 'docs', 'system', 'riscv', 'kvm.rst')
START = '.. compare-table-start'
END = '.. compare-table-end'
LOGS = os.path.join(REPO, 'build', 'compare')

# (column, QEMU binary in the host, host flavour)
COLUMNS = [
    ('series', 'qemu-system-riscv64', 'busybox'),
    ('base', 'qemu-system-riscv64-anchor', 'busybox'),
    ('Debian', '/usr/bin/qemu-system-riscv64', 'debian'),
]

# (row id, script, pattern on the TAP description or None for all, label)
ROWS = [
    ('boot', 'boot.sh', None, 'boot.sh: Linux boots with 1 and 4 vCPUs, '
     'poweroff'),
    ('reboot', 'reboot.sh', None, 'reboot.sh: a guest reboot reboots'),
    ('kvm-missing', 'kvm-missing.sh', None,
     'kvm-missing.sh: no usable /dev/kvm, clear error'),
    ('no-h', 'no-h.sh', None,
     'no-h.sh: host CPU without H (no KVM), clear error'),
    ('aia', 'aia.sh', None, 'aia.sh: in-kernel AIA, riscv-aia=auto/emul/'
     'hwaccel'),
    ('cpu-props', 'cpu-props.sh', None,
     'cpu-props.sh: extension the host lacks is refused'),
    ('cpu-model', 'cpu-model.sh', None,
     'cpu-model.sh: query-cpu-model-expansion of ``host``'),
    ('vector', 'vector.sh', None,
     'vector.sh: V on a host that denies it by default; vlen checked'),
    ('stopcont', 'stopcont.sh', None, 'stopcont.sh: guest time across '
     'stop/cont'),
    ('sbi-base', 'guest-riscv.sh', r'^sbi-base:',
     'guest-riscv.sh: sbi-base (probe; unknown SBI -> -2)'),
    ('dbcn', 'guest-riscv.sh', r'^dbcn:',
     'guest-riscv.sh: dbcn (buffers checked)'),
    ('csr-trap', 'guest-riscv.sh', r'^csr-trap:',
     'guest-riscv.sh: csr-trap (illegal-instruction trap)'),
    ('console-in', 'guest-riscv.sh', r'^(console-in|sbi-console)',
     'guest-riscv.sh: console-in (``sbi-console``, DBCN read)'),
    ('guest-other', 'guest-riscv.sh',
     r'^(timer|hsm-ipi|mmio|srst-reset|codegen|time-gap):',
     'guest-riscv.sh: timer, hsm-ipi, mmio, srst, codegen'),
    ('reg-sync', 'reg-sync.sh', None,
     'reg-sync.sh: MMIO and SBI exits sync no registers'),
    ('gdb', 'gdb.sh', None, 'gdb.sh: software breakpoint, pc, run on'),
    ('linux-guests', 'linux-guests.sh', r'vCPU',
     'linux-guests.sh: virtio-blk root, virtio-net, 1/2/4/8'),
    ('reboots', 'linux-guests.sh', r'(boot cycles|memory stays flat)',
     'linux-guests.sh: 20 reboots, QEMU\'s memory flat'),
    ('timebase', 'timebase.sh', None,
     'timebase.sh: another timer frequency refused'),
    ('snapshot', 'snapshot.sh', None,
     'snapshot.sh: savevm/loadvm, 2 vCPUs, in-kernel AIA'),
    ('migrate', 'migrate.sh', None,
     'migrate.sh: live migration, 2 vCPUs, in-kernel AIA'),
    ('power-key', 'power-key.sh', None,
     'power-key.sh: system_powerdown, the board\'s power button'),
    ('libvirt', 'libvirt.sh', r'^(?!power button:)',
     'libvirt.sh: libvirt domain verbs (less reboot, shutdown)'),
    ('libvirt-power', 'libvirt.sh', r'^power button:',
     'libvirt.sh: ``virsh reboot``, ``virsh shutdown``'),
]

# (row id, column): why that cell is what it is
NOTES = {
    ('cpu-props', 'base'): 'The base refuses ``zkr=on`` with "KVM does not '
    'support disabling extension zkr"; the series says the host does not '
    'offer it.',
    ('sbi-base', 'base'): 'The base stops the VM at an SBI call it does not '
    'implement; the guest never goes on.',
    ('dbcn', 'base'): 'The base accepts a DBCN buffer outside guest memory, '
    'and a huge length aborts QEMU ("failed to allocate '
    '18446744073709551615 bytes").',
    ('csr-trap', 'base'): 'The guest never gets the trap: it hangs at the '
    'instruction.',
    ('console-in', 'base'): 'The base has no ``sbi-console`` property: QEMU '
    'does not start.',
    ('reg-sync', 'base'): 'The base has no register-sync trace event to '
    'count.',
    ('gdb', 'base'): 'The vCPU stops at the breakpoint, but the base\'s host '
    'CPU model has no gdb core registers either (register 32, the pc, '
    'reads 1), and once the breakpoint is removed the guest does not run '
    'on: the stub reports signal 6 and the program never finishes.',
    ('linux-guests', 'base'): 'User-mode ``rdtime`` traps on vCPU 0: the '
    'base\'s reset zeroes ``scounteren``, which KVM sets for a new vCPU, so '
    'the guest\'s programs that read the time (``dd`` here) die of SIGILL '
    'on vCPU 0.',
    ('reboots', 'base'): 'In some runs the base\'s reboot cycle breaks down '
    'after a few boots and never reaches the 20th (the script\'s timeout '
    'ends it); in others it passes.  The cause was not investigated.',
    ('timebase', 'base'): 'The base does not carry the timer frequency in '
    'its stream.',
    ('snapshot', 'base'): 'With the in-kernel AIA the APLIC and IMSIC '
    'devices have no arrays for their vmstate: ``savevm`` and ``migrate`` '
    'abort QEMU on an assertion (the series creates its ``kvm-riscv-aia`` '
    'device instead of them); the base carries no in-kernel AIA state '
    'either.',
    ('migrate', 'base'): 'As for savevm/loadvm.',
    ('power-key', 'base'): 'The base\'s virt board has no power button (the '
    'series\' patch 0014 adds it): the guest finds no key, '
    '``system_powerdown`` changes nothing, and the script waits out each '
    'step until its time runs out.',
    ('libvirt-power', 'base'): '``virsh reboot`` and ``virsh shutdown`` '
    'send ``system_powerdown``, which the base\'s board gives no guest '
    '(as for power-key.sh).',
}
# notes that explain a cell that passes
NOTES_ON_PASS = {('cpu-props', 'base')}
# the base is the same source as Debian's binary: what the base's
# notes explain holds for Debian's binary where its cell fails the same way
SAME_AS_BASE = 'As for the base (the same QEMU 10.0.13, built by Debian).'


def tap_lines(output):
    """[(ok, description)] of a script's TAP output."""
    lines = []
    for ln in output:
        m = re.match(r'^(ok|not ok) \d+ - (.*)$', ln)
        if m:
            lines.append((m.group(1) == 'ok', m.group(2)))
    return lines


def testbed_scripts():
    """The test-bed scripts meson knows (suite "testbed")."""
    r = subprocess.run([check.MESON, 'introspect', '--tests', check.CHECKS],
                       stdout=subprocess.PIPE, text=True, check=True)
    return [t['name'] for t in json.loads(r.stdout)
            if any(s.split(':')[-1] == 'testbed' for s in t['suite'])]


def run_column(column, qemu, flavour, scripts):
    """{script: (result word, TAP lines)} of the scripts against one QEMU.

    What each script printed is kept in build/compare/COLUMN-SCRIPT.log,
    for the notes that explain a cell; its failed checks are printed."""
    print('== %s [%s, in the %s host unless a script names one]'
          % (column, qemu, flavour), flush=True)
    env = dict(os.environ, TB_QEMU=qemu, TESTBED=flavour)
    _, records = check.meson_test(check.CHECKS, scripts, 'compare-' + column,
                                  env=env)
    os.makedirs(LOGS, exist_ok=True)
    results = {}
    for t in records:
        script = check.short_name(t)
        out = (t.get('stdout') or '').splitlines()
        if t['result'] == 'TIMEOUT' or t.get('returncode') == 124:
            result = 'TIMEOUT'      # meson's timeout, or testbed/run.py's
        else:
            result = check.outcome(t)[0]
        with open(os.path.join(LOGS, '%s-%s.log' % (column, script)), 'w',
                  encoding='utf-8') as f:
            f.write('\n'.join(out + ['result: ' + result, '']))
        for ln in out:
            if ln.startswith('not ok'):
                print('    ' + ln, flush=True)
        results[script] = (result, tap_lines(out))
    return results


def cell(result, lines, pattern):
    if pattern is None and result != 'OK':
        # the whole script is the row: it must have ended well
        return 'timeout' if result == 'TIMEOUT' else 'fail'
    if pattern:
        lines = [(o, d) for o, d in lines if re.search(pattern, d)]
    if result == 'TIMEOUT' and all(o for o, _ in lines):
        return 'timeout'
    if lines and all(o for o, _ in lines):
        return 'pass'
    return 'fail'


def note_for(rid, column, word, cells):
    """The note that explains a cell, or None."""
    if word == 'not-run':
        return None
    note = NOTES.get((rid, column))
    if note is None and column == 'Debian' and word != 'pass' and \
            cells.get((rid, 'base')) == word and (rid, 'base') in NOTES:
        return SAME_AS_BASE
    if note and word == 'pass' and (rid, column) not in NOTES_ON_PASS:
        print('compare: %s/%s passes now; its note is dropped'
              % (rid, column), file=sys.stderr)
        return None
    return note


def table(cells):
    """The rST table and its notes, from {(row, column): word}."""
    cols = [c for c, _, _ in COLUMNS]
    label_w = max(len(r[3]) for r in ROWS)
    notes = []
    body = []
    for rid, _, _, label in ROWS:
        words = []
        for c in cols:
            w = cells.get((rid, c), 'not-run')
            note = note_for(rid, c, w, cells)
            if note:
                if note in notes:
                    n = notes.index(note) + 1
                else:
                    notes.append(note)
                    n = len(notes)
                w += ' [%d]_' % n
            words.append(w)
        body.append((label, words))
    widths = [label_w] + [max(len(c), max(len(b[1][i]) for b in body))
                          for i, c in enumerate(cols)]
    rule = '  '.join('=' * w for w in widths)

    def row(items):
        return '  '.join(s.ljust(w) for s, w in zip(items, widths)).rstrip()
    out = [rule, row(['test'] + cols), rule]
    out += [row([label] + words) for label, words in body]
    out += [rule, '']
    for i, n in enumerate(notes, 1):
        out += textwrap.wrap('.. [%d] %s' % (i, n), 76,
                             subsequent_indent='   ')
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--only', nargs='*', default=None)
    ap.add_argument('--print', action='store_true')
    ap.add_argument('--notes-only', action='store_true')
    args = ap.parse_args()
    if args.notes_only:
        # the page's cells as measured, with the notes as NOTES has them now
        return write_page(table(read_page_cells()), None)
    known = testbed_scripts()
    for name in args.only or []:
        if name not in known:
            ap.error('%s is not a test-bed script of series/meson.build (%s)'
                     % (name, ', '.join(known)))
    scripts = [s for s in known if (not args.only or s in args.only) and
               any(r[1] == s for r in ROWS)]
    if not scripts:
        # meson test with no names would run every test
        ap.error('no script to compare: %s has no row in ROWS'
                 % ', '.join(args.only))
    cells = {}
    for column, qemu, flavour in COLUMNS:
        results = run_column(column, qemu, flavour, scripts)
        for script in scripts:
            result, lines = results.get(script, (None, []))
            for rid, s, pattern, _ in ROWS:
                if s == script:
                    cells[(rid, column)] = (cell(result, lines, pattern)
                                            if result else 'not-run')
                    print('  %-14s %s' % (rid, cells[(rid, column)]),
                          flush=True)
    if args.only:
        # keep the page's other cells as they are
        cells = dict(list(read_page_cells().items()) + list(cells.items()))
    lines = table(cells)
    if args.print:
        print('\n'.join(lines))
        return 0
    when = datetime.date.today().isoformat()
    if args.only:
        head = 'Measured by ``make compare``; %s again on %s.' % (
            ', '.join(args.only), when)
    else:
        head = 'Measured by ``make compare`` on %s.' % when
    return write_page(lines, head)


def write_page(lines, head):
    """Put the table between the page's markers, under the line HEAD
    (None: the line the page has)."""
    with open(PAGE, encoding='utf-8') as f:
        page = f.read().split('\n')
    try:
        a, b = page.index(START), page.index(END)
    except ValueError:
        sys.exit('compare: %s has no %s / %s markers' % (PAGE, START, END))
    if head is None:
        old = [ln for ln in page[a + 1:b] if ln.startswith('Measured')]
        head = old[0] if old else 'Measured by ``make compare``.'
    page[a + 1:b] = ['', head, ''] + lines + ['']
    with open(PAGE, 'w', encoding='utf-8') as f:
        f.write('\n'.join(page))
    print('compare: wrote the table in %s' % os.path.relpath(PAGE, REPO))
    return 0


def read_page_cells():
    """{(row, column): word} of the table on the page now."""
    cols = [c for c, _, _ in COLUMNS]
    labels = {r[3]: r[0] for r in ROWS}
    cells = {}
    with open(PAGE, encoding='utf-8') as f:
        page = f.read().split('\n')
    if START not in page or END not in page:
        return cells
    for ln in page[page.index(START):page.index(END)]:
        for label, rid in labels.items():
            if ln.startswith(label + ' '):
                words = re.sub(r'\[\d+\]_', '', ln[len(label):]).split()
                for c, w in zip(cols, words):
                    cells[(rid, c)] = w
    return cells


if __name__ == '__main__':
    sys.exit(main())
