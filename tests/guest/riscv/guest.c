/*
 * Runtime of the bare-metal guest test programs: SBI calls, output,
 * checks, secondary harts, interrupts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

static unsigned long n_checks;   /* all harts add to it */
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

/* sbi_probe_extension: true when the SBI implementation has ext */
bool sbi_has(unsigned long ext)
{
    struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);

    return !r.error && r.value;
}

enum console { CONSOLE_UNKNOWN, CONSOLE_DBCN, CONSOLE_LEGACY };
static int console;         /* chosen on the first output, by any hart */
static bool console_busy;   /* a hart is writing a line, char by char */

/*
 * Output goes through the SBI debug console, a whole string per call.
 * A host kernel without DBCN (before Linux 6.8) answers its calls itself
 * with "not supported": then the legacy SBI v0.1 console_putchar, which
 * KVM forwards to QEMU, writes one character per call, a line at a time.
 */
void puts_console(const char *s)
{
    size_t len = str_len(s), off = 0;
    int kind = __atomic_load_n(&console, __ATOMIC_ACQUIRE);

    if (kind == CONSOLE_UNKNOWN) {
        kind = sbi_has(SBI_EXT_DBCN) ? CONSOLE_DBCN : CONSOLE_LEGACY;
        __atomic_store_n(&console, kind, __ATOMIC_RELEASE);
    }
    if (kind == CONSOLE_LEGACY) {
        while (__atomic_test_and_set(&console_busy, __ATOMIC_ACQUIRE)) {
            /* another hart's line */
        }
        for (off = 0; off < len; off++) {
            sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)s[off], 0, 0);
        }
        __atomic_clear(&console_busy, __ATOMIC_RELEASE);
        return;
    }
    while (off < len) {
        struct sbiret r = sbi_call(SBI_EXT_DBCN, 0, len - off,
                                   (unsigned long)s + off, 0);
        if (r.error || r.value <= 0) {
            return;
        }
        off += r.value;
    }
}

/*
 * A line of output, built whole so that harts do not mix their lines;
 * buf is always a string, with room left for the newline.
 */
struct line {
    char buf[200];
    size_t len;
};

static void line_add(struct line *l, const char *s)
{
    while (*s && l->len < sizeof(l->buf) - 2) {
        l->buf[l->len++] = *s++;
    }
    l->buf[l->len] = 0;
}

/* not an initializer: that would clear the buffer, with memset */
static void line_start(struct line *l, const char *s)
{
    l->len = 0;
    line_add(l, s);
}

static void line_add_dec(struct line *l, unsigned long v)
{
    char digits[21];
    int i = sizeof(digits) - 1;

    digits[i] = 0;
    do {
        digits[--i] = '0' + v % 10;
        v /= 10;
    } while (v);
    line_add(l, digits + i);
}

static void line_add_hex(struct line *l, unsigned long v)
{
    char digits[19];
    int i;

    digits[0] = '0';
    digits[1] = 'x';
    for (i = 0; i < 16; i++) {
        digits[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
    }
    digits[18] = 0;
    line_add(l, digits);
}

static void line_put(struct line *l)
{
    l->buf[l->len++] = '\n';
    l->buf[l->len] = 0;
    puts_console(l->buf);
}

void put_hex(unsigned long v)
{
    struct line l;

    line_start(&l, "");
    line_add_hex(&l, v);
    puts_console(l.buf);
}

/* One TAP line; any hart may call it, so the number is taken atomically. */
void check(const char *name, bool ok, const char *why, long got)
{
    struct line l;
    unsigned long n = __atomic_add_fetch(&n_checks, 1, __ATOMIC_SEQ_CST);

    line_start(&l, ok ? "ok " : "not ok ");
    line_add_dec(&l, n);
    line_add(&l, " - ");
    line_add(&l, name);
    if (!ok) {
        line_add(&l, ": ");
        line_add(&l, why);
        line_add(&l, " (got ");
        line_add_hex(&l, got);
        line_add(&l, ")");
    }
    line_put(&l);
}

void shutdown(void)
{
    sbi_call(SBI_EXT_SRST, 0, 0, 0, 0);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

/* The TAP plan: the program ran to its end with this many checks. */
void done(void)
{
    struct line l;

    line_start(&l, "1..");
    line_add_dec(&l, __atomic_load_n(&n_checks, __ATOMIC_SEQ_CST));
    line_put(&l);
    shutdown();
}

/*
 * Under testbed/tests/guest-migrate.sh: say so, then wait for the byte the
 * migration's destination has waiting on the SBI console (the source has
 * none), so that what follows runs after the migration.  False when none
 * came within about a minute.
 */
bool wait_for_migration(void)
{
    unsigned long start = rdtime();
    char c;

    puts_console("# waiting for migration\n");
    while (rdtime() - start < 600UL * 1000 * 1000) {   /* 10 MHz timebase */
        struct sbiret r = sbi_call(SBI_EXT_DBCN, 1, 1, (unsigned long)&c, 0);

        if (r.error) {
            return false;
        }
        if (r.value == 1) {
            return true;
        }
    }
    return false;
}

/*
 * The program cannot run here (the host lacks what it tests): a TAP plan
 * of no checks with the reason, then power off.
 */
void skip_all(const char *why)
{
    struct line l;

    line_start(&l, "1..0 # SKIP ");
    line_add(&l, why);
    line_put(&l);
    shutdown();
}

long hart_status(unsigned long hartid)
{
    struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hartid, 0, 0);

    return r.error ? r.error : r.value;
}

void stop_hart(void)
{
    sbi_call(SBI_EXT_HSM, 1, 0, 0, 0);
    for (;;) {
        __asm__ volatile("wfi");
    }
}

long wait_hart_stopped(unsigned long hartid)
{
    unsigned long t;

    for (t = rdtime(); hart_status(hartid) != HSM_STOPPED &&
                       rdtime() - t < 50000000UL;) {
        /* wait */
    }
    return hart_status(hartid);
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

/*
 * SBI system suspend to RAM; on wakeup this hart runs fn(hartid,
 * opaque) from secondary_entry, on a fresh stack.  Returns only on error.
 */
long system_suspend(unsigned long hartid, hart_fn fn, unsigned long opaque)
{
    if (hartid >= MAX_HARTS) {
        return SBI_ERR_INVALID_PARAM;
    }
    hart_fns[hartid] = fn;
    __asm__ volatile("fence rw, rw" : : : "memory");
    return sbi_call(SBI_EXT_SUSP, 0, 0, (unsigned long)secondary_entry,
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
    struct line l;

    if ((long)cause < 0 && irq_handler) {
        irq_handler(cause & ~(1UL << 63));
        return;
    }
    if ((long)cause >= 0 && exc_handler && exc_handler(cause)) {
        return;
    }
    /* the program did not run to its end: no plan */
    check("unexpected trap", false, "scause", cause);
    line_start(&l, "Bail out! unexpected trap at sepc ");
    line_add_hex(&l, csr_read(sepc));
    line_put(&l);
    shutdown();
}

void boot_main(unsigned long hartid, void *fdt)
{
    test_main(hartid, fdt);
    done();
}

uint32_t read32(unsigned long addr)
{
    return *(volatile uint32_t *)addr;  /* a device register */
}

void write32(unsigned long addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;     /* a device register */
}

uint64_t rtc_now(void)
{
    uint64_t lo = read32(RTC_BASE + RTC_TIME_LOW);

    return lo | (uint64_t)read32(RTC_BASE + RTC_TIME_HIGH) << 32;
}
