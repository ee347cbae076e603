/*
 * A workload for bench/ (not a test): times userspace exits with rdtime.
 * N MMIO reads of a QEMU device register (the virtio-mmio magic) and N
 * SBI DBCN write_byte calls (of a NUL byte), each an exit to the VMM and
 * back.  Prints "BENCH exit KIND n=0x... ticks=0x..." a kind, then
 * checks that every read saw the device.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define VIRTIO_MMIO_BASE    0x10001000UL
#define VIRTIO_MAGIC        0x74726976
#define N                   4000

static void report(const char *kind, unsigned long ticks)
{
    puts_dbcn("BENCH exit ");
    puts_dbcn(kind);
    puts_dbcn(" n=");
    put_hex(N);
    puts_dbcn(" ticks=");
    put_hex(ticks);
    puts_dbcn("\n");
}

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long t0, t1;
    unsigned i, good = 0;
    long bad_sbi = 0;

    t0 = rdtime();
    for (i = 0; i < N; i++) {
        good += *(volatile uint32_t *)VIRTIO_MMIO_BASE == VIRTIO_MAGIC;
    }
    t1 = rdtime();
    report("mmio", t1 - t0);

    t0 = rdtime();
    for (i = 0; i < N; i++) {
        bad_sbi += sbi_call(SBI_EXT_DBCN, 2, 0, 0, 0).error != 0;
    }
    t1 = rdtime();
    report("dbcn", t1 - t0);

    check("exit-bench-mmio", good == N, "reads missed the device", good);
    check("exit-bench-dbcn", bad_sbi == 0, "write_byte failed", bad_sbi);
}
