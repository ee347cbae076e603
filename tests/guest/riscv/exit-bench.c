/*
 * A workload for bench/ (not a test): times userspace exits with rdtime.
 * MMIO reads of a QEMU device register (the virtio-mmio magic) and SBI
 * DBCN write_byte calls (of a NUL byte), each an exit to the VMM and
 * back, in BATCHES batches of BATCH exits a kind.  The emulated host
 * the test bed runs on is noisy (its timer interrupts and translation
 * flushes land in some batches and not others), so the figure reported
 * is the median batch: "BENCH exit KIND n=0x<BATCH> ticks=0x<median>",
 * with the fastest and slowest batches beside it.  Then it checks that
 * every read saw the device and every call succeeded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define VIRTIO_MMIO_BASE    0x10001000UL
#define VIRTIO_MAGIC        0x74726976
#define BATCH               500
#ifndef BATCHES                     /* exit-countN.elf: N */
#define BATCHES             33      /* odd: the median is one batch */
#endif

static unsigned long ticks[BATCHES];
static unsigned long bad_mmio, bad_sbi;

static void batch_mmio(void)
{
    for (unsigned i = 0; i < BATCH; i++) {
        /* volatile: each read is an access to the device, an exit */
        bad_mmio += *(volatile uint32_t *)VIRTIO_MMIO_BASE != VIRTIO_MAGIC;
    }
}

static void batch_dbcn(void)
{
    for (unsigned i = 0; i < BATCH; i++) {
        bad_sbi += sbi_call(SBI_EXT_DBCN, 2, 0, 0, 0).error != 0;
    }
}

static void sort(unsigned long *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        unsigned long x = v[i];
        unsigned j = i;

        for (; j > 0 && v[j - 1] > x; j--) {
            v[j] = v[j - 1];
        }
        v[j] = x;
    }
}

static void measure(const char *kind, void (*batch)(void))
{
    for (unsigned b = 0; b < BATCHES; b++) {
        unsigned long t0 = rdtime();

        batch();
        ticks[b] = rdtime() - t0;
    }
    sort(ticks, BATCHES);
    puts_console("# BENCH exit ");
    puts_console(kind);
    puts_console(" n=");
    put_hex(BATCH);
    puts_console(" ticks=");
    put_hex(ticks[BATCHES / 2]);
    puts_console(" min=");
    put_hex(ticks[0]);
    puts_console(" max=");
    put_hex(ticks[BATCHES - 1]);
    puts_console("\n");
}

void test_main(unsigned long hartid, void *fdt)
{
    measure("mmio", batch_mmio);
    measure("dbcn", batch_dbcn);
    check("exit-bench-mmio", bad_mmio == 0, "reads missed the device",
          bad_mmio);
    check("exit-bench-dbcn", bad_sbi == 0, "write_byte failed", bad_sbi);
}
