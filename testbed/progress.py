#!/usr/bin/python3
"""Show a long build's progress instead of its full output.

Usage: COMMAND 2>&1 | progress.py LABEL LOGFILE

Every line goes to LOGFILE; every 15 s (and at the end) one line goes to
stderr: LABEL, then ninja's last "[N/M]" step or the number of compiled
files.  On failure, the caller shows the log's tail.
"""

import re
import sys
import time

label, logfile = sys.argv[1], sys.argv[2]
step = re.compile(r'^\[(\d+)/(\d+)\]')
compiled = re.compile(r'^\s+(CC|AS|LD|AR)\s|Compiling|^(gcc|riscv64-linux-gnu-gcc)\s')
count = 0
last = ''
shown = time.monotonic()

with open(logfile, 'w', encoding='utf-8', errors='replace') as log:
    for line in sys.stdin:
        log.write(line)
        m = step.match(line)
        if m:
            last = 'step %s of %s' % (m.group(1), m.group(2))
        elif compiled.search(line):
            count += 1
            last = '%d files compiled' % count
        now = time.monotonic()
        if last and now - shown >= 15:
            print('  %s: %s' % (label, last), file=sys.stderr, flush=True)
            shown = now
if last:
    print('  %s: %s' % (label, last), file=sys.stderr, flush=True)
