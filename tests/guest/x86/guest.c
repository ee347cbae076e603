/*
 * Bare-metal x86-64 test guests: console, TAP, traps and probes
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdarg.h>
#include "guest.h"
#include "start.h"

#define COM1            0x3f8
#define DEBUG_EXIT      0xf4
#define SEL_KCODE       0x08
#define SEL_TSS         0x28

volatile struct fault last_fault;  /* written by trap() */
static unsigned n_checks, n_failed;

void putc_serial(char c)
{
    while (!(inb(COM1 + 5) & 0x20)) {
        /* wait for the transmitter */
    }
    outb(COM1, c);
}

char wait_serial_input(void)
{
    while (!(inb(COM1 + 5) & 0x01)) {
        asm volatile("pause");
    }
    return inb(COM1);
}

void puts_serial(const char *s)
{
    while (*s) {
        putc_serial(*s++);
    }
}

static void put_num(uint64_t v, unsigned base)
{
    char buf[24];
    int i = 0;

    do {
        buf[i++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (i) {
        putc_serial(buf[--i]);
    }
}

/* %s, %d/%u (int), %x (unsigned), %lx/%lu (64-bit) and %% */
static void vprintf_serial(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        bool wide = false;

        if (*fmt != '%') {
            putc_serial(*fmt);
            continue;
        }
        if (*++fmt == 'l') {
            wide = true;
            fmt++;
        }
        switch (*fmt) {
        case 's':
            puts_serial(va_arg(ap, const char *));
            break;
        case 'd': {
            int64_t v = wide ? va_arg(ap, int64_t) : va_arg(ap, int);
            if (v < 0) {
                putc_serial('-');
                v = -v;
            }
            put_num(v, 10);
            break;
        }
        case 'u':
            put_num(wide ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10);
            break;
        case 'x':
            put_num(wide ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16);
            break;
        default:
            putc_serial(*fmt);
        }
    }
}

void printf_serial(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf_serial(fmt, ap);
    va_end(ap);
}

void check(bool ok, const char *fmt, ...)
{
    va_list ap;

    n_checks++;
    if (!ok) {
        n_failed++;
    }
    printf_serial("%s %u - ", ok ? "ok" : "not ok", n_checks);
    va_start(ap, fmt);
    vprintf_serial(fmt, ap);
    va_end(ap);
    putc_serial('\n');
}

void finish(void)
{
    printf_serial("1..%u\n", n_checks);
    /* QEMU exits with (value << 1) | 1 */
    outl(DEBUG_EXIT, n_failed || !n_checks ? 1 : 0);
    for (;;) {
        asm volatile("cli; hlt");
    }
}

static const char *cmdline(void)
{
    const uint32_t *mbi = (const uint32_t *)(uintptr_t)mb_info;

    if (!mbi || !(mbi[0] & (1 << 2))) {
        return "";
    }
    return (const char *)(uintptr_t)mbi[4];
}

/* the value of key=... on the command line, or NULL */
static const char *cmdline_value(const char *key)
{
    const char *p = cmdline();

    while (*p) {
        const char *k = key;

        while (*p == ' ') {
            p++;
        }
        while (*k && *p == *k) {
            p++, k++;
        }
        if (!*k && *p == '=') {
            return p + 1;
        }
        while (*p && *p != ' ') {
            p++;
        }
    }
    return NULL;
}

uint64_t cmdline_num(const char *key, uint64_t dflt)
{
    const char *v = cmdline_value(key);
    uint64_t n = 0;

    if (!v || *v < '0' || *v > '9') {
        return dflt;
    }
    if (v[0] == '0' && v[1] == 'x') {
        for (v += 2;; v++) {
            if (*v >= '0' && *v <= '9') {
                n = n * 16 + (*v - '0');
            } else if (*v >= 'a' && *v <= 'f') {
                n = n * 16 + (*v - 'a' + 10);
            } else {
                return n;
            }
        }
    }
    while (*v >= '0' && *v <= '9') {
        n = n * 10 + (*v++ - '0');
    }
    return n;
}

bool cmdline_is(const char *key, const char *word)
{
    const char *v = cmdline_value(key);

    if (!v) {
        return false;
    }
    while (*word && *v == *word) {
        v++, word++;
    }
    return !*word && (!*v || *v == ' ');
}

void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    asm volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                 : "a"(leaf), "c"(sub));
}

void flush_tlb(void)
{
    uint64_t cr3;

    asm volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

/* Resume after a page fault that a probe expected; false if none did */
static bool probe_fixup(struct frame *f, uint64_t cr2)
{
    if (f->rip == (uint64_t)probe_load_insn) {
        f->rip = (uint64_t)probe_load_done;
        return true;
    }
    if (f->rip == (uint64_t)probe_store_insn) {
        f->rip = (uint64_t)probe_store_done;
        return true;
    }
    if (f->rip == cr2) {
        /* a fetch fault at the target of probe_fetch's call: return */
        f->rip = *(uint64_t *)f->rsp;
        f->rsp += 8;
        return true;
    }
    return false;
}

void trap(struct frame *f)
{
    uint64_t cr2;

    asm volatile("mov %%cr2, %0" : "=r"(cr2));
    if (f->vec == 14 && probe_fixup(f, cr2)) {
        last_fault.count++;
        last_fault.err = f->err;
        last_fault.cr2 = cr2;
        return;
    }
    printf_serial("unexpected exception %lu, error code 0x%lx, rip 0x%lx, "
                  "cr2 0x%lx\n", f->vec, f->err, f->rip, cr2);
    check(false, "no unexpected exception");
    finish();
}

static bool probe(uint64_t (*fn)(uint64_t), uint64_t addr, bool user,
                  uint64_t *ret)
{
    unsigned before = last_fault.count;
    uint64_t r;

    r = user ? run_user(fn, addr) : fn(addr);
    if (ret) {
        *ret = r;
    }
    return last_fault.count != before;
}

bool try_read(uint64_t addr, bool user)
{
    return probe(probe_load, addr, user, NULL);
}

bool try_write(uint64_t addr, bool user)
{
    return probe(probe_store, addr, user, NULL);
}

bool try_fetch(uint64_t addr, bool user, uint64_t *ret)
{
    return probe(probe_fetch, addr, user, ret);
}

uint64_t test_pdpt[512] __attribute__((aligned(4096)));
uint64_t test_pd[512] __attribute__((aligned(4096)));
uint64_t test_pt[512] __attribute__((aligned(4096)));
uint8_t frame4k[4096] __attribute__((aligned(4096)));

void map_test_area(void)
{
    int i;

    for (i = 0; i < 512; i++) {
        test_pdpt[i] = test_pd[i] = test_pt[i] = 0;
    }
    pml4[1] = (uint64_t)test_pdpt | TABLE;
    test_pdpt[0] = (uint64_t)test_pd | TABLE;
    test_pd[0] = (uint64_t)test_pt | TABLE;
    flush_tlb();
}

bool has_1g_pages(void)
{
    uint32_t r[4];

    cpuid(0x80000001, 0, r);
    return r[3] & (1U << 26);
}

void put_code(volatile uint8_t *p, uint8_t v) /* code: no caching */
{
    p[0] = 0xb8;        /* mov $v, %eax */
    p[1] = v;
    p[2] = p[3] = p[4] = 0;
    p[5] = 0xc3;        /* ret */
}

struct gate {
    uint16_t off0, sel;
    uint8_t ist, type;
    uint16_t off1;
    uint32_t off2, zero;
};

static struct gate idt[256] __attribute__((aligned(16)));
static uint32_t tss[26] __attribute__((aligned(16)));

static void set_gate(int n, uint64_t fn, int dpl)
{
    idt[n] = (struct gate) {
        .off0 = fn, .sel = SEL_KCODE, .type = 0x8e | (dpl << 5),
        .off1 = fn >> 16, .off2 = fn >> 32,
    };
}

static void setup_traps(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };
    uint64_t base = (uint64_t)tss;
    uint64_t rsp0 = (uint64_t)trap_stack_top;
    int i;

    for (i = 0; i < 22; i++) {
        set_gate(i, trap_stubs[i], 0);
    }
    asm volatile("lidt %0" : : "m"(idtr));

    tss[1] = rsp0;
    tss[2] = rsp0 >> 32;
    tss[25] = sizeof(tss) << 16;        /* I/O map base: none */
    gdt[SEL_TSS / 8] = (sizeof(tss) - 1) | ((base & 0xffffff) << 16) |
                       (0x89ULL << 40) | (((base >> 24) & 0xff) << 56);
    gdt[SEL_TSS / 8 + 1] = base >> 32;
    asm volatile("ltr %w0" : : "r"(SEL_TSS));
}

void guest_main(void)
{
    setup_traps();
    tests();
    finish();
}
