/*
 * Bare-metal x86-64 test guests: the library they share
 *
 * Each guest is booted with -kernel (multiboot) and -append, runs in long
 * mode with the first GiB identity-mapped (2 MiB pages, user-accessible),
 * EFER.NXE set, and prints TAP to COM1: "ok N - what" or "not ok N - what",
 * then "1..N".  It leaves through isa-debug-exit (iobase 0xf4): QEMU's
 * exit status is 1 when every check passed, 3 otherwise.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define PTE_P           0x001ULL
#define PTE_W           0x002ULL
#define PTE_U           0x004ULL
#define PTE_PS          0x080ULL
#define PTE_NX          (1ULL << 63)
#define PTE_ADDR        0x000ffffffffff000ULL

/* page-fault error code bits */
#define PF_P            0x01
#define PF_W            0x02
#define PF_U            0x04
#define PF_RSVD         0x08
#define PF_ID           0x10

/* what trap() saw of the last page fault */
struct fault {
    unsigned count;
    uint64_t err;
    uint64_t cr2;
};
extern volatile struct fault last_fault;  /* written by trap() */

/* the frame trap() gets, as start.S pushes it */
struct frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vec, err;
    uint64_t rip, cs, rflags, rsp, ss;
};

extern uint64_t pml4[512], pdpt_ident[512], pd_ident[512];

/* port I/O */
static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* console and TAP */
void putc_serial(char c);
void puts_serial(const char *s);
void printf_serial(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void finish(void) __attribute__((noreturn));

/* wait until a byte comes in on COM1, and take it */
char wait_serial_input(void);

/*
 * the value of key=N (decimal, or hex with 0x) on the command line
 * (-append), or dflt
 */
uint64_t cmdline_num(const char *key, uint64_t dflt);
/* is key=word on the command line? */
bool cmdline_is(const char *key, const char *word);

void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]);
void flush_tlb(void);

/*
 * The probes: one read, write or instruction fetch at addr, in ring 0
 * or (user) ring 3.  They return true when the access faulted, with
 * last_fault telling how.  The fetch calls addr; *ret gets what the
 * code there left in rax.
 */
bool try_read(uint64_t addr, bool user);
bool try_write(uint64_t addr, bool user);
bool try_fetch(uint64_t addr, bool user, uint64_t *ret);

/*
 * The test area: 512 GiB up, through pml4[1], test_pdpt, test_pd and
 * test_pt.  TEST_4K is mapped by test_pt[0], TEST_2M by test_pd[1],
 * TEST_1G by test_pdpt[1]; map_test_area() links the tables and leaves
 * the leaves empty.
 */
#define TEST_VA         0x8000000000ULL
#define TEST_4K         TEST_VA
#define TEST_2M         (TEST_VA + 0x200000)
#define TEST_1G         (TEST_VA + 0x40000000)
#define TABLE           (PTE_P | PTE_W | PTE_U)
extern uint64_t test_pdpt[512], test_pd[512], test_pt[512];
void map_test_area(void);
/* CPUID 0x80000001 EDX bit 26: 1 GiB pages */
bool has_1g_pages(void);

/* a 4 KiB frame and a 2 MiB one (at 8 MiB) to map */
extern uint8_t frame4k[4096];
#define FRAME_2M        0x800000ULL
/* put "mov $v, %eax; ret" at p */
void put_code(volatile uint8_t *p, uint8_t v); /* code: no caching */

/* each program's own checks; guest.c does the set-up and the exit */
void tests(void);

#endif
