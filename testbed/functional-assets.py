#!/usr/bin/python3
"""Put the assets of QEMU functional tests into a cache the test bed shares.

Usage: testbed/functional-assets.py CACHE MIRROR ARCHIVES TEST.py...

Each Asset(URL, SHA256) of the tests must end up as CACHE/download/SHA256,
the layout of qemu_test's cache (QEMU_TEST_CACHE_DIR), since the test
bed's host has no network.  An asset is taken from the cache when it is
there, else from a .deb of the same file name and checksum in ARCHIVES
(the test bed's apt cache: the same Debian packages), else downloaded from
MIRROR, the URL's path below its 'pool/' (Debian's pool names do not
change; snapshot.debian.org, which the tests name, may be out of reach).
"""

import hashlib
import os
import re
import shutil
import sys
import urllib.request

ASSET_RE = re.compile(r"Asset\(\s*((?:SNAPSHOT\s*\+\s*)?(?:'[^']*'\s*)+),"
                      r"\s*'([0-9a-f]{64})'\)", re.S)
SNAPSHOT_RE = re.compile(r"^SNAPSHOT = '([^']*)'", re.M)


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def assets(test):
    with open(test, encoding='utf-8') as f:
        text = f.read()
    snapshot = SNAPSHOT_RE.search(text)
    for url, digest in ASSET_RE.findall(text):
        full = ''.join(re.findall(r"'([^']*)'", url))
        if url.lstrip().startswith('SNAPSHOT'):
            if not snapshot:
                sys.exit('%s: an asset uses SNAPSHOT, which it does not '
                         'define' % test)
            full = snapshot.group(1) + full
        yield full, digest


def main(cache, mirror, archives, tests):
    down = os.path.join(cache, 'download')
    os.makedirs(down, exist_ok=True)
    for test in tests:
        for url, digest in assets(test):
            dst = os.path.join(down, digest)
            if os.path.exists(dst) and sha256(dst) == digest:
                continue
            name = os.path.basename(url)
            pkg = name.split('_')[0]
            found = None
            for f in sorted(os.listdir(archives)) if os.path.isdir(archives) else []:
                if f.split('_')[0] == pkg and sha256(os.path.join(archives, f)) == digest:
                    found = os.path.join(archives, f)
                    break
            tmp = dst + '.tmp'
            if found:
                shutil.copyfile(found, tmp)
            else:
                # Debian's pool first (reachable from the test machines),
                # then the URL the test names
                srcs = [url]
                if '/pool/' in url:
                    srcs.insert(0, mirror.rstrip('/') + '/pool/' +
                                url.split('/pool/', 1)[1])
                why = []
                for src in srcs:
                    try:
                        with urllib.request.urlopen(src, timeout=120) as r, \
                                open(tmp, 'wb') as out:
                            shutil.copyfileobj(r, out)
                        break
                    except OSError as e:
                        why.append('%s: %s' % (src, e))
                else:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
                    sys.exit('%s: cannot fetch %s (%s); if Debian has moved '
                             'on from it, update the asset'
                             % (test, name, '; '.join(why)))
            if sha256(tmp) != digest:
                os.unlink(tmp)
                sys.exit('%s: %s does not have the sha256 %s; update the '
                         'asset' % (test, name, digest))
            os.replace(tmp, dst)
            print('functional asset %s: %s' % (name, 'from the apt cache'
                                                if found else 'downloaded'),
                  file=sys.stderr)


if __name__ == '__main__':
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
