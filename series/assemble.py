#!/usr/bin/python3
"""Assemble the QEMU tree for this series, or turn an edit back into a patch.

The assembled tree (build/src) is

    the pinned base (unpacked by series/fetch-base.sh)
    + every file of the repository under a top-level directory that the
      base also has (accel/, hw/, target/, tests/, ...), at the same path
    - the paths listed in series/removed
    + the patches named in patches/series, applied in that order.

A patch's header (the text above its first diff) names the repository
files that it brings (Adds: lines of globs) and the base files it
removes (Removes:); series/export.py uses them, and a patch may have
no diff at all.

The tree is first built in a staging directory and then synchronised into
build/src by content, so files whose content did not change keep their
timestamps and ninja rebuilds only what changed.

Commands:
    assemble.py assemble BASE SRC
    assemble.py mkpatch BASE SRC PATCH FILE...
        Write PATCH (a file under patches/) from the difference, for FILE...,
        between the tree as the series makes it without PATCH and SRC.  A
        new PATCH is appended to patches/series; the header (the text above
        the first diff) of an existing PATCH is kept.
"""

import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATCH_DIR = os.path.join(REPO, 'patches')
SERIES_FILE = os.path.join(PATCH_DIR, 'series')
REMOVED_FILE = os.path.join(REPO, 'series', 'removed')
CONTEXT_LINES = 2


class SeriesError(Exception):
    pass


def list_lines(path):
    """Non-empty, non-comment lines of a list file."""
    if not os.path.exists(path):
        return []
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                out.append(line)
    return out


def repo_files():
    """Files of the repository (tracked, or untracked and not ignored)."""
    try:
        out = subprocess.run(['git', '-C', REPO, 'ls-files', '-z', '-c', '-o',
                              '--exclude-standard'],
                             check=True, capture_output=True).stdout
        names = [n for n in out.decode().split('\0') if n]
        return [n for n in names if os.path.lexists(os.path.join(REPO, n))]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for root, dirs, files in os.walk(REPO):
            dirs[:] = [d for d in dirs if d not in ('.git', 'build')]
            for f in files:
                names.append(os.path.relpath(os.path.join(root, f), REPO))
        return names


def overlay_files(base):
    """Repository files that stand at QEMU paths."""
    out = []
    for name in repo_files():
        top = name.split('/', 1)[0]
        if '/' in name and os.path.isdir(os.path.join(base, top)):
            out.append(name)
    return sorted(out)


def patch_targets(patch):
    """Paths a unified diff writes (without the a/ b/ prefix)."""
    targets = []
    with open(patch, encoding='utf-8') as f:
        for line in f:
            if line.startswith('+++ '):
                path = line[4:].split('\t')[0].strip()
                if path != '/dev/null':
                    targets.append(path.split('/', 1)[1])
    return targets


def unshare(path):
    """Give a hard-linked staging file its own inode before writing it."""
    if os.path.exists(path) and os.stat(path).st_nlink > 1:
        tmp = path + '.series-tmp'
        shutil.copy2(path, tmp)
        os.replace(tmp, path)


def apply_patch(stage, patch):
    targets = patch_targets(patch)
    if not targets:
        return          # a patch that only brings new files
    for t in targets:
        unshare(os.path.join(stage, t))
    r = subprocess.run(['patch', '-p1', '-s', '-f', '--fuzz=0',
                        '--no-backup-if-mismatch', '-d', stage, '-i', patch],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SeriesError('patch %s does not apply:\n%s'
                          % (os.path.relpath(patch, REPO), r.stdout + r.stderr))


def build_stage(base, stage, stop_before=None):
    """Build the series tree in stage; stop before the patch stop_before."""
    if os.path.exists(stage):
        shutil.rmtree(stage)
    os.makedirs(os.path.dirname(stage), exist_ok=True)
    subprocess.run(['cp', '-al', base, stage], check=True)
    for name in overlay_files(base):
        dst = os.path.join(stage, name)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.lexists(dst):
            os.unlink(dst)
        shutil.copy2(os.path.join(REPO, name), dst)
    for name in list_lines(REMOVED_FILE):
        path = os.path.join(stage, name)
        if not os.path.isfile(path):
            raise SeriesError('series/removed lists %s, which the base does '
                              'not have' % name)
        os.unlink(path)
    for p in list_lines(SERIES_FILE):
        if p == stop_before:
            break
        apply_patch(stage, os.path.join(PATCH_DIR, p))


def sync(stage, src):
    """Make src equal to stage, rewriting only files whose content differs."""
    os.makedirs(src, exist_ok=True)
    subprocess.run(['rsync', '-rlpc', '--delete', '--exclude=/.complete',
                    stage + '/', src + '/'], check=True)


def cmd_assemble(base, src):
    stage = src + '.stage'
    build_stage(base, stage)
    sync(stage, src)
    shutil.rmtree(stage)


def cmd_mkpatch(base, src, patch, files):
    name = os.path.basename(patch)
    path = os.path.join(PATCH_DIR, name)
    series = list_lines(SERIES_FILE)
    later = series[series.index(name) + 1:] if name in series else []
    for p in later:
        common = set(files) & set(patch_targets(os.path.join(PATCH_DIR, p)))
        if common:
            raise SeriesError('%s, later in the series, also changes %s'
                              % (p, ', '.join(sorted(common))))
    header = ''
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.startswith('--- ') or line.startswith('diff '):
                    break
                header += line
    if not header:
        header = 'Subject: %s\n\nSay what this changes and why.\n\n' % name
    stage = tempfile.mkdtemp(prefix='series-mkpatch-')
    try:
        before = os.path.join(stage, 'tree')
        build_stage(base, before, stop_before=name)
        body = ''
        for f in files:
            old = os.path.join(before, f)
            new = os.path.join(src, f)
            r = subprocess.run(['diff', '-U%d' % CONTEXT_LINES,
                                '--label', 'a/' + f, '--label', 'b/' + f,
                                old if os.path.exists(old) else '/dev/null',
                                new if os.path.exists(new) else '/dev/null'],
                               capture_output=True, text=True)
            if r.returncode > 1:
                raise SeriesError(r.stderr)
            body += r.stdout
    finally:
        shutil.rmtree(stage)
    if not body:
        raise SeriesError('no difference in %s' % ' '.join(files))
    with open(path, 'w', encoding='utf-8') as f:
        f.write(header + body)
    if name not in series:
        with open(SERIES_FILE, 'a', encoding='utf-8') as f:
            f.write(name + '\n')
    print('wrote %s' % os.path.relpath(path, REPO))


def main(argv):
    try:
        if len(argv) == 4 and argv[1] == 'assemble':
            cmd_assemble(argv[2], argv[3])
        elif len(argv) >= 6 and argv[1] == 'mkpatch':
            cmd_mkpatch(argv[2], argv[3], argv[4], argv[5:])
        else:
            sys.stderr.write(__doc__)
            return 2
    except SeriesError as e:
        sys.stderr.write('series: error: %s\n' % e)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
