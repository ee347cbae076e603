/*
 * Execute-only guest memory (the "xo" CPU feature): with xo=1 on the
 * command line the guest expects XO, with xo=0 it expects none;
 * maxphy=N is the MAXPHYADDR it must see; wait=1 makes it wait for a
 * byte on COM1 before it maps anything (run.py migrates it then).
 *
 * With XO, bit M (M = MAXPHYADDR) of a leaf entry maps the frame for
 * instruction fetch only: reads fault with P=1, writes with P=1 W=1,
 * fetches run the frame's code.  In an entry that is not a leaf bit M
 * stays reserved.  Without XO, bit M is reserved everywhere.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define XO_LEAF         0x40000030

struct size {
    const char *name;
    uint64_t *entry;
    uint64_t va;
    uint64_t base;          /* the physical address the leaf maps */
    uint64_t offset;        /* where the code is, from there */
    uint64_t flags;
};

static uint64_t xo_bit;

static void map(const struct size *s, uint64_t extra)
{
    map_test_area();
    *s->entry = s->base | s->flags | extra;
    flush_tlb();
}

/* the address of the code through the mapping */
static uint64_t at(const struct size *s)
{
    return s->va + s->offset;
}

static void expect_fault(const char *what, bool faulted, uint64_t want)
{
    uint64_t got = faulted ? last_fault.err : 0;

    check(faulted && got == want, "%s: error code 0x%lx (want 0x%lx)%s",
          what, got, want, faulted ? "" : ", no fault");
}

static void check_size(const struct size *s, bool xo)
{
    uint64_t pa = s->base + s->offset;
    volatile uint8_t *code = (volatile uint8_t *)pa; /* probed behind C */
    uint64_t ret = 0;
    int user;

    put_code(code, 0x2a);
    map(s, xo_bit);
    for (user = 0; user < 2; user++) {
        uint64_t u = user ? PF_U : 0;
        const char *who = user ? "user" : "supervisor";

        if (xo) {
            bool faulted = try_fetch(at(s), user, &ret);

            printf_serial("# %s XO mapping, %s\n", s->name, who);
            check(!faulted && ret == 0x2a,
                  "%s XO fetch by %s runs the frame's code (got 0x%lx)",
                  s->name, who, ret);
            expect_fault("XO read", try_read(at(s), user), PF_P | u);
            expect_fault("XO write", try_write(at(s), user),
                         PF_P | PF_W | u);
            check(code[0] == 0xb8, "the refused write left memory alone");
        } else {
            printf_serial("# %s with bit M, no XO, %s\n", s->name, who);
            expect_fault("read", try_read(at(s), user), PF_P | PF_RSVD | u);
            expect_fault("write", try_write(at(s), user),
                         PF_P | PF_RSVD | PF_W | u);
            expect_fault("fetch", try_fetch(at(s), user, &ret),
                         PF_P | PF_RSVD | PF_ID | u);
        }
    }
    if (!xo) {
        return;
    }
    /* new code written through the identity map runs through the alias */
    put_code(code, 0x2b);
    check(!try_fetch(at(s), false, &ret) && ret == 0x2b,
          "%s XO fetch sees code written through the identity map", s->name);
    /* XO with NX: nothing at all */
    map(s, xo_bit | PTE_NX);
    expect_fault("XO+NX fetch", try_fetch(at(s), false, &ret),
                 PF_P | PF_ID);
    /* the frame without the XO bit: an ordinary mapping */
    map(s, 0);
    check(!try_read(at(s), true) && !try_write(at(s), false) &&
          code[0] == 0x5a, "%s mapping without bit M reads and writes",
          s->name);
}

void tests(void)
{
    bool xo = cmdline_num("xo", 0);
    uint64_t want_maxphy = cmdline_num("maxphy", 0);
    struct size sizes[] = {
        { "4 KiB", &test_pt[0], TEST_4K, (uint64_t)frame4k, 0, TABLE },
        { "2 MiB", &test_pd[1], TEST_2M, FRAME_2M, 0, TABLE | PTE_PS },
        { "1 GiB", &test_pdpt[1], TEST_1G, 0, (uint64_t)frame4k,
          TABLE | PTE_PS },
    };
    uint32_t r[4];
    bool has_leaf;
    unsigned i, m;

    cpuid(0x40000000, 0, r);
    has_leaf = r[0] >= XO_LEAF;
    if (xo) {
        check(has_leaf, "CPUID 0x40000000 EAX 0x%x covers leaf 0x%x", r[0],
              XO_LEAF);
    }
    cpuid(XO_LEAF, 0, r);
    if (!has_leaf) {
        r[0] = 0;
    }
    check((r[0] & 1) == xo, "CPUID 0x%x EAX bit 0 is %d (EAX 0x%x)",
          XO_LEAF, xo, r[0]);

    cpuid(0x80000008, 0, r);
    m = r[0] & 0xff;
    if (want_maxphy) {
        check(m == want_maxphy, "MAXPHYADDR is %u (want %lu)", m,
              want_maxphy);
    }
    xo_bit = 1ULL << m;

    if (cmdline_num("wait", 0)) {
        /* run.py migrates the guest here, then sends a byte */
        printf_serial("# waiting for a byte on COM1\n");
        wait_serial_input();
        printf_serial("# going on\n");
    }

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (sizes[i].entry == &test_pdpt[1] && !has_1g_pages()) {
            printf_serial("# no 1 GiB pages: not checked\n");
            continue;
        }
        check_size(&sizes[i], xo);
    }

    if (xo) {
        /* bit M in an entry that is not a leaf is reserved */
        struct {
            const char *name;
            uint64_t *entry;
        } tables[] = {
            { "PML4E", &pml4[1] },
            { "PDPTE", &test_pdpt[0] },
            { "PDE", &test_pd[0] },
        };
        int user;

        for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
            for (user = 0; user < 2; user++) {
                map(&sizes[0], 0);
                *tables[i].entry |= xo_bit;
                flush_tlb();
                printf_serial("# bit M in a %s that points to a table, %s\n",
                              tables[i].name, user ? "user" : "supervisor");
                expect_fault("read", try_read(TEST_4K, user),
                             PF_P | PF_RSVD | (user ? PF_U : 0));
            }
        }
    }
    map_test_area();
}
