/*
 * XO's alias layout under KVM (run-xo-kvm.py, with xo-kvm-shim.so
 * standing in for a kernel with KVM XO): the guest finds its memory also
 * at gpa | (1 << M), with the same contents, through a page-table entry
 * with bit M set.  Without the kernel's part nothing is execute-only:
 * these checks are about where the memory is, not about permissions.
 * Where KVM itself takes bit M for reserved they are skipped.
 *
 * After its first checks the guest takes commands on COM1, one byte each,
 * and prints "# ready" when it waits for the next:
 *   r   check low memory again (after a migration, say)
 *   d   check the DIMM at dimm=ADDR both ways
 *   e   eject DIMM slot 0 through the ACPI memory hot-plug registers
 *   b   check ivshmem's BAR 2 both ways, wherever it is now
 *   m   move ivshmem's BAR 2 to bar=ADDR
 *   q   finish
 * maxphy=N is the MAXPHYADDR it must see.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define XO_LEAF         0x40000030
#define ALIAS_VA        (TEST_4K + 0x1000)

#define MEM_HOTPLUG     0xa00           /* docs/specs/acpi_mem_hotplug.rst */
#define MEM_SELECTOR    (MEM_HOTPLUG + 0x0)
#define MEM_CONTROL     (MEM_HOTPLUG + 0x14)
#define MEM_EJECT       (1 << 3)

#define PCI_ADDR        0xcf8
#define PCI_DATA        0xcfc
#define IVSHMEM_ID      0x11101af4      /* device 0x1110, vendor 0x1af4 */
#define PCI_COMMAND     0x04
#define PCI_CMD_MEM     0x2
#define PCI_BAR2        0x18

static uint64_t xo_bit;

/* map the frame at pa at TEST_4K and its alias at ALIAS_VA */
static void map_both(uint64_t pa)
{
    map_test_area();
    test_pt[0] = pa | TABLE;
    test_pt[1] = pa | xo_bit | TABLE;
    flush_tlb();
}

/* the same contents both ways, and code written one way runs the other */
static void check_alias(const char *what, uint64_t pa, bool code)
{
    /* volatile: each access must reach memory through its mapping */
    volatile uint64_t *plain = (volatile uint64_t *)TEST_4K;
    volatile uint64_t *alias = (volatile uint64_t *)ALIAS_VA; /* same */
    uint64_t pattern = 0x5a0000000000005aULL ^ pa;
    uint64_t got = 0, ret = 0;
    bool faulted;

    map_both(pa);
    plain[8] = pattern;
    faulted = try_read(ALIAS_VA + 64, false);
    if (faulted && (last_fault.err & PF_RSVD)) {
        /*
         * A KVM that walks the guest's page tables itself (shadow paging)
         * takes bit M for a reserved bit, as the guest's MAXPHYADDR says;
         * letting it through is the part of a kernel with XO that no
         * shim can play.
         */
        check(true, "%s at 0x%lx through its alias # SKIP this KVM takes "
              "bit M for reserved (error code 0x%lx)", what, pa,
              last_fault.err);
        map_test_area();
        return;
    }
    got = alias[8];
    check(!faulted && got == pattern, "%s at 0x%lx: its alias at 0x%lx "
          "reads what was written (0x%lx, want 0x%lx)", what, pa,
          pa | xo_bit, got, pattern);
    alias[9] = ~pattern;
    check(plain[9] == ~pattern, "%s at 0x%lx: a write through the alias "
          "shows at the address (no XO permission without the kernel's)",
          what, pa);
    if (code) {
        put_code((volatile uint8_t *)TEST_4K, 0x3c); /* as above */
        faulted = try_fetch(ALIAS_VA, false, &ret);
        check(!faulted && ret == 0x3c, "%s at 0x%lx: code written at the "
              "address runs at its alias (got 0x%lx)", what, pa, ret);
    }
    map_test_area();
}

static void check_low_memory(void)
{
    check_alias("low RAM", (uint64_t)frame4k, true);
    check_alias("RAM at 8 MiB", FRAME_2M, true);
}

static uint32_t pci_read(unsigned dev, unsigned reg)
{
    outl(PCI_ADDR, 0x80000000 | dev << 11 | reg);
    return inl(PCI_DATA);
}

static void pci_write(unsigned dev, unsigned reg, uint32_t v)
{
    outl(PCI_ADDR, 0x80000000 | dev << 11 | reg);
    outl(PCI_DATA, v);
}

/* ivshmem's slot on bus 0, or -1 */
static int find_ivshmem(void)
{
    unsigned dev;

    for (dev = 0; dev < 32; dev++) {
        if (pci_read(dev, 0) == IVSHMEM_ID) {
            return dev;
        }
    }
    return -1;
}

static uint64_t bar2(unsigned dev)
{
    return ((uint64_t)pci_read(dev, PCI_BAR2 + 4) << 32) |
           (pci_read(dev, PCI_BAR2) & ~0xfULL);
}

static void check_bar(void)
{
    int dev = find_ivshmem();

    check(dev >= 0, "an ivshmem device is on bus 0");
    if (dev < 0) {
        return;
    }
    pci_write(dev, PCI_COMMAND, pci_read(dev, PCI_COMMAND) | PCI_CMD_MEM);
    printf_serial("# ivshmem BAR 2 at 0x%lx\n", bar2(dev));
    check_alias("ivshmem's BAR 2", bar2(dev), false);
}

static void move_bar(uint64_t to)
{
    int dev = find_ivshmem();
    uint32_t low;

    if (dev < 0) {
        check(false, "an ivshmem device is on bus 0");
        return;
    }
    low = pci_read(dev, PCI_BAR2) & 0xf;
    pci_write(dev, PCI_BAR2, (uint32_t)to | low);
    pci_write(dev, PCI_BAR2 + 4, to >> 32);
    check(bar2(dev) == to, "ivshmem's BAR 2 moved to 0x%lx (reads 0x%lx)",
          to, bar2(dev));
}

void tests(void)
{
    uint64_t want_maxphy = cmdline_num("maxphy", 0);
    uint32_t r[4];
    unsigned m;

    cpuid(0x40000000, 0, r);
    check(r[0] >= XO_LEAF, "CPUID 0x40000000 EAX 0x%x covers leaf 0x%x",
          r[0], XO_LEAF);
    cpuid(XO_LEAF, 0, r);
    check(r[0] & 1, "CPUID 0x%x EAX bit 0 is set (EAX 0x%x)", XO_LEAF, r[0]);
    cpuid(0x80000008, 0, r);
    m = r[0] & 0xff;
    check(!want_maxphy || m == want_maxphy, "MAXPHYADDR is %u (want %lu)",
          m, want_maxphy);
    xo_bit = 1ULL << m;
    check_low_memory();

    for (;;) {
        char c;

        printf_serial("# ready\n");
        c = wait_serial_input();
        switch (c) {
        case 'r':
            check_low_memory();
            break;
        case 'd':
            check_alias("the DIMM", cmdline_num("dimm", 0), true);
            break;
        case 'e':
            outl(MEM_SELECTOR, 0);
            outb(MEM_CONTROL, MEM_EJECT);
            printf_serial("# ejected DIMM slot 0\n");
            break;
        case 'b':
            check_bar();
            break;
        case 'm':
            move_bar(cmdline_num("bar", 0));
            break;
        case 'q':
            return;
        }
    }
}
