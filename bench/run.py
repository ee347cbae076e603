#!/usr/bin/python3
"""Run the series' benchmarks and write bench/results.json.

Every number is a ratio taken in one run: ours against the anchor (the
base's implementation) interleaved on the same test bed, or a feature
against its absence on the same QEMU.  Each measurement is the median of
--runs runs (at least 5).  `make bench` runs this and then bench/report.py,
which turns the JSON into bench/performance.md and its plot.

Usage: bench/run.py [--runs N] [--only NAME,...] [--cold-runs N]
Benchmarks: xo-tcg (x86 execute-only memory under TCG), xo-linux (a
Linux guest's programs with execute-only code, under TCG), boot (nested
Linux boot, 1/2/4/8 vCPUs, ours and anchor, in the test bed), exits
(exit round trips timed by a bare-metal guest: ours, anchor, kvm-loop),
onereg (ONE_REG ioctls per exit, stop/cont and migration), costs (the
test bed's own costs: a cold build of each part, once, and a warm nested
boot), kvm-only (the KVM-only build's size, start and boot against the
TCG+KVM build).  Results of benchmarks not run are kept from the previous file.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
RESULTS = os.path.join(BENCH, 'results.json')
QEMU_X86 = os.path.join(REPO, 'build', 'qemu-system-x86_64')
# the x86 guests as QEMU's build makes them (tests/guest/x86/meson.build)
GUESTS_X86 = os.path.join(REPO, 'build', 'qemu', 'tests', 'guest', 'x86')
# the XO Linux guest (tests/guest/x86/linux/build.sh, make guest-x86-linux)
LINUX_X86 = os.path.join(REPO, 'build', 'guest-x86-linux')


def log(msg):
    print('bench: ' + msg, flush=True)


def median(values):
    return statistics.median(values) if values else None


def ratio(a, b):
    return round(a / b, 4) if a and b else None


def bench_xo_tcg(runs):
    """The same TCG workload without xo, with xo on ordinary mappings,
    and with xo on execute-only mappings; wall time of the whole QEMU."""
    iters = 80000
    cases = [
        ('no-xo', 'max', 0),
        ('xo-plain', 'max,+xo', 0),
        ('xo-execonly', 'max,+xo', 1),
    ]
    times = {name: [] for name, _, _ in cases}
    for i in range(runs):
        # rotate the order, so that no case always runs first
        for name, cpu, xo in cases[i % 3:] + cases[:i % 3]:
            cmd = [QEMU_X86, '-accel', 'tcg', '-cpu', cpu, '-M', 'q35',
                   '-m', '128M', '-display', 'none', '-nodefaults',
                   '-serial', 'stdio',
                   '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
                   '-kernel', os.path.join(GUESTS_X86, 'xo-work.bin'),
                   '-append', 'iters=%d xo=%d' % (iters, xo)]
            t0 = time.monotonic()
            r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
            t = time.monotonic() - t0
            if r.returncode != 1 or 'not ok' in r.stdout:
                raise RuntimeError('xo-work failed (%s): %s' % (name,
                                                                r.stdout))
            times[name].append(round(t, 3))
            log('xo-tcg %s run %d: %.2f s' % (name, i + 1, t))
    med = {name: median(v) for name, v in times.items()}
    return {
        'what': 'x86 TCG guest: %d rounds of 256 calls and 256 reads, TLB '
                'flushed each round; wall time of QEMU' % iters,
        'seconds': times,
        'median': med,
        'ratios': {
            'xo-plain / no-xo': ratio(med['xo-plain'], med['no-xo']),
            'xo-execonly / no-xo': ratio(med['xo-execonly'], med['no-xo']),
        },
        'paired': {
            name: paired(dict(enumerate(times[name])),
                         dict(enumerate(times['no-xo'])))
            for name in ('xo-plain', 'xo-execonly')
        },
        'goal': {'max': 1.02},
    }


# what the guest kernel logs when PROT_EXEC-only memory uses the XO bit
XO_IN_USE = 'x86/xo: PROT_EXEC-only user memory is execute-only'


def bench_xo_linux(runs):
    """A Linux guest's programs with their code execute-only (the series'
    guest kernel patch, xo=on) against the same programs readable
    (xo=off): same kernel, same -cpu, interleaved; the guest times each
    workload itself (tests/guest/x86/linux/xo-bench.c)."""
    workloads = [('exec', 4000), ('compute', 15)]
    cases = [('xo', 'xo=on'), ('no-xo', 'xo=off')]
    secs = {'%s %s' % (w, c): [] for w, _ in workloads for c, _ in cases}
    pat = re.compile(r'# bench (\w+) n=\d+ seconds=([\d.]+) ok=(\d)')
    for i in range(runs):
        for w, n in workloads:
            # alternate which case runs first
            for c, param in cases[i % 2:] + cases[:i % 2]:
                cmd = [QEMU_X86, '-accel', 'tcg', '-cpu', 'max,+xo,-pku',
                       '-M', 'q35', '-m', '1G', '-display', 'none',
                       '-nodefaults', '-serial', 'stdio', '-no-reboot',
                       '-kernel', os.path.join(LINUX_X86, 'bzImage'),
                       '-initrd', os.path.join(LINUX_X86, 'initramfs.cpio'),
                       '-append', 'console=ttyS0 quiet panic=-1 rdinit=/bench '
                       '%s bench=%s n=%d' % (param, w, n)]
                r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True,
                                   errors='replace', timeout=600)
                m = pat.search(r.stdout)
                if r.returncode != 0 or not m or m.group(3) != '1':
                    raise RuntimeError('xo-bench failed (%s, %s): %s'
                                       % (w, c, r.stdout))
                if (XO_IN_USE in r.stdout) != (c == 'xo'):
                    raise RuntimeError('xo-bench (%s, %s): the kernel %s '
                                       'the XO bit: %s' %
                                       (w, c, 'uses' if c != 'xo' else
                                        'does not use', r.stdout))
                key = '%s %s' % (w, c)
                secs[key].append(float(m.group(2)))
                log('xo-linux %s run %d: %s s' % (key, i + 1, m.group(2)))
    med = {k: median(v) for k, v in secs.items()}
    return {
        'what': 'x86 TCG, the XO Linux guest (-cpu max,+xo,-pku): fork and '
                'exec of a program with an execute-only text segment 4000 '
                'times (exec), and 15 runs of one calling 64 functions in '
                '64 execute-only pages 200000 times over (compute), as the '
                'guest times them; xo=on against xo=off, same kernel',
        'seconds': secs,
        'median': med,
        'ratios': {'%s: xo / no-xo' % w: ratio(med['%s xo' % w],
                                              med['%s no-xo' % w])
                   for w, _ in workloads},
        'paired': {w: paired(dict(enumerate(secs['%s xo' % w])),
                             dict(enumerate(secs['%s no-xo' % w])))
                   for w, _ in workloads},
        'goal': {'max': 1.02},
    }


def bench_boot(runs):
    """Nested Linux boot to init and power-off, ours and the anchor."""
    stdout = testbed('boot.sh', runs, 7200)
    runs_seen = {}
    pat = re.compile(r'BENCH boot smp=(\d+) qemu=(\w+) run=(\d+) '
                     r'seconds=([\d.]+) ok=(\d)')
    for line in stdout.splitlines():
        m = pat.search(line)
        if not m:
            continue
        log(line.strip())
        smp, qemu, run, secs, good = m.groups()
        if good != '1':
            raise RuntimeError('boot failed: ' + line)
        runs_seen.setdefault(smp, {}).setdefault(qemu, {})[int(run)] = \
            float(secs)
    if not runs_seen:
        raise RuntimeError('no boot timings:\n' + stdout[-3000:])
    start = timings(stdout, 'start')
    start_seconds, start_med = by_run(start)
    out = {}
    for smp, by in sorted(runs_seen.items(), key=lambda kv: int(kv[0])):
        seconds, med = by_run(by)
        out[smp] = {'seconds': seconds, 'median': med,
                    'ours / anchor': ratio(med.get('ours'),
                                           med.get('anchor')),
                    'paired ours / anchor': paired(by.get('ours', {}),
                                                   by.get('anchor', {}))}
    return {
        'what': 'nested Linux guest (the test bed\'s Image and initramfs) '
                'under KVM in the test-bed host, from QEMU\'s start to its '
                'exit after the guest\'s poweroff',
        'by_vcpus': out,
        'start': {
            'what': 'QEMU with a bare-metal guest that makes 1000 exits '
                    'and powers off (exit-count1, 1 vCPU): the VMM\'s own '
                    'start and exit',
            'seconds': start_seconds,
            'median': start_med,
            'ours / anchor': ratio(start_med.get('ours'),
                                   start_med.get('anchor')),
            'paired ours / anchor': paired(start.get('ours', {}),
                                           start.get('anchor', {})),
        },
        'goal': {'ours / anchor, 1 and 4 vCPUs': 0.95},
    }


def bench_kvm_only(runs):
    """Our QEMU built KVM only (--disable-tcg) against the TCG+KVM build:
    binary size, start and exit with a bare guest, a nested Linux boot."""
    stdout = testbed('kvm-only.sh', runs, 3600)
    size = {}
    for m in re.finditer(r'BENCH size qemu=([\w-]+) bytes=(\d+)', stdout):
        size[m.group(1)] = int(m.group(2))
    if set(size) != {'tcg-kvm', 'kvm'}:
        raise RuntimeError('no binary sizes:\n' + stdout[-3000:])
    out = {
        'what': 'the series built KVM only (qemu-system-riscv64-kvm, '
                '--disable-tcg) against the same series with TCG and KVM, '
                'both static and stripped, in the test-bed host',
        'bytes': size,
        'kvm / tcg-kvm, size': ratio(size['kvm'], size['tcg-kvm']),
    }
    for kind, what in (('start', 'QEMU with a bare-metal guest that makes '
                        '1000 exits and powers off (exit-count1, 1 vCPU)'),
                       ('boot', 'nested Linux guest, 1 vCPU, from QEMU\'s '
                        'start to its exit after the guest\'s poweroff')):
        by = timings(stdout, kind, echo=True)
        if set(by) != {'tcg-kvm', 'kvm'}:
            raise RuntimeError('no %s timings:\n%s' % (kind, stdout[-3000:]))
        seconds, med = by_run(by)
        out[kind] = {'what': what, 'seconds': seconds, 'median': med,
                     'kvm / tcg-kvm': ratio(med['kvm'], med['tcg-kvm']),
                     'paired kvm / tcg-kvm': paired(by['kvm'],
                                                    by['tcg-kvm'])}
    return out


def timings(stdout, kind, echo=False):
    """The lines 'BENCH KIND [smp=1 ]qemu=SIDE run=I seconds=S ok=0|1' of
    bench/testbed/lib.sh: side -> run -> seconds; a failed run raises."""
    by = {}
    for m in re.finditer(r'BENCH %s (?:smp=1 )?qemu=([\w-]+) run=(\d+) '
                         r'seconds=([\d.]+) ok=(\d)' % kind, stdout):
        qemu, run, secs, good = m.groups()
        if echo:
            log(m.group(0))
        if good != '1':
            raise RuntimeError('%s failed: %s' % (kind, m.group(0)))
        by.setdefault(qemu, {})[int(run)] = float(secs)
    return by


def testbed(script, runs, timeout):
    """Run bench/testbed/SCRIPT in the test-bed host; return its output."""
    cmd = [os.path.join(REPO, 'testbed', 'run.py'), '--timeout', str(timeout),
           '--extra', os.path.join(BENCH, 'testbed'), '--',
           'env', 'RUNS=%d' % runs, 'sh', '/extra/' + script]
    log('%s: in the test bed (this takes a while)' % script)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors='replace')
    if r.returncode != 0:
        raise RuntimeError('the test bed run failed (%d):\n%s'
                           % (r.returncode, r.stdout[-3000:]))
    return r.stdout


def by_run(by):
    """by: side -> run -> value.  Each side's values in run order, and
    each side's median."""
    return ({side: [v[i] for i in sorted(v)] for side, v in by.items()},
            {side: median(list(v.values())) for side, v in by.items()})


def paired(a, b):
    """Per-run ratios a[i] / b[i] for the runs both sides have (dicts
    keyed by run), and how many of them are above 1."""
    r = sorted(round(a[i] / b[i], 4) for i in a if i in b and b[i])
    return {'min': r[0], 'max': r[-1], 'above_1': sum(x > 1 for x in r),
            'of': len(r)} if r else None


def bench_exits(runs):
    """Exit round trips timed by the guest: ours, anchor, kvm-loop.  A
    run takes seconds, so this one runs three times as often."""
    runs *= 3
    out = testbed('exits.sh', runs, 3600)
    pat = re.compile(r'BENCH exits vmm=(\w+) run=(\d+) kind=(\w+) '
                     r'n=0x([0-9a-f]+) ticks=0x([0-9a-f]+) '
                     r'min=0x([0-9a-f]+) max=0x([0-9a-f]+)')
    failed = sorted(set(re.findall(r'BENCH exits vmm=(\w+) run=\d+ failed',
                                   out)))
    ticks = {}      # kind -> vmm -> run -> ticks per exit
    spread = {}
    for m in pat.finditer(out):
        vmm, run, kind, n, t, lo, hi = m.groups()
        n = int(n, 16)
        ticks.setdefault(kind, {}).setdefault(vmm, {})[int(run)] = \
            round(int(t, 16) / n, 2)
        spread.setdefault(kind, {}).setdefault(vmm, []).append(
            [round(int(lo, 16) / n, 2), round(int(hi, 16) / n, 2)])
    if not ticks:
        raise RuntimeError('no exit timings:\n' + out[-3000:])
    result = {}
    for kind, by in sorted(ticks.items()):
        per_run, med = by_run(by)
        result[kind] = {
            'ticks_per_exit': per_run, 'median': med,
            'batch_min_max': spread[kind],
            'ours / anchor': ratio(med.get('ours'), med.get('anchor')),
            'ours / loop': ratio(med.get('ours'), med.get('loop')),
            'paired ours / anchor': paired(by.get('ours', {}),
                                           by.get('anchor', {})),
        }
        log('exits %s: medians %s' % (kind, med))
    return {
        'what': 'a bare-metal guest times 33 batches of 500 MMIO reads of '
                'a QEMU device and 33 batches of 500 SBI DBCN write_byte '
                'calls with rdtime; a run\'s figure is its median batch, in '
                'timer ticks per exit; kvm-loop is bench/tools/kvm-loop.c, '
                'a KVM_RUN loop with no device model; ours, the anchor and '
                'kvm-loop take turns in each run',
        'by_kind': result,
        'runs': runs,
        'guest_checks_failed_under': failed,
        'goal': {'ours / anchor': 1.0, 'ours / loop': 1.5},
    }


def bench_onereg(runs):
    """ONE_REG ioctls per exit, per stop/cont, per migration."""
    out = testbed('onereg.sh', runs, 7200)
    pat = re.compile(r'BENCH onereg vmm=(\w+) run=\d+ exits=([\d.-]+) '
                     r'stopcont=([\d.-]+) migration=([\d-]+) '
                     r'other=([\d.-]+)')
    counts = {}
    for m in pat.finditer(out):
        vmm, exits, sc, mig, other = m.groups()
        c = counts.setdefault(vmm, {'per_exit': [], 'per_stop_cont': [],
                                    'per_migration': [],
                                    'other_syscalls_per_exit': []})
        c['per_exit'].append(float(exits))
        c['per_stop_cont'].append(float(sc))
        c['per_migration'].append(int(mig))
        c['other_syscalls_per_exit'].append(float(other))
    for m in re.finditer(r'BENCH onereg vmm=loop run=\d+ other=([\d.-]+)',
                         out):
        counts.setdefault('loop', {'other_syscalls_per_exit': []})[
            'other_syscalls_per_exit'].append(float(m.group(1)))
    if not counts:
        raise RuntimeError('no ONE_REG counts:\n' + out[-3000:])
    med = {vmm: {k: median(v) for k, v in c.items()}
           for vmm, c in counts.items()}
    log('onereg: medians %s' % med)
    return {
        'what': 'KVM_GET_ONE_REG + KVM_SET_ONE_REG ioctls, counted with '
                'ptrace (bench/tools/onereg-count.c): per ordinary exit '
                '(2000 MMIO and SBI exits), per stop/cont pair, per '
                'migration to a file, 1 vCPU; and system calls other than '
                'KVM_RUN per ordinary exit, also for kvm-loop',
        'counts': counts,
        'median': med,
        'goal': {'ours per exit': 0},
    }


def cold_build(scratch, what, cmd):
    """Time one test-bed build script with empty caches: no series cache
    (SERIES_CACHE points at SCRATCH) and no ccache.  Returns (seconds,
    the script's stdout: the path it built)."""
    env = dict(os.environ, SERIES_CACHE=scratch, CCACHE_DISABLE='1',
               TB_OURS_BUILD=os.path.join(scratch, 'riscv64-host'))
    log('costs: cold build of %s' % what)
    t0 = time.monotonic()
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
    t = time.monotonic() - t0
    if r.returncode != 0:
        raise RuntimeError('the cold build of %s failed' % what)
    log('costs: %s built in %.0f s' % (what, t))
    return round(t, 1), r.stdout.strip().splitlines()[-1]


def bench_costs(runs, cold_runs=1):
    """The test bed's own costs: each part built cold, and a warm boot."""
    tb = os.path.join(REPO, 'testbed')
    scratch = os.path.join(os.path.expanduser('~'), '.cache',
                           'qemu-kvm-series-bench-cold')
    cold = {}
    for i in range(cold_runs):
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch)
        try:
            t, _ = cold_build(scratch, 'the kernel',
                              [os.path.join(tb, 'build-kernel.sh')])
            cold.setdefault('kernel', []).append(t)
            t, sysroot = cold_build(scratch, 'the riscv64 userland',
                                    [os.path.join(tb, 'build-userland.sh')])
            cold.setdefault('userland', []).append(t)
            # alternate which QEMU goes first
            order = ['ours', 'anchor'] if i % 2 == 0 else ['anchor', 'ours']
            for q in order:
                t, _ = cold_build(scratch, 'QEMU (%s, cross)' % q,
                                  [os.path.join(tb, 'build-qemu.sh'), q,
                                   sysroot])
                cold.setdefault('qemu-' + q, []).append(t)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    # warm: everything built; the host alone, then host and nested guest
    cases = [
        ('host', ['true']),
        ('host+guest', ['env', 'SMP=1', 'ACTION=poweroff', 'tb-guest']),
    ]
    warm = {name: [] for name, _ in cases}
    for i in range(runs):
        for name, cmd in cases[i % 2:] + cases[:i % 2]:
            t0 = time.monotonic()
            r = subprocess.run([os.path.join(tb, 'run.py'), '--timeout',
                                '600', '--'] + cmd,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            t = time.monotonic() - t0
            if r.returncode != 0:
                raise RuntimeError('warm boot (%s) failed: exit %d'
                                   % (name, r.returncode))
            warm[name].append(round(t, 2))
            log('costs: warm %s run %d: %.1f s' % (name, i + 1, t))
    cold_med = {k: median(v) for k, v in cold.items()}
    warm_med = {k: median(v) for k, v in warm.items()}
    return {
        'what': 'on this machine (%d cores): each test-bed part built from '
                'its sources with empty caches (no ccache), Debian '
                'downloads included; and the warm test bed, from '
                'testbed/run.py\'s start to its end: the host booting and '
                'powering off, and the host with a 1-vCPU nested guest '
                'booting to init and powering off' % os.cpu_count(),
        'cold_runs': cold_runs,
        'cold_build_seconds': cold,
        'cold_median': cold_med,
        'warm_seconds': warm,
        'warm_median': warm_med,
        'ratios': {
            'ours / anchor, cold cross build':
                ratio(cold_med.get('qemu-ours'), cold_med.get('qemu-anchor')),
            'host+guest / host, warm':
                ratio(warm_med['host+guest'], warm_med['host']),
        },
    }


BENCHMARKS = {
    'xo-tcg': bench_xo_tcg,
    'xo-linux': bench_xo_linux,
    'boot': bench_boot,
    'exits': bench_exits,
    'onereg': bench_onereg,
    'costs': bench_costs,
    'kvm-only': bench_kvm_only,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--only', default=','.join(BENCHMARKS))
    ap.add_argument('--cold-runs', type=int, default=1,
                    help='cold builds of each test-bed part (costs)')
    args = ap.parse_args()
    if args.runs < 5:
        ap.error('--runs: at least 5 (the numbers are medians)')
    if args.cold_runs < 1:
        ap.error('--cold-runs: at least 1')
    names = args.only.split(',')
    for n in names:
        if n not in BENCHMARKS:
            ap.error('unknown benchmark %s (known: %s)'
                     % (n, ', '.join(BENCHMARKS)))
    try:
        with open(RESULTS, encoding='utf-8') as f:
            results = json.load(f)
    except (OSError, ValueError):
        results = {}
    results.setdefault('benchmarks', {})
    for n in names:
        log('running %s, %d runs each' % (n, args.runs))
        try:
            if n == 'costs':
                results['benchmarks'][n] = bench_costs(args.runs,
                                                       args.cold_runs)
            else:
                results['benchmarks'][n] = BENCHMARKS[n](args.runs)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            log('%s failed: %s' % (n, e))
            return 1
        results['benchmarks'][n]['measured'] = \
            datetime.datetime.now(datetime.timezone.utc).strftime(
                '%Y-%m-%d %H:%M UTC')
        results['benchmarks'][n].setdefault('runs', args.runs)
        results['machine'] = {'cpus': os.cpu_count(),
                              'kernel': platform.release(),
                              'cpu': platform.processor() or
                              platform.machine()}
        with open(RESULTS, 'w', encoding='utf-8') as f:
            json.dump(results, f, indent=1, sort_keys=True)
            f.write('\n')
    log('wrote %s' % os.path.relpath(RESULTS, REPO))
    return 0


if __name__ == '__main__':
    sys.exit(main())
