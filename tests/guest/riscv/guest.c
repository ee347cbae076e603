/*
 * Runtime of the bare-metal guest test programs: SBI calls, output,
 * checks, secondary harts, interrupts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

static volatile unsigned failures;      /* all harts add to it */
static irq_fn irq_handler;
static exc_fn exc_handler;
static hart_fn hart_fns[MAX_HARTS];
static volatile unsigned long hart_opaque[MAX_HARTS]; /* between harts */


struct sbiret sbi_call(unsigned long ext, unsigned long fid,
                       unsigned long a0, unsigned long a1, unsigned long a2)
{
    register unsigned long r0 __asm__("a0") = a0;
    register unsigned long r1 __asm__("a1") = a1;
    register unsigned long r2 __asm__("a2") = a2;
    register unsigned long r6 __asm__("a6") = fid;
    register unsigned long r7 __asm__("a7") = ext;

    __asm__ volatile("ecall"
                     : "+r"(r0), "+r"(r1)
                     : "r"(r2), "r"(r6), "r"(r7)
                     : "memory");
    return (struct sbiret) { .error = r0, .value = r1 };
}

static size_t str_len(const char *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}

/* Output goes through the SBI debug console, a whole string per call. */
void puts_dbcn(const char *s)
{
    size_t len = str_len(s), off = 0;

    while (off < len) {
        struct sbiret r = sbi_call(SBI_EXT_DBCN, 0, len - off,
                                   (unsigned long)s + off, 0);
        if (r.error || r.value <= 0) {
            return;
        }
        off += r.value;
    }
}

void put_hex(unsigned long v)
{
    char buf[19];
    int i;

    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < 16; i++) {
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
    }
    buf[18] = 0;
    puts_dbcn(buf);
}

void check(const char *name, bool ok, const char *why, long got)
{
    puts_dbcn(ok ? "PASS " : "FAIL ");
    puts_dbcn(name);
    if (!ok) {
        failures++;
        puts_dbcn(": ");
        puts_dbcn(why);
        puts_dbcn(" (got ");
        put_hex(got);
        puts_dbcn(")");
    }
    puts_dbcn("\n");
}

void shutdown(void)
{
    sbi_call(SBI_EXT_SRST, 0, 0, 0, 0);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void done(void)
{
    puts_dbcn(failures ? "DONE with failures\n" : "DONE\n");
    shutdown();
}

long start_hart(unsigned long hartid, hart_fn fn, unsigned long opaque)
{
    if (hartid >= MAX_HARTS) {
        return SBI_ERR_INVALID_PARAM;
    }
    hart_fns[hartid] = fn;
    hart_opaque[hartid] = opaque;
    __asm__ volatile("fence rw, rw" : : : "memory");
    return sbi_call(SBI_EXT_HSM, 0, hartid, (unsigned long)secondary_entry,
                    opaque).error;
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
    if (hartid < MAX_HARTS && hart_fns[hartid]) {
        hart_fns[hartid](hartid, opaque);
    }
}

void set_irq_handler(irq_fn fn)
{
    irq_handler = fn;
}

void set_exc_handler(exc_fn fn)
{
    exc_handler = fn;
}

void trap_main(unsigned long cause)
{
    if ((long)cause < 0 && irq_handler) {
        irq_handler(cause & ~(1UL << 63));
        return;
    }
    if ((long)cause >= 0 && exc_handler && exc_handler(cause)) {
        return;
    }
    puts_dbcn("FAIL unexpected-trap: scause ");
    put_hex(cause);
    puts_dbcn(" sepc ");
    put_hex(csr_read(sepc));
    puts_dbcn("\n");
    failures++;
    done();
}

void boot_main(unsigned long hartid, void *fdt)
{
    test_main(hartid, fdt);
    done();
}
