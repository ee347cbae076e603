/*
 * SBI TIME: a timer interrupt arrives after set_timer, not before.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define SIE_STIE    (1UL << 5)
#define SSTATUS_SIE (1UL << 1)
#define IRQ_S_TIMER 5

static volatile unsigned long fired_at;     /* set by the irq handler */

static void on_irq(unsigned long cause)
{
    if (cause == IRQ_S_TIMER) {
        fired_at = rdtime();
        /* the next deadline far away clears the pending interrupt */
        sbi_call(SBI_EXT_TIME, 0, -1UL, 0, 0);
    }
}

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long start, deadline, waited = 0;

    set_irq_handler(on_irq);
    csr_set(sie, SIE_STIE);
    start = rdtime();
    deadline = start + 100000;             /* 10 ms at 10 MHz */
    sbi_call(SBI_EXT_TIME, 0, deadline, 0, 0);
    csr_set(sstatus, SSTATUS_SIE);
    /*
     * Spin rather than wfi: a lost interrupt then shows as a "not ok" line
     * after 10 s instead of a hart asleep for good (seen once in the test
     * bed, where wfi is KVM's halt on a TCG host).
     */
    while (!fired_at && waited < 100000000UL) {
        waited = rdtime() - start;
    }
    csr_clear(sstatus, SSTATUS_SIE);
    check("timer-interrupt", fired_at != 0, "no timer interrupt", waited);
    check("timer-not-early", fired_at >= deadline,
          "interrupt before the deadline", deadline - fired_at);
}
