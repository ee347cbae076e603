#!/usr/bin/python3
"""Write the series as git format-patch files on the pristine base.

    export.py BASE SRC OUT

Each patch of patches/series becomes one commit on the unpacked BASE:
the repository files its header names (Adds: globs), minus the base
files it removes (Removes:), plus its diff; the commit message is its
Subject and the text below it.  Every repository file at a QEMU path
must be named by exactly one patch, and every path in series/removed
removed by exactly one.  The commits are written to OUT as
NNNN-*.patch (git format-patch), and applied with git am to another
copy of BASE, whose tree must then equal SRC (the assembled build/src).
"""

import fnmatch
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import assemble  # noqa: E402

# a fixed date keeps the exported files the same from run to run
DATE = '2026-01-01T00:00:00+00:00'


class Header:
    def __init__(self, path):
        self.subject = None
        self.adds = []
        self.removes = []
        body = []
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.startswith('--- ') or line.startswith('diff '):
                    break
                if self.subject is None:
                    if line.startswith('Subject:'):
                        s = line[len('Subject:'):].strip()
                        if s.startswith('[PATCH]'):
                            s = s[len('[PATCH]'):].strip()
                        self.subject = s
                    continue
                if line.startswith('Adds:'):
                    self.adds += line[len('Adds:'):].split()
                elif line.startswith('Removes:'):
                    self.removes += line[len('Removes:'):].split()
                else:
                    body.append(line)
        if not self.subject:
            raise assemble.SeriesError('%s has no Subject: line' % path)
        self.body = ''.join(body).strip('\n') + '\n'
        if 'Signed-off-by:' not in self.body:
            raise assemble.SeriesError('%s has no Signed-off-by: line' % path)


def git(cwd, *args, env=None, **kw):
    e = dict(os.environ)
    e.update({'GIT_AUTHOR_DATE': DATE, 'GIT_COMMITTER_DATE': DATE})
    e.update(env or {})
    return subprocess.run(['git', '-C', cwd] + list(args), check=True,
                          env=e, **kw)


def repo_ident():
    def get(key):
        r = subprocess.run(['git', '-C', assemble.REPO, 'config', key],
                           capture_output=True, text=True)
        return r.stdout.strip()
    name, email = get('user.name'), get('user.email')
    if not name or not email:
        raise assemble.SeriesError('git config user.name and user.email of '
                                   'the repository are not set')
    return {'GIT_AUTHOR_NAME': name, 'GIT_AUTHOR_EMAIL': email,
            'GIT_COMMITTER_NAME': name, 'GIT_COMMITTER_EMAIL': email}


def base_repo(base, path, ident):
    if os.path.exists(path):
        shutil.rmtree(path)
    subprocess.run(['cp', '-a', base, path], check=True)
    git(path, 'init', '-q')
    git(path, 'config', 'core.autocrlf', 'false')
    git(path, 'add', '-A', '-f', '.')
    git(path, 'commit', '-q', '-m', 'The pristine base', env=ident)


def claim(patches, base):
    """Which patch brings each file; errors for files no patch names."""
    files = assemble.overlay_files(base)
    owner = {}
    for name, h in patches:
        for pat in h.adds:
            hits = [f for f in files if fnmatch.fnmatchcase(f, pat)]
            if not hits:
                raise assemble.SeriesError('%s: Adds: %s names no file'
                                           % (name, pat))
            for f in hits:
                if f in owner and owner[f] != name:
                    raise assemble.SeriesError('%s is brought by both %s and '
                                               '%s' % (f, owner[f], name))
                owner[f] = name
    missing = [f for f in files if f not in owner]
    if missing:
        raise assemble.SeriesError('no patch brings (Adds:) %s'
                                   % ', '.join(missing))
    removed = {}
    for name, h in patches:
        for r in h.removes:
            removed[r] = name
    want = set(assemble.list_lines(assemble.REMOVED_FILE))
    if set(removed) != want:
        raise assemble.SeriesError('series/removed lists %s; the patches '
                                   'remove %s' % (sorted(want),
                                                  sorted(removed)))
    return owner


def export(base, src, out):
    ident = repo_ident()
    names = assemble.list_lines(assemble.SERIES_FILE)
    patches = [(n, Header(os.path.join(assemble.PATCH_DIR, n)))
               for n in names]
    owner = claim(patches, base)
    work = out + '.work'
    base_repo(base, work, ident)
    for name, h in patches:
        for f in sorted(f for f, o in owner.items() if o == name):
            dst = os.path.join(work, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.lexists(dst):
                os.unlink(dst)
            shutil.copy2(os.path.join(assemble.REPO, f), dst)
        for r in h.removes:
            os.unlink(os.path.join(work, r))
        assemble.apply_patch(work, os.path.join(assemble.PATCH_DIR, name))
        git(work, 'add', '-A', '-f', '.')
        git(work, 'commit', '-q', '--allow-empty', '-F', '-',
            input=(h.subject + '\n\n' + h.body).encode(), env=ident)
    if os.path.exists(out):
        shutil.rmtree(out)
    git(work, 'format-patch', '-q', '--zero-commit', '--no-signature',
        '-o', out, 'HEAD~%d' % len(patches))
    shutil.rmtree(work)

    # a maintainer's view: git am onto the base gives build/src
    check = out + '.am'
    base_repo(base, check, ident)
    mails = sorted(os.path.join(out, f) for f in os.listdir(out))
    r = subprocess.run(['git', '-C', check, 'am', '-q', '--whitespace=nowarn']
                       + mails, capture_output=True, text=True,
                       env=dict(os.environ, **ident))
    if r.returncode != 0:
        raise assemble.SeriesError('git am of %s failed:\n%s'
                                   % (out, r.stdout + r.stderr))
    r = subprocess.run(['diff', '-r', '-q', '--no-dereference',
                        '--exclude=.git', '--exclude=.complete', check, src],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise assemble.SeriesError('git am of the export does not give %s:\n'
                                   '%s' % (src, r.stdout + r.stderr))
    shutil.rmtree(check)
    print('series: %d patches in %s; git am of them onto the base gives %s'
          % (len(mails), os.path.relpath(out, assemble.REPO),
             os.path.relpath(src, assemble.REPO)))


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    try:
        export(*(os.path.abspath(a) for a in argv[1:4]))
    except (assemble.SeriesError, subprocess.CalledProcessError) as e:
        sys.stderr.write('series: error: %s\n' % e)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
