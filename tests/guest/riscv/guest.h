/*
 * Bare-metal S-mode test programs for RISC-V guests under KVM
 *
 * Each program is booted with -kernel (the boot hart enters _start with
 * a0 = hart id, a1 = device tree, MMU off) and prints TAP as the x86
 * guests of tests/guest/x86 do: one line per check, "ok N - <name>" or
 * "not ok N - <name>: <why> (got X)", comments as "# ...", then the plan
 * "1..N" once it has run to its end (an unexpected trap stops it with
 * "Bail out!" and no plan); then it powers the machine off through SBI
 * SRST.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define SBI_EXT_BASE    0x10
#define SBI_EXT_TIME    0x54494D45
#define SBI_EXT_IPI     0x735049
#define SBI_EXT_RFENCE  0x52464E43
#define SBI_EXT_HSM     0x48534D
#define SBI_EXT_SRST    0x53525354
#define SBI_EXT_DBCN    0x4442434E
#define SBI_EXT_SUSP    0x53555350
#define SBI_EXT_LEGACY_PUTCHAR  0x01
#define SBI_EXT_LEGACY_GETCHAR  0x02

#define SBI_ERR_NOT_SUPPORTED   (-2)
#define SBI_ERR_INVALID_PARAM   (-3)
#define SBI_ERR_DENIED          (-4)
#define SBI_ERR_INVALID_ADDRESS (-5)

#define HSM_STARTED     0
#define HSM_STOPPED     1
#define HSM_SUSPENDED   4

#define MAX_HARTS       8

struct sbiret {
    long error;
    long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid,
                       unsigned long a0, unsigned long a1, unsigned long a2);

bool sbi_has(unsigned long ext);
void puts_console(const char *s);     /* DBCN, else legacy putchar */
void put_hex(unsigned long v);
void check(const char *name, bool ok, const char *why, long got);
void done(void);                        /* prints the plan, powers off */
void skip_all(const char *why);         /* "1..0 # SKIP why", powers off */
bool wait_for_migration(void);          /* see guest-migrate.sh */
void shutdown(void);

/* secondary harts started through HSM run this with their opaque value */
typedef void (*hart_fn)(unsigned long hartid, unsigned long opaque);
long start_hart(unsigned long hartid, hart_fn fn, unsigned long opaque);
/* SBI HSM: a hart's status (HSM_*), or an SBI error */
long hart_status(unsigned long hartid);
/* SBI HSM hart_stop of the calling hart: no return */
void stop_hart(void);
/* wait (at most about 5 s of time) until a hart is stopped: its status */
long wait_hart_stopped(unsigned long hartid);
/* SBI system suspend; the hart wakes up in fn (returns only on error) */
long system_suspend(unsigned long hartid, hart_fn fn, unsigned long opaque);

/* MMIO: 32-bit device registers */
uint32_t read32(unsigned long addr);
void write32(unsigned long addr, uint32_t v);

/* the virt board's goldfish RTC: registers, and its time (nanoseconds) */
#define RTC_BASE            0x101000UL
#define RTC_TIME_LOW        0x00        /* reading it latches TIME_HIGH */
#define RTC_TIME_HIGH       0x04
#define RTC_ALARM_LOW       0x08        /* writing it starts the alarm */
#define RTC_ALARM_HIGH      0x0c
#define RTC_IRQ_ENABLED     0x10
#define RTC_ALARM_STATUS    0x18
#define RTC_CLEAR_INTERRUPT 0x1c
uint64_t rtc_now(void);

/* trap handling: interrupts go to this handler (scause in cause) */
typedef void (*irq_fn)(unsigned long cause);
void set_irq_handler(irq_fn fn);
/* exceptions go to this one; it returns false for "unexpected" */
typedef bool (*exc_fn)(unsigned long cause);
void set_exc_handler(exc_fn fn);

static inline unsigned long rdtime(void)
{
    unsigned long t;

    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

#define csr_read(csr) ({ unsigned long __v; \
    __asm__ volatile("csrr %0, " #csr : "=r"(__v)); __v; })
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" :: "r"(v))
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" :: "r"(v))
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "r"(v))

/* start.S and guest.c: the entry points and the trap handler */
void secondary_entry(void);
void boot_main(unsigned long hartid, void *fdt);
void secondary_main(unsigned long hartid, unsigned long opaque);
void trap_main(unsigned long cause);

/* every program defines this; it runs on the boot hart */
void test_main(unsigned long hartid, void *fdt);

#endif
