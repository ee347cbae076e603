/*
 * Guest time does not jump: for four seconds of guest time, no two
 * consecutive time reads are more than half a second apart.  Run alone it
 * checks the clock; testbed/tests/stopcont.sh runs it across a monitor
 * stop/cont, where a clock that followed the host would jump.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define TIMEBASE_HZ     10000000UL      /* the virt machine's timebase */

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long start = rdtime(), last = start, now, gap, max_gap = 0;

    puts_console("# time-gap: running\n");
    do {
        now = rdtime();
        gap = now - last;
        if (gap > max_gap) {
            max_gap = gap;
        }
        last = now;
    } while (now - start < 4 * TIMEBASE_HZ);
    check("time-no-jump", max_gap < TIMEBASE_HZ / 2,
          "guest time jumped (ticks)", max_gap);
}
