/*
 * The guest's own ebreak (a debugger inside the guest, say) traps in the
 * guest: a breakpoint exception with sepc at the instruction, for the
 * 4-byte and the compressed form.  gdb.sh runs it with a gdb breakpoint
 * in place at after_ebreaks(), so that KVM hands every ebreak to QEMU,
 * which must give the guest its own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define CAUSE_BREAKPOINT    3

/* volatile: written by the trap handler, read after the ebreak */
static volatile unsigned long trap_epc, trap_cause;
/* volatile: counted by the trap handler */
static volatile unsigned traps;
/* volatile: read by the trap handler: bytes to skip at sepc */
static volatile unsigned step;

static bool on_exception(unsigned long cause)
{
    if (cause != CAUSE_BREAKPOINT) {
        return false;
    }
    traps++;
    trap_cause = cause;
    trap_epc = csr_read(sepc);
    csr_write(sepc, trap_epc + step);
    return true;
}

/* an ebreak at a known address, of len bytes (4, or 2 for c.ebreak) */
static unsigned long do_ebreak(unsigned len)
{
    unsigned long at;

    step = len;
    if (len == 4) {
        __asm__ volatile(".option push\n.option norvc\n"
                         "lla %0, 1f\n"
                         "1: ebreak\n"
                         ".option pop\n" : "=&r"(at));
    } else {
        __asm__ volatile("lla %0, 1f\n"
                         "1: c.ebreak\n" : "=&r"(at));
    }
    return at;
}

/* where gdb.sh puts its breakpoint: reached after the guest's ebreaks */
void __attribute__((noinline)) after_ebreaks(void)
{
    traps = traps;      /* a store: the call is not optimised away */
}

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long at;

    set_exc_handler(on_exception);

    at = do_ebreak(4);
    check("ebreak-trap-taken", traps == 1, "traps", traps);
    check("ebreak-trap-cause", trap_cause == CAUSE_BREAKPOINT, "scause",
          trap_cause);
    check("ebreak-trap-sepc", trap_epc == at, "sepc", trap_epc);

    at = do_ebreak(2);
    check("c-ebreak-trap-taken", traps == 2, "traps", traps);
    check("c-ebreak-trap-sepc", trap_epc == at, "sepc", trap_epc);

    for (int i = 0; i < 50; i++) {
        do_ebreak(i % 2 ? 2 : 4);
    }
    check("ebreak-trap-52", traps == 52, "traps", traps);
    after_ebreaks();
}
