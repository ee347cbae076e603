/*
 * SBI system suspend: the boot hart suspends the system once the second
 * hart stopped (and is refused while it runs), and QEMU suspends the VM;
 * testbed/tests/susp.sh wakes it with system_wakeup (after a savevm and
 * loadvm, in one of its runs).  The hart must resume at the resume
 * address with a0 its hart id, a1 the opaque value, the MMU and
 * interrupts off, and its memory and timer as they were.  QEMU keeps
 * the hart's other state across the suspend (sscratch, scounteren here),
 * whatever KVM's reset of the vCPU did meanwhile.  Calls the SBI
 * specification refuses must fail and return.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define OPAQUE          0x5a5a0f0fUL
#define SSTATUS_SIE     (1UL << 1)
#define SCRATCH         0x5ca1ab1eUL
#define COUNTEREN       0x3UL       /* CY, TM: not QEMU's reset value */

static volatile unsigned long before_time;  /* read after the wakeup */
static volatile unsigned long marker;       /* read after the wakeup */

static void resumed(unsigned long hartid, unsigned long opaque)
{
    unsigned long t = rdtime();

    check("resume-opaque", opaque == OPAQUE, "a1", opaque);
    check("resume-hartid", hartid == 0, "a0", hartid);
    check("resume-mmu-off", csr_read(satp) == 0, "satp", csr_read(satp));
    check("resume-sie-off", !(csr_read(sstatus) & SSTATUS_SIE), "sstatus",
          csr_read(sstatus));
    check("resume-memory-kept", marker == 0x1234, "marker", marker);
    check("resume-sscratch-kept", csr_read(sscratch) == SCRATCH, "sscratch",
          csr_read(sscratch));
    check("resume-scounteren-kept", csr_read(scounteren) == COUNTEREN,
          "scounteren", csr_read(scounteren));
    check("resume-time-on", t > before_time, "time", t);
    done();
}

static volatile int may_stop;       /* set by the boot hart */

/* the second hart: runs until told, then stops itself */
static void second(unsigned long hartid, unsigned long opaque)
{
    while (!may_stop) {
        /* wait */
    }
    stop_hart();
}

void test_main(unsigned long hartid, void *fdt)
{
    struct sbiret r;
    long err, st;

    if (!sbi_has(SBI_EXT_SUSP)) {
        skip_all("the host's KVM has no SBI SUSP");
    }
    /*
     * susp.sh resets the VM while it is suspended: memory is kept, and
     * this program runs again from its start (n_checks, in .bss, which
     * QEMU's reset of the ELF's segments leaves, counts on)
     */
    may_stop = 0;
    marker = 0;
    /* refused: another sleep type, and a resume address outside RAM */
    r = sbi_call(SBI_EXT_SUSP, 0, 1, (unsigned long)secondary_entry, 0);
    check("bad-sleep-type-refused", r.error == SBI_ERR_INVALID_PARAM,
          "error", r.error);
    r = sbi_call(SBI_EXT_SUSP, 0, 0, 0xfffffff000UL, 0);
    check("bad-resume-address-refused", r.error == SBI_ERR_INVALID_ADDRESS,
          "error", r.error);
    /* refused while another hart runs; allowed once it stopped */
    err = start_hart(1, second, 0);
    check("second-hart-started", err == 0, "hart_start", err);
    r = sbi_call(SBI_EXT_SUSP, 0, 0, (unsigned long)secondary_entry, 0);
    check("refused-while-a-hart-runs", r.error == SBI_ERR_DENIED,
          "error", r.error);
    may_stop = 1;
    st = wait_hart_stopped(1);
    check("second-hart-stopped", st == HSM_STOPPED, "status", st);

    marker = 0x1234;
    csr_write(sscratch, SCRATCH);
    csr_write(scounteren, COUNTEREN);
    /* interrupts on (none enabled in sie): the resume must turn them off */
    csr_write(sie, 0);
    csr_set(sstatus, SSTATUS_SIE);
    before_time = rdtime();
    puts_console("# suspending\n");
    err = system_suspend(hartid, resumed, OPAQUE);
    check("suspend", false, "system_suspend returned", err);
}
