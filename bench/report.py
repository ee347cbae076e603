#!/usr/bin/python3
"""Turn bench/results.json into bench/performance.md and its plot.

The page has a table of every ratio with its goal, the medians it came
from, and a plot of the ratios.  Where a goal is missed the page says so,
with the explanation from bench/notes.json (keyed like the ratios) when
there is one.  Run by `make bench` after bench/run.py.
"""

import json
import os
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
RESULTS = os.path.join(BENCH, 'results.json')
NOTES = os.path.join(BENCH, 'notes.json')
PAGE = os.path.join(REPO, 'bench', 'performance.md')
PLOT = os.path.join(REPO, 'bench', 'performance.png')

# what the issue asks for that bench/ does not measure yet
NOT_YET = []


def paired_text(p):
    """The spread of per-run ratios, for the table's last column."""
    if not p:
        return ''
    return ('; run by run %.2f to %.2f, %d of %d above 1'
            % (p['min'], p['max'], p['above_1'], p['of']))


def medians_text(a, b, paired):
    """The medians of two sides and their run-by-run spread."""
    return 'medians %.2f s / %.2f s%s' % (a, b, paired_text(paired))


def rows(results):
    """(key, label, ratio, goal, detail) for every ratio measured."""
    out = []
    b = results.get('benchmarks', {})
    boot = b.get('boot')
    if boot:
        for smp, r in sorted(boot['by_vcpus'].items(),
                             key=lambda kv: int(kv[0])):
            med = r['median']
            goal = 0.95 if smp in ('1', '4') else None
            out.append(('boot-%s' % smp,
                        'nested Linux boot, %s vCPU%s: ours / anchor'
                        % (smp, '' if smp == '1' else 's'),
                        r['ours / anchor'], goal,
                        medians_text(med['ours'], med['anchor'],
                                     r.get('paired ours / anchor'))))
    start = boot and boot.get('start')
    if start and start.get('ours / anchor'):
        med = start['median']
        out.append(('boot-start',
                    'QEMU start and exit, bare guest, 1 vCPU: ours / anchor',
                    start['ours / anchor'], None,
                    medians_text(med['ours'], med['anchor'],
                                 start.get('paired ours / anchor'))))
    kvm_only = b.get('kvm-only')
    if kvm_only:
        size = kvm_only['bytes']
        out.append(('kvm-only-size',
                    'KVM-only build\'s size: kvm / tcg-kvm',
                    kvm_only['kvm / tcg-kvm, size'], None,
                    '%.1f MiB / %.1f MiB (static, stripped)'
                    % (size['kvm'] / 2**20, size['tcg-kvm'] / 2**20)))
        for kind, label in (('start', 'QEMU start and exit, bare guest'),
                            ('boot', 'nested Linux boot, 1 vCPU')):
            r = kvm_only[kind]
            med = r['median']
            out.append(('kvm-only-' + kind,
                        '%s, KVM-only build: kvm / tcg-kvm' % label,
                        r['kvm / tcg-kvm'], None,
                        medians_text(med['kvm'], med['tcg-kvm'],
                                     r.get('paired kvm / tcg-kvm'))))
    onereg = b.get('onereg')
    if onereg:
        med = onereg['median']
        for vmm in ('ours', 'anchor'):
            if vmm not in med:
                continue
            out.append(('onereg-exit-' + vmm,
                        'ONE_REG ioctls per ordinary exit, %s' % vmm,
                        med[vmm]['per_exit'],
                        0.0 if vmm == 'ours' else None,
                        'per stop/cont %.1f, per migration %d'
                        % (med[vmm]['per_stop_cont'],
                           med[vmm]['per_migration'])))
        for vmm in ('ours', 'anchor', 'loop'):
            other = med.get(vmm, {}).get('other_syscalls_per_exit')
            if other is None:
                continue
            out.append(('onereg-sys-' + vmm,
                        'system calls besides KVM_RUN per ordinary exit, %s'
                        % ('kvm-loop' if vmm == 'loop' else vmm),
                        other, None, 'a count, not a ratio'))
    exits = b.get('exits')
    if exits:
        names = {'mmio': 'MMIO read of a QEMU device',
                 'dbcn': 'SBI DBCN write_byte'}
        for kind, r in sorted(exits['by_kind'].items()):
            med = r['median']
            for other, goal in (('anchor', 1.0), ('loop', 1.5)):
                if r.get('ours / ' + other) is None:
                    continue
                out.append(('exits-%s-%s' % (kind, other),
                            'exit round trip, %s: ours / %s'
                            % (names.get(kind, kind),
                               'anchor' if other == 'anchor' else
                               'kvm-loop (floor)'),
                            r['ours / ' + other], goal,
                            'medians %.1f / %.1f timer ticks%s'
                            % (med['ours'], med[other],
                               paired_text(r.get('paired ours / ' + other)))))
    xo = b.get('xo-tcg')
    if xo:
        med = xo['median']
        for key, label, num in (
                ('xo-plain', 'x86 TCG workload, +xo, ordinary mappings / '
                 'no xo', 'xo-plain'),
                ('xo-execonly', 'x86 TCG workload, +xo, execute-only code '
                 'mappings / no xo', 'xo-execonly')):
            out.append((key, label, xo['ratios']['%s / no-xo' % num], 1.02,
                        medians_text(med[num], med['no-xo'],
                                     xo.get('paired', {}).get(num))))
    xl = b.get('xo-linux')
    if xl:
        med = xl['median']
        for w, label in (('exec', 'XO Linux guest, exec-heavy'),
                         ('compute', 'XO Linux guest, compute-heavy')):
            out.append(('xo-linux-' + w, '%s: code execute-only / readable'
                        % label, xl['ratios']['%s: xo / no-xo' % w], 1.02,
                        medians_text(med[w + ' xo'], med[w + ' no-xo'],
                                     xl.get('paired', {}).get(w))))
    costs = b.get('costs')
    if costs:
        cold = costs['cold_median']
        warm = costs['warm_median']
        out.append(('costs-cross',
                    'test bed: cold cross build of QEMU, ours / anchor',
                    costs['ratios']['ours / anchor, cold cross build'], None,
                    'medians %.0f s / %.0f s' % (cold['qemu-ours'],
                                                 cold['qemu-anchor'])))
        out.append(('costs-warm',
                    'test bed, warm: host and nested guest / host alone',
                    costs['ratios']['host+guest / host, warm'], None,
                    'medians %.1f s / %.1f s' % (warm['host+guest'],
                                                 warm['host'])))
    return out


def costs_section(costs, cpus):
    """The test bed's own costs: absolute, since nothing is their anchor."""
    names = [('kernel', 'Linux 6.12 Image (host and guest kernel)'),
             ('userland', 'riscv64 userland: zlib, pcre2, libffi, glib, '
              'libfdt, busybox (sources from Debian)'),
             ('qemu-ours', 'our qemu-system-riscv64, cross, static'),
             ('qemu-anchor', 'the anchor qemu-system-riscv64, cross, static')]
    lines = ['## Test-bed costs', '',
             'Absolute times on this machine, %s cores.  Cold builds start from '
             'empty caches (no series cache, no ccache), Debian downloads '
             'included, and ran %s: a cold kernel build takes minutes on 2 '
             'cores, so `make bench` does not repeat it five times '
             '(`bench/run.py --cold-runs N` does).  Later builds reuse the '
             'caches: a warm `make` rebuilds only what changed.'
             % (cpus, 'once each' if costs['cold_runs'] == 1 else
                '%d times each (medians)' % costs['cold_runs']),
             '', '| Part | Cold build |', '| --- | --- |']
    total = 0
    for key, label in names:
        t = costs['cold_median'].get(key)
        if t is None:
            continue
        total += t
        lines.append('| %s | %.1f min |' % (label, t / 60))
    lines.append('| all four, one after another | %.1f min |' % (total / 60))
    warm = costs['warm_median']
    lines += ['', '| Warm test bed, median of %d | Wall time |'
              % len(costs['warm_seconds']['host']), '| --- | --- |',
              '| host boots, runs `true`, powers off | %.1f s |'
              % warm['host'],
              '| host boots, a 1-vCPU nested guest boots to init and powers '
              'off, the host powers off | %.1f s |' % warm['host+guest'],
              '']
    return lines


def plot(table):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    # counts (ONE_REG per exit) and the test bed's boot against its host
    # alone (a factor, not a comparison) are in the table, not the plot
    table = [r for r in table
             if not r[0].startswith('onereg-') and r[0] != 'costs-warm']
    labels = [r[1] for r in table][::-1]
    values = [r[2] for r in table][::-1]
    goals = [r[3] for r in table][::-1]
    colours = ['#8a8a8a' if g is None else
               '#2a9d3a' if v <= g else '#d1495b'
               for v, g in zip(values, goals)]
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(table) + 1.4))
    ax.barh(range(len(values)), values, color=colours)
    for i, (v, g) in enumerate(zip(values, goals)):
        ax.text(max(v, g or 0) + 0.02, i, '%.3f' % v, va='center',
                fontsize=9)
        if g is not None:
            ax.plot([g, g], [i - 0.4, i + 0.4], color='black', lw=2)
    ax.axvline(1.0, color='grey', ls='--', lw=1)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=9)
    ax.set_xlabel('ratio, lower is faster')
    ax.set_title('black mark: goal; green: goal met, red: missed, '
                 'grey: no goal',
                 fontsize=9)
    ax.set_xlim(0, max(values + [1.1]) * 1.15)
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)


def main():
    try:
        with open(RESULTS, encoding='utf-8') as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        print('report: no results (%s); run bench/run.py first' % e,
              file=sys.stderr)
        return 1
    try:
        with open(NOTES, encoding='utf-8') as f:
            notes = json.load(f)
    except OSError:
        notes = {}
    table = rows(results)
    if not table:
        print('report: results.json has no ratios', file=sys.stderr)
        return 1
    plot(table)
    machine = results.get('machine', {})
    lines = [
        '# Performance',
        '',
        'Every number here is a ratio taken in one run of `make bench` '
        '(bench/run.py, then bench/report.py): ours against the anchor '
        '(the base\'s implementation), interleaved on the same test bed, or '
        'a feature against its absence on the same QEMU.  Each side is the '
        'median of the runs shown.  Absolute times are only there to show '
        'where the ratios come from; the test bed is a RISC-V host emulated '
        'by TCG, so they say nothing about real hardware.',
        '',
        'Machine: %s CPUs, kernel %s.' % (machine.get('cpus', '?'),
                                          machine.get('kernel', '?')),
        '',
        '![ratios](performance.png)',
        '',
        '| Measure | Value | Goal | Met | From |',
        '| --- | --- | --- | --- | --- |',
    ]
    missed = []
    for key, label, value, goal, detail in table:
        met = '' if goal is None else ('yes' if value <= goal else '**no**')
        if goal is not None and value > goal:
            missed.append((key, label, value, goal))
        lines.append('| %s | %.3f | %s | %s | %s |'
                     % (label, value, '' if goal is None else
                        '<= %.2f' % goal, met, detail))
    lines.append('')
    for name, b in sorted(results.get('benchmarks', {}).items()):
        lines.append('- `%s`: %s; %d runs each, measured %s.'
                     % (name, b['what'], b['runs'], b['measured']))
    if 'onereg' in results.get('benchmarks', {}):
        lines.append('')
        lines.append('ONE_REG calls and system calls per exit are (calls in '
                     'a run of exit-count3 less calls in a run of '
                     'exit-count1) / 2000: the two guests differ only in '
                     'their 2000 more exits.  A value a little below zero is '
                     'noise in QEMU\'s start-up, that is, none per exit.')
    lines.append('')
    lines.append('## Goals missed')
    lines.append('')
    if not missed:
        lines.append('None of the goals measured so far.')
    for key, label, value, goal in missed:
        lines.append('- %s: %.3f against a goal of %.2f.  %s'
                     % (label, value, goal,
                        notes.get(key, 'Not explained yet.')))
    lines.append('')
    met = [(key, label) for key, label, value, goal, _ in table
           if goal is not None and value <= goal and key in notes]
    if met:
        lines.append('## Where the goals met come from')
        lines.append('')
        for key, label in met:
            lines.append('- %s.  %s' % (label, notes[key]))
        lines.append('')
    if 'costs' in results.get('benchmarks', {}):
        lines += costs_section(results['benchmarks']['costs'],
                               machine.get('cpus', '?'))
    if NOT_YET:
        lines.append('## Not measured yet')
        lines.append('')
        for what in NOT_YET:
            lines.append('- ' + what)
        lines.append('')
    with open(PAGE, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))
    print('report: wrote %s and %s' % (os.path.relpath(PAGE, REPO),
                                      os.path.relpath(PLOT, REPO)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
