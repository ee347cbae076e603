/*
 * Reserved-bit page faults: a present paging-structure entry with a
 * reserved bit set faults with P=1 and RSVD=1, and W/R, U/S and I/D as
 * for any page fault (SDM vol. 3A, 4.7).  Bit 51 is used: it is above
 * every MAXPHYADDR this runs with, so it is reserved at every level.
 * The same codes must come out under TCG and KVM; each check prints the
 * code it got so that the two runs can be compared line by line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define RSVD_BIT        (1ULL << 51)

struct level {
    const char *name;
    uint64_t *entry;
    uint64_t va;
    bool is_1g;
};

static const struct level levels[] = {
    { "PML4E", &pml4[1], TEST_4K },
    { "PDPTE", &test_pdpt[0], TEST_4K },
    { "PDE", &test_pd[0], TEST_4K },
    { "PTE (4 KiB)", &test_pt[0], TEST_4K },
    { "PDE (2 MiB page)", &test_pd[1], TEST_2M },
    { "PDPTE (1 GiB page)", &test_pdpt[1], TEST_1G, true },
};

static void map_all(void)
{
    map_test_area();
    test_pt[0] = (uint64_t)frame4k | TABLE;
    test_pd[1] = FRAME_2M | TABLE | PTE_PS;
    if (has_1g_pages()) {
        test_pdpt[1] = TABLE | PTE_PS;   /* frame 0: the identity GiB */
    }
    flush_tlb();
}

/* the address in each mapping where code and data are */
static uint64_t target(const struct level *l)
{
    return l->is_1g ? l->va + (uint64_t)frame4k : l->va;
}

static void expect(const char *what, const char *access, bool user,
                   bool faulted, uint64_t want)
{
    uint64_t got = faulted ? last_fault.err : 0;

    check(faulted && got == want, "%s %s %s: error code 0x%lx%s", what,
          access, user ? "user" : "supervisor", got,
          faulted ? "" : " (no fault)");
}

static void probe_all(const char *what, uint64_t va, uint64_t bits)
{
    int user;

    for (user = 0; user < 2; user++) {
        uint64_t u = user ? PF_U : 0;
        uint64_t ret;

        expect(what, "read", user, try_read(va, user), bits | u);
        expect(what, "write", user, try_write(va, user), bits | PF_W | u);
        expect(what, "fetch", user, try_fetch(va, user, &ret),
               bits | PF_ID | u);
    }
}

void tests(void)
{
    unsigned i;
    uint64_t ret;

    put_code(frame4k, 0x2a);
    put_code((volatile uint8_t *)FRAME_2M, 0x2b); /* identity-mapped */

    /* the mappings work before anything is reserved */
    map_all();
    for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        const struct level *l = &levels[i];

        if (l->is_1g && !has_1g_pages()) {
            continue;
        }
        check(!try_fetch(target(l), false, &ret) &&
              ret == (l->va == TEST_2M ? 0x2b : 0x2a) &&
              !try_read(target(l), true),
              "%s mapping: fetch runs the code, user read works", l->name);
    }

    /* not present: P=0, RSVD=0 */
    map_all();
    test_pt[0] = RSVD_BIT;
    flush_tlb();
    probe_all("not present PTE (reserved bit ignored)", TEST_4K, 0);

    for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        const struct level *l = &levels[i];

        if (l->is_1g && !has_1g_pages()) {
            printf_serial("# no 1 GiB pages: %s not checked\n", l->name);
            continue;
        }
        map_all();
        *l->entry |= RSVD_BIT;
        flush_tlb();
        probe_all(l->name, target(l), PF_P | PF_RSVD);
    }
    map_all();
}
