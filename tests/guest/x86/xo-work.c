/*
 * A workload for bench/ (not a test): calls code in 256 pages and reads
 * data in 256 more, flushing the TLB each round, so that every access
 * walks the page tables.  iters=N rounds; xo=1 maps the code pages
 * execute-only (needs -cpu ...,+xo), else ordinarily.  Prints a checksum
 * so that the work cannot be skipped, and exits 0 (status 1) when the
 * code ran as often as it should.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "guest.h"

#define PAGES           256
#define FRAMES          0x1000000ULL    /* 16 MiB: PAGES frames from here */

void tests(void)
{
    uint64_t iters = cmdline_num("iters", 1000);
    bool xo = cmdline_num("xo", 0);
    uint64_t xo_bit = 0, sum = 0, calls = 0, it;
    uint32_t r[4];
    int i;

    if (xo) {
        cpuid(0x80000008, 0, r);
        xo_bit = 1ULL << (r[0] & 0xff);
    }
    map_test_area();
    for (i = 0; i < PAGES; i++) {
        uint64_t frame = FRAMES + i * 4096ULL;

        put_code((volatile uint8_t *)frame, i & 0x7f); /* identity-mapped */
        test_pt[i] = frame | TABLE | xo_bit;            /* code */
        test_pt[PAGES + i] = frame | TABLE;             /* data */
    }
    flush_tlb();
    for (it = 0; it < iters; it++) {
        flush_tlb();
        for (i = 0; i < PAGES; i++) {
            uint64_t ret;

            if (!try_fetch(TEST_4K + i * 4096ULL, false, &ret)) {
                sum += ret;
                calls++;
            }
            /* volatile: each page must really be read */
            sum += *(volatile uint32_t *)(TEST_4K + (PAGES + i) * 4096ULL);
        }
    }
    printf_serial("# checksum 0x%lx\n", sum);
    check(calls == iters * PAGES, "%lu calls through %s mappings", calls,
          xo ? "execute-only" : "ordinary");
}
