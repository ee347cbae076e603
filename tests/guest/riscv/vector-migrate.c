/*
 * Live values in all 32 vector registers (and vl, vtype) survive a
 * migration: the program fills v0-v31 with a pattern of its own, waits
 * while testbed/tests/guest-migrate.sh migrates the VM, then stores them
 * and compares, without any vector instruction in between.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define SSTATUS_VS_INITIAL  (1UL << 9)
#define MAX_VLENB           256     /* bytes: up to VLEN 2048 */

/* v0-v31, one after the other: register r at r * vlenb bytes */
static uint64_t pattern[32 * MAX_VLENB / 8];
static uint64_t after[32 * MAX_VLENB / 8];

/* v0-v31 from/to memory, eight registers per whole-register access */
static void vectors_load(void *p, unsigned long vlenb)
{
    __asm__ volatile(".option push\n.option arch, +v\n"
                     "vl8re64.v v0, (%0)\n"
                     "add t0, %0, %1\n"
                     "vl8re64.v v8, (t0)\n"
                     "add t0, t0, %1\n"
                     "vl8re64.v v16, (t0)\n"
                     "add t0, t0, %1\n"
                     "vl8re64.v v24, (t0)\n"
                     ".option pop\n"
                     : : "r"(p), "r"(8 * vlenb) : "t0", "memory");
}

static void vectors_store(void *p, unsigned long vlenb)
{
    __asm__ volatile(".option push\n.option arch, +v\n"
                     "vs8r.v v0, (%0)\n"
                     "add t0, %0, %1\n"
                     "vs8r.v v8, (t0)\n"
                     "add t0, t0, %1\n"
                     "vs8r.v v16, (t0)\n"
                     "add t0, t0, %1\n"
                     "vs8r.v v24, (t0)\n"
                     ".option pop\n"
                     : : "r"(p), "r"(8 * vlenb) : "t0", "memory");
}

void test_main(unsigned long hartid, void *fdt)
{
    unsigned long vlenb, vl, vtype, vl_after, vtype_after, bad = 0;

    /* sstatus.VS is read-only zero on a hart without V */
    csr_set(sstatus, SSTATUS_VS_INITIAL);
    if (!(csr_read(sstatus) & (3UL << 9))) {
        skip_all("the hart has no V (sstatus.VS stays off)");
    }
    vlenb = csr_read(0xc22);
    check("vlenb-fits", vlenb && vlenb <= MAX_VLENB, "vlenb", vlenb);
    puts_console("# vlenb ");
    put_hex(vlenb);
    puts_console("\n");
    if (!vlenb || vlenb > MAX_VLENB) {
        return;
    }
    for (unsigned i = 0; i < 32 * vlenb / 8; i++) {
        pattern[i] = 0x1000000000000001ULL * (i % 15 + 1) + 0x10001ULL * i;
    }
    /* vl and vtype too: e32, m2, tail and mask agnostic, vl = 5 */
    __asm__ volatile(".option push\n.option arch, +v\n"
                     "vsetivli %0, 5, e32, m2, ta, ma\n"
                     ".option pop\n" : "=r"(vl));
    vtype = csr_read(0xc21);
    vectors_load(pattern, vlenb);
    check("vector-migrated", wait_for_migration(),
          "no sign of the migration's destination", 0);
    vl_after = csr_read(0xc20);
    vtype_after = csr_read(0xc21);
    vectors_store(after, vlenb);
    check("vl-kept", vl_after == vl, "vl", vl_after);
    check("vtype-kept", vtype_after == vtype, "vtype", vtype_after);
    for (unsigned i = 0; i < 32 * vlenb / 8; i++) {
        bad += after[i] != pattern[i];
    }
    check("v0-v31-kept", bad == 0, "64-bit elements that differ", bad);
}
