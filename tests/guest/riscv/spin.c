/*
 * A workload for bench/ (not a test): says it runs, then spins without
 * ever leaving the guest, so that what a VMM does while it runs (stop,
 * cont, migration) can be counted alone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

void test_main(unsigned long hartid, void *fdt)
{
    /* volatile: the loop is what is timed; keep every iteration */
    volatile unsigned long n = 0;

    puts_console("# BENCH spinning\n");
    for (;;) {
        n++;
    }
}
