/*
 * SBI SRST reboot resets the machine and the program starts again; the
 * second start shuts down.  A marker in RAM far from the program tells
 * the two starts apart (a reset reloads the program, not all of RAM).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define MARKER_ADDR     0x84000000UL    /* 64 MiB into RAM */
#define MARKER          0x5e57b007UL

void test_main(unsigned long hartid, void *fdt)
{
    volatile unsigned long *marker = (unsigned long *)MARKER_ADDR; /* RAM */

    if (*marker != MARKER) {
        *marker = MARKER;
        __asm__ volatile("fence rw, rw" : : : "memory");
        puts_console("# srst: first start, asking for a cold reboot\n");
        sbi_call(SBI_EXT_SRST, 0, 1, 0, 0);
        check("srst-reboot", false, "the reboot call returned", 0);
        return;
    }
    *marker = 0;
    check("srst-reboot", true, "", 0);
}
