#!/usr/bin/python3
"""Run a command inside the test bed's RISC-V host, or a shell there.

The host is Debian's qemu-system-riscv64 (TCG, H extension, in-kernel-
capable AIA) booting the test bed's kernel and initramfs.  Two directories
are shared with it over virtio-9p: the parts (build/testbed/share, read-
only, mounted at /tb) and a fresh job directory (mounted at /job) that
holds the command and receives its output and exit status.  The exit
status comes from the job directory, never from console text; a run that
does not finish in time is killed and fails.

Usage:
    testbed/run.py [options] -- COMMAND [ARG...]   run COMMAND in the host
    testbed/run.py [options] --shell               interactive host shell
    testbed/run.py [options] --tty -- COMMAND      run COMMAND on the host's
                                                   console, attached to this
                                                   terminal

Options:
    --flavour F     the host: "busybox" (default: the test bed's kernel and
                    a busybox initramfs) or "debian" (Debian's kernel,
                    libvirt, Debian's QEMU, python3, gdb; make
                    testbed-debian); the TESTBED variable sets the default
    --timeout S     kill the host after S seconds (default 300)
    --console       show the host's console while it runs
    --smp N         host harts (default 2)
    --mem SIZE      host memory (default 2G, 3G for the Debian host)
    --keep          keep the job directory (its path is printed)
    --host-cpu CPU  the host's -cpu (default rv64,h=true,sscofpmf=true,
                    ssnpm=true,smnpm=true)
    --host-linux NAME
                    boot the host on another of the test bed's kernels
                    (testbed/host-kernels/list: 6.1, 7.2; make testbed-
                    hosts builds them), with that line's host machine;
                    with --flavour debian, Debian's userland on it (7.2
                    has the Debian host's modules built in)
    --host-kernel IMAGE
                    boot the host on this kernel instead of the test bed's
    --host-aia A    the host machine's interrupt controllers: "aplic-imsic"
                    (default) or "none" (a PLIC, for a host kernel without
                    AIA drivers, such as 6.1)
    --extra DIR     share DIR too, read-only, at /extra in the host (your
                    own guest kernels, initramfs, programs)
    --env NAME      give COMMAND this environment's variable NAME, when it
                    is set (again for more)

Exit status: the command's, or 124 on timeout, or 125 when the host did
not report one (it crashed, or the share failed).
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

TESTBED = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(TESTBED)
OUT = os.path.join(TOP, 'build', 'testbed')
SHARE = os.path.join(OUT, 'share')
HOST_QEMU = '/usr/bin/qemu-system-riscv64'
# flavour: (kernel, initramfs, memory) of the host
FLAVOURS = {
    'busybox': (os.path.join(OUT, 'Image'),
                os.path.join(OUT, 'host.cpio.gz'), '2G'),
    'debian': (os.path.join(OUT, 'debian', 'Image'),
               os.path.join(OUT, 'debian', 'host.cpio'), '3G'),
}
OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin'
HOST_KERNELS = os.path.join(TESTBED, 'host-kernels', 'list')


def host_kernels():
    """testbed/host-kernels/list: {name: (host-aia, fragments)}"""
    kernels = {}
    with open(HOST_KERNELS, encoding='utf-8') as f:
        for line in f:
            words = line.split()
            if words and not words[0].startswith('#'):
                kernels[words[0]] = (words[4], words[3].split(','))
    return kernels


def host_command(job, args, interactive):
    # guest interrupt files (hwaccel IMSICs) only where the host has H;
    # --host-aia none: a PLIC, for host kernels without AIA drivers
    machine = 'virt'
    if args.host_aia == 'aplic-imsic':
        machine += ',aia=aplic-imsic'
        if 'h=false' not in args.host_cpu:
            machine += ',aia-guests=2'
    kernel, initrd, mem = FLAVOURS[args.flavour]
    cmd = [HOST_QEMU,
           '-M', machine,
           '-cpu', args.host_cpu, '-smp', str(args.smp),
           '-m', args.mem or mem,
           '-bios', OPENSBI,
           '-kernel', args.host_kernel or kernel,
           '-initrd', initrd,
           '-append', 'console=ttyS0 rdinit=/init quiet',
           '-nographic', '-no-reboot',
           '-fsdev', 'local,id=tb,path=%s,security_model=none,readonly=on'
           % SHARE,
           '-device', 'virtio-9p-pci,fsdev=tb,mount_tag=tb',
           '-fsdev', 'local,id=job,path=%s,security_model=none' % job,
           '-device', 'virtio-9p-pci,fsdev=job,mount_tag=job']
    if args.extra:
        cmd += ['-fsdev', 'local,id=extra,path=%s,security_model=none,'
                'readonly=on' % os.path.abspath(args.extra),
                '-device', 'virtio-9p-pci,fsdev=extra,mount_tag=extra']
    if not interactive:
        cmd += ['-serial', 'file:%s' % os.path.join(job, 'console.log'),
                '-monitor', 'none', '-display', 'none']
        cmd.remove('-nographic')
    return cmd


def check_parts(flavour):
    kernel, initrd, _ = FLAVOURS[flavour]
    make = 'make testbed-debian' if flavour == 'debian' else 'make testbed'
    for p in (kernel, initrd, SHARE, HOST_QEMU, OPENSBI):
        if not os.path.exists(p):
            sys.exit('testbed: %s is missing; run "%s" first' % (p, make))


def follow(path, pos):
    """Print what was appended to path since pos; return the new pos."""
    try:
        with open(path, 'rb') as f:
            f.seek(pos)
            data = f.read()
    except OSError:
        return pos
    if data:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return pos + len(data)


def read_status(job, qemu_status):
    """The command's exit status as the host wrote it, or 125."""
    try:
        with open(os.path.join(job, 'status'), encoding='utf-8') as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        print('testbed: the host reported no exit status (its QEMU exited '
              'with %s)' % qemu_status, file=sys.stderr)
        console = os.path.join(job, 'console.log')
        if os.path.exists(console):
            print('testbed: the end of its console:', file=sys.stderr)
            with open(console, 'rb') as f:
                sys.stderr.buffer.write(f.read()[-3000:])
        return 125


def run(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--flavour', choices=sorted(FLAVOURS),
                    default=os.environ.get('TESTBED') or 'busybox')
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--console', action='store_true')
    ap.add_argument('--smp', type=int, default=2)
    ap.add_argument('--mem')
    ap.add_argument('--keep', action='store_true')
    ap.add_argument('--shell', action='store_true')
    ap.add_argument('--tty', action='store_true')
    ap.add_argument('--host-linux', choices=sorted(host_kernels()))
    ap.add_argument('--host-kernel')
    # Sscofpmf: KVM offers its guests SBI PMU only where the host has it
    # (and a guest's PMU driver is what gives user mode the time on the
    # harts it starts, on Linux 7.2).  Ssnpm and Smnpm: pointer masking,
    # which Linux 7.2's KVM offers its guests through SBI FWFT.
    ap.add_argument('--host-cpu',
                    default='rv64,h=true,sscofpmf=true,ssnpm=true,smnpm=true')
    ap.add_argument('--host-aia', choices=['aplic-imsic', 'none'])
    ap.add_argument('--extra')
    ap.add_argument('--env', action='append', default=[])
    ap.add_argument('command', nargs='*')
    args = ap.parse_args(argv)
    if not args.shell and not args.command:
        ap.error('give a command after --, or --shell')
    check_parts(args.flavour)
    if args.host_linux:
        aia, fragments = host_kernels()[args.host_linux]
        if args.host_kernel:
            ap.error('--host-linux boots the host on another of the '
                     'test bed\'s kernels: not with --host-kernel')
        if (args.flavour == 'debian' and
                'host-kernels/debian.config' not in fragments):
            ap.error('--flavour debian needs a host kernel with '
                     'host-kernels/debian.config (the Debian host\'s '
                     'modules built in); %s has not' % args.host_linux)
        args.host_kernel = os.path.join(OUT, 'hosts', args.host_linux,
                                        'Image')
        if not os.path.exists(args.host_kernel):
            sys.exit('testbed: %s is missing; run "make testbed-hosts" first'
                     % args.host_kernel)
        args.host_aia = args.host_aia or aia
    args.host_aia = args.host_aia or 'aplic-imsic'
    for p in (args.host_kernel, args.extra):
        if p and not os.path.exists(p):
            ap.error('%s does not exist' % p)

    os.makedirs(os.path.join(OUT, 'jobs'), exist_ok=True)
    job = tempfile.mkdtemp(prefix='job-', dir=os.path.join(OUT, 'jobs'))
    try:
        if args.shell:
            return subprocess.call(host_command(job, args, True))
        env = ['%s=%s' % (name, os.environ[name]) for name in args.env
               if name in os.environ]
        with open(os.path.join(job, 'cmd'), 'w', encoding='utf-8') as f:
            f.write(shlex.join((['env'] + env if env else []) +
                               args.command) + '\n')
        if args.tty:
            open(os.path.join(job, 'tty'), 'w').close()
            subprocess.call(host_command(job, args, True))
            return read_status(job, None)
        console = os.path.join(job, 'console.log')
        out = os.path.join(job, 'out.fifo.log')
        proc = subprocess.Popen(host_command(job, args, False),
                                stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + args.timeout
        pos = 0
        timed_out = False
        while proc.poll() is None:
            if time.monotonic() > deadline:
                timed_out = True
                proc.kill()
                break
            time.sleep(0.2)
            pos = follow(console if args.console else out, pos)
        proc.wait()
        if args.console:
            follow(console, pos)
        else:
            # the command's output, whole, from the job directory
            final = os.path.join(job, 'out')
            follow(final if os.path.exists(final) else out, pos)
        if timed_out:
            print('testbed: timeout: the host did not finish within %d s'
                  % args.timeout, file=sys.stderr)
            return 124
        return read_status(job, proc.returncode)
    finally:
        if args.keep:
            print('testbed: job directory %s' % job, file=sys.stderr)
        else:
            shutil.rmtree(job, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(run(sys.argv[1:]))
