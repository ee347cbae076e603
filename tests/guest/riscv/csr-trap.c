/*
 * A CSR access that KVM hands to QEMU and QEMU does not emulate makes the
 * guest take an illegal-instruction trap, with sepc, scause and stval
 * set as a hart would, rd untouched, and the guest going on.  With the
 * userspace interrupt controller (-M virt, aia=none) KVM forwards stopei
 * and sireg accesses to QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define CAUSE_ILLEGAL_INST  2
#define SSTATUS_SIE         (1UL << 1)
#define SSTATUS_SPIE        (1UL << 5)
#define SSTATUS_SPP         (1UL << 8)

/* written by the trap handler */
static volatile unsigned long trap_cause, trap_epc, trap_tval;
static volatile unsigned long trap_status;     /* trap handler */
static volatile unsigned traps;         /* counted by the trap handler */

static bool on_exception(unsigned long cause)
{
    if (cause != CAUSE_ILLEGAL_INST) {
        return false;
    }
    traps++;
    trap_cause = cause;
    trap_epc = csr_read(sepc);
    trap_tval = csr_read(stval);
    trap_status = csr_read(sstatus);
    csr_write(sepc, trap_epc + 4);          /* CSR instructions are 4 bytes */
    return true;
}

/* csrr rd, stopei (0x15c) at a known address; rd keeps its value on a trap */
static unsigned long read_stopei(unsigned long rd, unsigned long *where)
{
    unsigned long at;

    __asm__ volatile("lla %1, 1f\n"
                     "1: csrr %0, 0x15c\n"
                     : "+r"(rd), "=&r"(at));
    *where = at;
    return rd;
}

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long at = 0, rd, insn;
    unsigned before;

    set_exc_handler(on_exception);
    csr_set(sstatus, SSTATUS_SIE);

    rd = read_stopei(0x5a5a, &at);
    check("csr-trap-taken", traps == 1, "no trap", traps);
    check("csr-trap-cause", trap_cause == CAUSE_ILLEGAL_INST,
          "scause", trap_cause);
    check("csr-trap-sepc", trap_epc == at, "sepc", trap_epc);
    insn = *(volatile uint32_t *)at;    /* the instruction, as data */
    check("csr-trap-stval", trap_tval == insn || trap_tval == 0,
          "stval", trap_tval);
    check("csr-trap-rd-kept", rd == 0x5a5a, "rd", rd);
    check("csr-trap-sstatus", (trap_status & SSTATUS_SPP) &&
          (trap_status & SSTATUS_SPIE) && !(trap_status & SSTATUS_SIE),
          "sstatus", trap_status);

    /* many in a row, and the guest still runs */
    before = traps;
    for (int i = 0; i < 100; i++) {
        rd = read_stopei(i, &at);
        if (rd != (unsigned long)i) {
            break;
        }
    }
    check("csr-trap-100", traps == before + 100, "traps", traps - before);
}
