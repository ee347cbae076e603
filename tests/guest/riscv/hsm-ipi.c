/*
 * SBI HSM start, status and stop of a second hart, and an IPI to it.
 * The boot hart's user mode may read the time (scounteren.TM, as SBI
 * firmware leaves it and QEMU's reset gives it); what a hart started
 * through HSM finds there is the host kernel's choice, reported as
 * "# hsm-hart-scounteren 0x..." (testbed/tests/host-features.sh).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define SIE_SSIE    (1UL << 1)
#define SSTATUS_SIE (1UL << 1)
#define IRQ_S_SOFT  1

#define SCOUNTEREN_TM   (1UL << 1)

static volatile unsigned long started_opaque;   /* set by another hart */
static volatile unsigned long started_scounteren;
static volatile int ipi_seen;           /* set by the IPI handler */
static volatile int ready;

static void on_irq(unsigned long cause)
{
    if (cause == IRQ_S_SOFT) {
        csr_clear(sip, SIE_SSIE);
        ipi_seen = 1;
    }
}

static void second(unsigned long hartid, unsigned long opaque)
{
    started_scounteren = csr_read(scounteren);
    started_opaque = opaque;
    set_irq_handler(on_irq);
    csr_set(sie, SIE_SSIE);
    csr_set(sstatus, SSTATUS_SIE);
    ready = 1;
    while (!ipi_seen) {
        __asm__ volatile("wfi");
    }
    stop_hart();
}

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long other = hartid == 0 ? 1 : 0, t;
    long st, err;

    check("boot-hart-user-time", csr_read(scounteren) & SCOUNTEREN_TM,
          "scounteren.TM clear", csr_read(scounteren));
    st = hart_status(other);
    check("hsm-status-stopped", st == HSM_STOPPED,
          "second hart not stopped at boot", st);
    err = start_hart(other, second, 0x5a5a);
    check("hsm-start", err == 0, "hart_start failed", err);
    for (t = rdtime(); !ready && rdtime() - t < 50000000UL;) {
        /* wait */
    }
    check("hsm-started-runs", ready && started_opaque == 0x5a5a,
          "second hart did not run with its opaque value", started_opaque);
    puts_console("# hsm-hart-scounteren ");
    put_hex(started_scounteren);
    puts_console("\n");
    st = hart_status(other);
    /* KVM reports a hart waiting in wfi as suspended: both are running */
    check("hsm-status-started", st == HSM_STARTED || st == HSM_SUSPENDED,
          "status neither started nor suspended", st);

    err = sbi_call(SBI_EXT_IPI, 0, 1UL << other, 0, 0).error;
    check("ipi-send", err == 0, "send_ipi failed", err);
    for (t = rdtime(); !ipi_seen && rdtime() - t < 50000000UL;) {
        /* wait */
    }
    check("ipi-received", ipi_seen, "no IPI on the second hart", 0);

    st = wait_hart_stopped(other);
    check("hsm-stop", st == HSM_STOPPED, "second hart did not stop", st);
}
